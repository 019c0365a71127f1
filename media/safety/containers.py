"""Cheap structural checks that catch truncated uploads ffprobe alone would wave through.

An MP4 written with its index first ("faststart") still probes fine when its second half is
missing; walking the top-level boxes shows the last one running past the end of the file.
"""

from __future__ import annotations

import struct
from pathlib import Path

from media.safety.errors import Rejected, Rejection

MAX_TOP_LEVEL_BOXES = 100_000


def check_iso_bmff(path: Path, size: int) -> None:
    """MP4/MOV/M4A: every top-level box fits in the file and a `moov` index is present."""
    offset = 0
    found_moov = False
    boxes = 0
    with path.open("rb") as stream:
        while size - offset >= 8:
            boxes += 1
            if boxes > MAX_TOP_LEVEL_BOXES:
                raise Rejected(Rejection.NOT_MP4)
            stream.seek(offset)
            box_size, box_type = struct.unpack(">I4s", stream.read(8))
            header = 8
            if box_size == 1:
                large = stream.read(8)
                if len(large) < 8:
                    raise Rejected(Rejection.TRUNCATED)
                (box_size,) = struct.unpack(">Q", large)
                header = 16
            elif box_size == 0:
                box_size = size - offset  # the last box runs to the end of the file
            if box_size < header:
                raise Rejected(Rejection.NOT_MP4)
            if offset + box_size > size:
                raise Rejected(Rejection.TRUNCATED)
            found_moov = found_moov or box_type == b"moov"
            offset += box_size
    if not found_moov:
        raise Rejected(Rejection.NO_MOOV)


def check_riff_size(head: bytes, size: int) -> None:
    """WAV, WebP (RIFF, little-endian) and AIFF (FORM, big-endian): the announced size fits."""
    if len(head) < 8:
        raise Rejected(Rejection.TRUNCATED)
    if head.startswith(b"RIFF"):
        (declared,) = struct.unpack("<I", head[4:8])
    elif head.startswith(b"FORM"):
        (declared,) = struct.unpack(">I", head[4:8])
    else:
        return  # RF64/BW64 keep their real size elsewhere
    if declared in (0, 0xFFFFFFFF):
        return  # written by a streaming encoder that could not seek back
    if declared + 8 > size + 1:  # chunks may lack their final pad byte
        raise Rejected(Rejection.TRUNCATED)
