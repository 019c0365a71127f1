"""ZIP archives (game builds, EPUB containers) are judged from their central directory."""

from __future__ import annotations

import io
import stat
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from media.kinds import MediaKind
from media.safety import MediaFacts, Rejected, SafetyLimits, inspect_file
from media.safety.archives import check_zip, unsafe_name_reason

MIB = 1024 * 1024


def build_zip(files: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def raw_zip(
    entries: list[tuple[bytes, bytes]],
    *,
    flags: int = 0,
    external_attr: int = 0,
    same_offset: bool = False,
    declared_entries: int | None = None,
) -> bytes:
    """A stored-only ZIP written by hand, for what `zipfile` refuses to write."""
    out = bytearray()
    central = bytearray()
    for name, data in entries:
        offset = 0 if same_offset else len(out)
        crc = zlib.crc32(data)
        if not same_offset or not out:
            out += struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                flags,
                0,
                0,
                0x21,
                crc,
                len(data),
                len(data),
                len(name),
                0,
            )
            out += name + data
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            (3 << 8) | 20,
            20,
            flags,
            0,
            0,
            0x21,
            crc,
            len(data),
            len(data),
            len(name),
            0,
            0,
            0,
            0,
            external_attr,
            offset,
        )
        central += name
    count = len(entries) if declared_entries is None else declared_entries
    eocd = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + eocd)


def outcome(path: Path, kind: MediaKind) -> MediaFacts | Rejected:
    """The gate's answer, whichever it is: facts or a refusal (never another exception)."""
    try:
        return inspect_file(path, kind)
    except Rejected as rejected:
        return rejected


def write(tmp_path: Path, data: bytes, name: str = "build.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rejected_code(path: Path, kind: MediaKind = MediaKind.GAME, **limits: int | float) -> str:
    with pytest.raises(Rejected) as caught:
        inspect_file(path, kind, SafetyLimits(**limits))  # type: ignore[arg-type]
    return caught.value.code


def test_a_game_build_is_accepted(tmp_path: Path) -> None:
    data = build_zip({"game/index.html": b"<html></html>", "game/assets/": b"", "game/a.js": b"1"})
    facts = inspect_file(write(tmp_path, data, "my game.bin"), MediaKind.GAME)
    assert (facts.kind, facts.format_name, facts.mime_type) == (
        MediaKind.GAME,
        "zip",
        "application/zip",
    )
    assert facts.size_bytes == len(data)


@pytest.mark.parametrize(
    "name",
    [
        "../evil.sh",
        "game/../../etc/cron.d/x",
        "/etc/passwd",
        "C:/Windows/evil.dll",
        "game\\..\\evil.dll",
        "game/\x01bell",
        "game/cover\u202egpj.exe",
        "game/\u2066isolate",
    ],
)
def test_unsafe_entry_names_are_refused(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, build_zip({"ok.txt": b"ok", name: b"x"}))
    assert rejected_code(path) == "archive_unsafe_path"


def test_a_nul_in_an_entry_name_is_refused(tmp_path: Path) -> None:
    # zipfile silently cuts names at NUL, so the archive is written by hand.
    path = write(tmp_path, raw_zip([(b"readme.txt\x00.exe", b"hi")]))
    with pytest.raises(Rejected) as caught:
        inspect_file(path, MediaKind.GAME)
    assert caught.value.code == "archive_unsafe_path"
    assert "\\x00" in caught.value.message


def test_symlinks_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, raw_zip([(b"link", b"/etc/passwd")], external_attr=0o120777 << 16))
    assert rejected_code(path) == "archive_unsafe_path"


def test_device_files_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, raw_zip([(b"dev", b"")], external_attr=(stat.S_IFCHR | 0o666) << 16))
    assert rejected_code(path) == "archive_unsafe_path"


def test_regular_unix_modes_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path, raw_zip([(b"run.sh", b"echo")], external_attr=0o100755 << 16))
    assert inspect_file(path, MediaKind.GAME).format_name == "zip"


def test_duplicate_names_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, raw_zip([(b"a.txt", b"1"), (b"a.txt", b"2")]))
    assert rejected_code(path) == "archive_unsafe_path"


def test_encrypted_archives_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, raw_zip([(b"secret.bin", b"x" * 20)], flags=0x1))
    assert rejected_code(path) == "archive_encrypted"


def test_a_zip_bomb_of_zeros_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w") as entry,
    ):
        for _ in range(20):
            entry.write(bytes(MIB))
    path = write(tmp_path, buffer.getvalue())
    assert path.stat().st_size < 100_000  # 20 MB of zeros squeeze into ~20 KB
    with pytest.raises(Rejected) as caught:
        inspect_file(path, MediaKind.GAME)
    assert caught.value.code == "archive_bomb"
    assert caught.value.http_status == 413


def test_total_uncompressed_size_is_limited(tmp_path: Path) -> None:
    path = write(tmp_path, build_zip({"a.bin": bytes(range(256)) * 8, "b.bin": b"x"}))
    assert rejected_code(path, zip_max_total_bytes=1000) == "archive_bomb"


def test_overlapping_entries_are_a_bomb(tmp_path: Path) -> None:
    # Two directory records pointing at the same data: the non-recursive ZIP bomb pattern.
    path = write(tmp_path, raw_zip([(b"a", b"x" * 100), (b"b", b"x" * 100)], same_offset=True))
    assert rejected_code(path) == "archive_bomb"


def test_too_many_entries(tmp_path: Path) -> None:
    path = write(tmp_path, build_zip({f"f{i}.txt": b"x" for i in range(11)}))
    with pytest.raises(Rejected) as caught:
        inspect_file(path, MediaKind.GAME, SafetyLimits(zip_max_entries=10))
    assert caught.value.code == "archive_too_many_entries"
    assert caught.value.http_status == 413
    assert inspect_file(path, MediaKind.GAME, SafetyLimits(zip_max_entries=11))


def test_entries_are_counted_even_when_the_end_record_lies(tmp_path: Path) -> None:
    entries = [(f"f{i}".encode(), b"x") for i in range(11)]
    path = write(tmp_path, raw_zip(entries, declared_entries=1))
    assert rejected_code(path, zip_max_entries=10) == "archive_too_many_entries"


def test_an_empty_archive_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, build_zip({}))
    assert rejected_code(path) == "empty_file"


def test_a_truncated_archive_is_corrupt(tmp_path: Path) -> None:
    data = build_zip({f"f{i}.txt": bytes(range(256)) * 20 for i in range(10)})
    path = write(tmp_path, data[: len(data) // 2])
    assert rejected_code(path) == "corrupt_media"


def test_names_of_a_healthy_archive() -> None:
    assert unsafe_name_reason("game/data/level..1.bin") is None
    assert unsafe_name_reason("jeu/kréyòl/çà.txt") is None
    assert unsafe_name_reason("..") is not None


def test_check_zip_summary(tmp_path: Path) -> None:
    path = write(tmp_path, build_zip({"a.txt": b"abc", "b/": b""}))
    summary = check_zip(path, path.stat().st_size, SafetyLimits())
    assert summary.entries == 2
    assert summary.total_uncompressed_bytes == 3
    assert summary.names == frozenset({"a.txt", "b/"})
    assert not summary.epub_mimetype_first


@settings(max_examples=80, deadline=None)
@given(tail=st.binary(max_size=300))
def test_random_archives_never_crash_the_gate(tail: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "build"
        path.write_bytes(b"PK\x03\x04" + tail)
        with pytest.raises(Rejected):
            inspect_file(path, MediaKind.GAME)


@settings(max_examples=40, deadline=None)
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
def test_damaged_archives_never_crash_the_gate(position: int, value: int) -> None:
    data = bytearray(build_zip({"a.txt": b"hello " * 50, "b/c.txt": "kréyòl".encode() * 30}))
    data[position % len(data)] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "build"
        path.write_bytes(bytes(data))
        result = outcome(path, MediaKind.GAME)
    if isinstance(result, Rejected):
        assert result.http_status in (413, 415, 422)
    else:
        assert result.format_name == "zip"
