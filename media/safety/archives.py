"""ZIP checks from the central directory only: nothing is extracted or decompressed.

Used for game builds and as the first step for EPUB books. The entry count is checked by
walking the raw central directory before `zipfile` builds one object per entry, so a crafted
directory of millions of entries cannot exhaust memory.
"""

from __future__ import annotations

import re
import stat
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from infra.filenames import BIDI_CONTROLS
from infra.i18n.formatting import number
from media.safety.errors import Rejected, Rejection
from media.safety.limits import SafetyLimits

EPUB_MIMETYPE = b"application/epub+zip"
# Ratios are only meaningful on sizeable data: a few KB of blank text compress a lot.
RATIO_FLOOR_BYTES = 1024 * 1024

_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
_LOCAL_HEADER_MIN = 30
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ValueError,
    EOFError,
    struct.error,
    NotImplementedError,
    OverflowError,
)


@dataclass(frozen=True)
class ArchiveSummary:
    entries: int
    total_uncompressed_bytes: int
    epub_mimetype_first: bool  # the EPUB signature: a stored "mimetype" entry, first
    names: frozenset[str]


@dataclass(frozen=True)
class _CentralDirectory:
    entries: int
    size: int
    offset: int


def _corrupt(detail: str) -> Rejected:
    """The ZIP's structure does not hold; `detail` (technical, in English) goes with the error's
    details rather than its message."""
    return Rejected(Rejection.ARCHIVE_DAMAGED, details={"detail": detail})


def check_zip(path: Path, size: int, limits: SafetyLimits) -> ArchiveSummary:
    """Refuse unsafe or oversized archives; describe the acceptable ones."""
    with path.open("rb") as stream:
        directory = _read_end_of_central_directory(stream, size)
        _count_entries(stream, directory, limits)
        try:
            with zipfile.ZipFile(stream) as archive:
                infos = archive.infolist()
                if not infos:
                    raise Rejected(Rejection.ARCHIVE_EMPTY)
                names = _check_entries(infos)
                total = _check_sizes(infos, size, directory, limits)
                epub = _has_epub_mimetype_first(archive, infos)
        except _ZIP_ERRORS as error:
            raise _corrupt(type(error).__name__) from error
    return ArchiveSummary(len(infos), total, epub, names)


def _read_end_of_central_directory(stream: BinaryIO, size: int) -> _CentralDirectory:
    tail_length = min(size, _EOCD.size + 0xFFFF)
    stream.seek(size - tail_length)
    tail = stream.read(tail_length)
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or tail_length - position < _EOCD.size:
        raise _corrupt("no central directory")
    _, disk, cd_disk, _, entries, cd_size, cd_offset, _ = _EOCD.unpack_from(tail, position)
    if disk != 0 or cd_disk != 0:
        raise _corrupt("split over several disks")
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        eocd_offset = size - tail_length + position
        stream.seek(max(eocd_offset - _ZIP64_LOCATOR.size, 0))
        locator = stream.read(_ZIP64_LOCATOR.size)
        if len(locator) < _ZIP64_LOCATOR.size or not locator.startswith(b"PK\x06\x07"):
            raise _corrupt("bad ZIP64 locator")
        _, _, zip64_offset, _ = _ZIP64_LOCATOR.unpack(locator)
        stream.seek(zip64_offset)
        record = stream.read(_ZIP64_EOCD.size)
        if len(record) < _ZIP64_EOCD.size or not record.startswith(b"PK\x06\x06"):
            raise _corrupt("bad ZIP64 directory record")
        _, _, _, _, _, _, _, entries, cd_size, cd_offset = _ZIP64_EOCD.unpack(record)
    if cd_offset + cd_size > size:
        raise _corrupt("the central directory runs past the end of the file")
    return _CentralDirectory(entries, cd_size, cd_offset)


def _too_many(limits: SafetyLimits) -> Rejected:
    return Rejected(Rejection.TOO_MANY_ENTRIES, max=number(limits.zip_max_entries))


def _count_entries(stream: BinaryIO, directory: _CentralDirectory, limits: SafetyLimits) -> None:
    """Count central-directory records without building objects, stopping past the limit."""
    if directory.entries > limits.zip_max_entries:
        raise _too_many(limits)
    position, end, count = directory.offset, directory.offset + directory.size, 0
    while position < end:
        stream.seek(position)
        header = stream.read(_CENTRAL_HEADER.size)
        if len(header) < _CENTRAL_HEADER.size or not header.startswith(b"PK\x01\x02"):
            raise _corrupt("bad central directory record")
        fields = _CENTRAL_HEADER.unpack(header)
        name_length, extra_length, comment_length = fields[10], fields[11], fields[12]
        count += 1
        if count > limits.zip_max_entries:
            raise _too_many(limits)
        position += _CENTRAL_HEADER.size + name_length + extra_length + comment_length


def unsafe_name_reason(name: str) -> Rejection | None:
    """Why an entry name could escape the extraction folder or mislead a reader, if it could."""
    if not name:
        return Rejection.ENTRY_EMPTY_NAME
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in name):
        return Rejection.ENTRY_CONTROL_CHARACTER
    if any(char in BIDI_CONTROLS for char in name):
        return Rejection.ENTRY_BIDI
    if "\\" in name:
        return Rejection.ENTRY_BACKSLASH
    if name.startswith("/") or _DRIVE.match(name):
        return Rejection.ENTRY_ABSOLUTE
    if ".." in name.split("/"):
        return Rejection.ENTRY_CLIMBS_OUT
    return None


def _shown(name: str) -> str:
    return ascii(name[:80])


def _check_entries(infos: list[zipfile.ZipInfo]) -> frozenset[str]:
    names: set[str] = set()
    for info in infos:
        # orig_filename keeps what zipfile cuts at a NUL byte.
        reason = unsafe_name_reason(info.orig_filename)
        if reason is not None:
            raise Rejected(reason, name=_shown(info.orig_filename))
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise Rejected(Rejection.ENTRY_SYMLINK, name=_shown(info.filename))
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise Rejected(Rejection.ENTRY_SPECIAL, name=_shown(info.filename))
        if info.flag_bits & 0x1:
            raise Rejected(Rejection.ENCRYPTED)
        if info.filename in names:
            raise Rejected(Rejection.ENTRY_TWICE, name=_shown(info.filename))
        names.add(info.filename)
    return frozenset(names)


def _check_sizes(
    infos: list[zipfile.ZipInfo], size: int, directory: _CentralDirectory, limits: SafetyLimits
) -> int:
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.zip_max_total_bytes:
            raise Rejected(Rejection.EXPANDS_TOO_MUCH, max=number(limits.zip_max_total_bytes))
        if info.file_size >= RATIO_FLOOR_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.zip_max_ratio:
                raise Rejected(
                    Rejection.ENTRY_RATIO, name=_shown(info.filename), ratio=number(round(ratio))
                )
    if total >= RATIO_FLOOR_BYTES and total / size > limits.zip_max_ratio:
        raise Rejected(Rejection.TOTAL_RATIO, ratio=number(round(total / size)))
    # Entries must not share compressed data (the overlapping-entry bomb): each one's minimal
    # local header plus its data ends before the next one starts, and before the directory.
    ordered = sorted(infos, key=lambda info: info.header_offset)
    bounds = [info.header_offset for info in ordered[1:]] + [directory.offset]
    for info, next_start in zip(ordered, bounds, strict=True):
        if info.header_offset + _LOCAL_HEADER_MIN + info.compress_size > next_start:
            raise Rejected(Rejection.OVERLAPPING_ENTRIES)
    return total


def _has_epub_mimetype_first(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    first = min(infos, key=lambda info: info.header_offset)
    if (
        first.filename != "mimetype"
        or first.compress_type != zipfile.ZIP_STORED
        or first.file_size > 64
    ):
        return False
    return archive.read(first).strip() == EPUB_MIMETYPE
