"""Cheap structural checks that catch truncated uploads ffprobe alone would wave through.

An MP4 written with its index first ("faststart") still probes fine when its second half is
missing; walking the top-level boxes shows the last one running past the end of the file.
"""

from __future__ import annotations

import struct
from pathlib import Path

from media.safety.errors import CORRUPT_MEDIA, Rejected

MAX_TOP_LEVEL_BOXES = 100_000

_TRUNCATED = (
    "The file is incomplete: it ends before the end its own structure announces. "
    "Check that the upload finished, or export the file again."
)


def check_iso_bmff(path: Path, size: int) -> None:
    """MP4/MOV/M4A: every top-level box fits in the file and a `moov` index is present."""
    offset = 0
    found_moov = False
    boxes = 0
    with path.open("rb") as stream:
        while size - offset >= 8:
            boxes += 1
            if boxes > MAX_TOP_LEVEL_BOXES:
                raise Rejected(CORRUPT_MEDIA, "The file's structure is not a valid MP4/MOV.")
            stream.seek(offset)
            box_size, box_type = struct.unpack(">I4s", stream.read(8))
            header = 8
            if box_size == 1:
                large = stream.read(8)
                if len(large) < 8:
                    raise Rejected(CORRUPT_MEDIA, _TRUNCATED)
                (box_size,) = struct.unpack(">Q", large)
                header = 16
            elif box_size == 0:
                box_size = size - offset  # the last box runs to the end of the file
            if box_size < header:
                raise Rejected(CORRUPT_MEDIA, "The file's structure is not a valid MP4/MOV.")
            if offset + box_size > size:
                raise Rejected(CORRUPT_MEDIA, _TRUNCATED)
            found_moov = found_moov or box_type == b"moov"
            offset += box_size
    if not found_moov:
        raise Rejected(
            CORRUPT_MEDIA,
            "The file has no index (moov box): the upload or the export did not finish. "
            "Export it again and upload the new file.",
        )


def check_riff_size(head: bytes, size: int) -> None:
    """WAV, WebP (RIFF, little-endian) and AIFF (FORM, big-endian): the announced size fits."""
    if len(head) < 8:
        raise Rejected(CORRUPT_MEDIA, _TRUNCATED)
    if head.startswith(b"RIFF"):
        (declared,) = struct.unpack("<I", head[4:8])
    elif head.startswith(b"FORM"):
        (declared,) = struct.unpack(">I", head[4:8])
    else:
        return  # RF64/BW64 keep their real size elsewhere
    if declared in (0, 0xFFFFFFFF):
        return  # written by a streaming encoder that could not seek back
    if declared + 8 > size + 1:  # chunks may lack their final pad byte
        raise Rejected(CORRUPT_MEDIA, _TRUNCATED)
