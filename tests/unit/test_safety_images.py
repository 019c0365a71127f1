"""Image dimensions come from headers only: bombs are refused before any pixel is decoded."""

from __future__ import annotations

import struct
import tempfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from media.kinds import MediaKind
from media.safety import MediaFacts, Rejected, SafetyLimits, inspect_file
from media.safety.images import ImageSize, check_image_size, read_image_size

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_header(width: int, height: int, *, crc_ok: bool = True) -> bytes:
    """Signature and IHDR only: a 30000x30000 PNG costs 33 bytes, no pixels are allocated."""
    body = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    crc = zlib.crc32(body) ^ (0 if crc_ok else 1)
    return PNG_SIGNATURE + struct.pack(">I", 13) + body + struct.pack(">I", crc)


def jpeg_header(width: int, height: int, *, app_payload: bytes = b"JFIF\x00") -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", len(app_payload) + 2) + app_payload
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + b"\xff\xff" + sof0 + b"\xff\xda\x00\x08" + bytes(6)


def webp_vp8x(width: int, height: int) -> bytes:
    chunk = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00"
    chunk += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def webp_vp8l(width: int, height: int) -> bytes:
    bits = (width - 1) | ((height - 1) << 14)
    payload = b"\x2f" + struct.pack("<I", bits) + bytes(5)
    chunk = b"VP8L" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def webp_vp8(width: int, height: int) -> bytes:
    payload = b"\x00\x00\x00\x9d\x01\x2a" + struct.pack("<HH", width, height) + bytes(4)
    chunk = b"VP8 " + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def outcome(path: Path, kind: MediaKind) -> MediaFacts | Rejected:
    """The gate's answer, whichever it is: facts or a refusal (never another exception)."""
    try:
        return inspect_file(path, kind)
    except Rejected as rejected:
        return rejected


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("png", png_header(640, 480)),
        ("jpeg", jpeg_header(640, 480)),
        ("jpeg", jpeg_header(640, 480, app_payload=b"Exif\x00\x00" + bytes(40_000))),
        ("webp", webp_vp8(640, 480)),
        ("webp", webp_vp8l(640, 480)),
        ("webp", webp_vp8x(640, 480)),
        ("gif", b"GIF89a" + struct.pack("<HH", 640, 480) + bytes(10)),
    ],
)
def test_dimensions_come_from_headers(tmp_path: Path, label: str, data: bytes) -> None:
    assert read_image_size(write(tmp_path, "x", data), label) == ImageSize(640, 480)


def test_a_30000_by_30000_png_is_refused_from_its_header(tmp_path: Path) -> None:
    bomb = write(tmp_path, "poster.png", png_header(30_000, 30_000))
    with pytest.raises(Rejected) as caught:
        inspect_file(bomb, MediaKind.IMAGE)
    assert caught.value.code == "image_too_large"
    assert caught.value.http_status == 413
    assert "30000x30000" in caught.value.message


@pytest.mark.parametrize(
    "data",
    [
        jpeg_header(65_000, 65_000),
        webp_vp8x(16_000_000, 16_000_000),
        webp_vp8x(20_001, 10),  # one side too long, few pixels
        png_header(12_000, 9_000),  # sides fine, 108 Mpx in all
        b"GIF89a" + struct.pack("<HH", 65_535, 65_535) + bytes(10),
    ],
)
def test_oversized_headers_are_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(Rejected) as caught:
        inspect_file(write(tmp_path, "image.bin", data), MediaKind.IMAGE)
    assert caught.value.code == "image_too_large"


def test_limits_are_configurable() -> None:
    limits = SafetyLimits(max_image_side=100, max_image_pixels=5_000)
    check_image_size(ImageSize(100, 50), limits)
    with pytest.raises(Rejected):
        check_image_size(ImageSize(101, 10), limits)
    with pytest.raises(Rejected):
        check_image_size(ImageSize(100, 51), limits)


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("png", png_header(10, 10, crc_ok=False)),
        ("png", PNG_SIGNATURE + b"\x00\x00\x00\x0dIDAT"),
        ("png", png_header(0, 10)),
        ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"),  # ends before any frame header
        ("jpeg", b"\xff\xd8\xff\xda\x00\x08" + bytes(20)),  # scan data before a frame
        ("jpeg", b"\xff\xd8\xff\xc0\x00\x11\x08\x00\x00\x00\x10\x01"),  # height 0 (DNL)
        ("jpeg", b"\xff\xd8\x00\x00"),
        ("webp", b"RIFF\x10\x00\x00\x00WEBPVP8 " + bytes(20)),  # bad VP8 start code
        ("webp", b"RIFF\x10\x00\x00\x00WEBPALPH" + bytes(20)),
        ("gif", b"GIF89a\x00\x00\x10\x00"),
    ],
)
def test_damaged_headers_are_corrupt_media(tmp_path: Path, label: str, data: bytes) -> None:
    with pytest.raises(Rejected) as caught:
        read_image_size(write(tmp_path, "x", data), label)
    assert caught.value.code == "corrupt_media"
    assert caught.value.http_status == 422


def test_truncated_webp_is_corrupt(tmp_path: Path) -> None:
    data = webp_vp8(64, 48)
    declared_longer = data[:4] + struct.pack("<I", 10_000) + data[8:]
    with pytest.raises(Rejected) as caught:
        inspect_file(write(tmp_path, "x.webp", declared_longer), MediaKind.IMAGE)
    assert caught.value.code == "corrupt_media"


def test_image_facts(tmp_path: Path) -> None:
    facts = inspect_file(write(tmp_path, "cover.jpg", png_header(300, 200)), MediaKind.IMAGE)
    assert (facts.format_name, facts.mime_type) == ("png", "image/png")
    assert (facts.width, facts.height) == (300, 200)
    assert facts.size_bytes == 33


@pytest.mark.parametrize(
    "magic",
    [PNG_SIGNATURE, b"\xff\xd8\xff", b"RIFF\x00\x01\x00\x00WEBP", b"GIF89a"],
)
@settings(max_examples=60, deadline=None)
@given(tail=st.binary(max_size=200))
def test_random_headers_never_crash_the_gate(magic: bytes, tail: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "image"
        path.write_bytes(magic + tail)
        result = outcome(path, MediaKind.IMAGE)
    if isinstance(result, Rejected):
        assert result.http_status in (413, 415, 422)
    else:
        assert result.width is not None
        assert result.width > 0
