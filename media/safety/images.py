"""Image dimensions read from headers only (PNG IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X, GIF).

Nothing is decoded here: a 30000x30000 PNG is refused after reading 33 bytes, before any
library gets the chance to allocate its pixels (decompression-bomb guard).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from infra.i18n.formatting import number
from media.safety.errors import Rejected, Rejection
from media.safety.limits import SafetyLimits

# Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) do not.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, 0xD8, *range(0xD0, 0xD8)})
MAX_JPEG_SEGMENTS = 10_000


@dataclass(frozen=True)
class ImageSize:
    width: int
    height: int


def _corrupt(what: str) -> Rejected:
    return Rejected(Rejection.IMAGE_HEADER, format=what)


def read_image_size(path: Path, label: str) -> ImageSize:
    """Dimensions of a sniffed image ("png", "jpeg", "webp" or "gif"); Rejected when unreadable."""
    with path.open("rb") as stream:
        if label == "png":
            size = _png_size(stream.read(33))
        elif label == "jpeg":
            size = _jpeg_size(stream)
        elif label == "webp":
            size = _webp_size(stream.read(30))
        elif label == "gif":
            size = _gif_size(stream.read(10))
        else:
            raise ValueError(f"not an image label: {label!r}")
    if size.width <= 0 or size.height <= 0:
        raise _corrupt(label.upper())
    return size


def check_image_size(size: ImageSize, limits: SafetyLimits, *, cover: bool = False) -> None:
    """Refuse images (or an audio file's embedded `cover`) too wide, too tall or with too many
    pixels to decode safely."""
    side = max(size.width, size.height)
    pixels = size.width * size.height
    if side > limits.max_image_side or pixels > limits.max_image_pixels:
        raise Rejected(
            Rejection.COVER_TOO_BIG if cover else Rejection.IMAGE_TOO_BIG,
            width=size.width,
            height=size.height,
            max_side=limits.max_image_side,
            max_pixels=number(limits.max_image_pixels),
        )


def _png_size(head: bytes) -> ImageSize:
    # signature (8) | length (4) = 13 | "IHDR" | width (4) height (4) + 5 bytes | CRC (4)
    if len(head) < 33 or head[8:16] != b"\x00\x00\x00\x0dIHDR":
        raise _corrupt("PNG")
    (crc,) = struct.unpack(">I", head[29:33])
    if zlib.crc32(head[12:29]) != crc:
        raise _corrupt("PNG")
    width, height = struct.unpack(">II", head[16:24])
    if width > 0x7FFFFFFF or height > 0x7FFFFFFF:
        raise _corrupt("PNG")
    return ImageSize(width, height)


def _jpeg_size(stream: BinaryIO) -> ImageSize:
    """Walk the marker segments up to the first start-of-frame, seeking over the others."""
    if stream.read(2) != b"\xff\xd8":
        raise _corrupt("JPEG")
    for _ in range(MAX_JPEG_SEGMENTS):
        byte = stream.read(1)
        if byte != b"\xff":
            raise _corrupt("JPEG")
        while byte == b"\xff":  # fill bytes may precede a marker
            byte = stream.read(1)
        if not byte:
            raise _corrupt("JPEG")
        marker = byte[0]
        if marker in _JPEG_STANDALONE:
            continue
        if marker in (0xD9, 0xDA):  # end of image or scan data before any frame header
            raise _corrupt("JPEG")
        length_bytes = stream.read(2)
        if len(length_bytes) < 2:
            raise _corrupt("JPEG")
        (length,) = struct.unpack(">H", length_bytes)
        if length < 2:
            raise _corrupt("JPEG")
        if marker in _JPEG_SOF:
            frame = stream.read(5)
            if len(frame) < 5:
                raise _corrupt("JPEG")
            _precision, height, width = struct.unpack(">BHH", frame)
            return ImageSize(width, height)
        stream.seek(length - 2, 1)
    raise _corrupt("JPEG")


def _webp_size(head: bytes) -> ImageSize:
    # "RIFF" size "WEBP" | chunk fourcc (4) | chunk size (4) | payload
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        raise _corrupt("WebP")
    fourcc, payload = head[12:16], head[20:30]
    if fourcc == b"VP8 ":
        if payload[3:6] != b"\x9d\x01\x2a":
            raise _corrupt("WebP")
        width, height = struct.unpack("<HH", payload[6:10])
        return ImageSize(width & 0x3FFF, height & 0x3FFF)
    if fourcc == b"VP8L":
        if payload[0] != 0x2F:
            raise _corrupt("WebP")
        (bits,) = struct.unpack("<I", payload[1:5])
        return ImageSize((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if fourcc == b"VP8X":
        width = int.from_bytes(payload[4:7], "little") + 1
        height = int.from_bytes(payload[7:10], "little") + 1
        return ImageSize(width, height)
    raise _corrupt("WebP")


def _gif_size(head: bytes) -> ImageSize:
    if len(head) < 10:
        raise _corrupt("GIF")
    width, height = struct.unpack("<HH", head[6:10])
    return ImageSize(width, height)
