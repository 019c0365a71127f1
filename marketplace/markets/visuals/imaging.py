"""Decoding an uploaded visual and re-encoding it (Pillow): the only module that imports it.

The header is read first and the pixel count checked before any pixel is decoded
(decompression bombs); the file is checked complete, then the whole image decoded, so a
truncated or corrupt file is refused rather than stored. Outputs carry no metadata (EXIF, GPS, comments): only the pixels,
turned upright by the EXIF orientation first.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from infra.errors import InvalidInput
from marketplace.markets.errors import MarketError
from marketplace.markets.visuals.domain import (
    MAX_VISUAL_PIXELS,
    MAX_VISUAL_SIDE,
    MIN_VISUAL_SIDE,
    VisualFormat,
)

ACCEPTED = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
WEBP_QUALITY = 80
JPEG_QUALITY = 82


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    fmt: VisualFormat
    content: bytes


@dataclass(frozen=True)
class Rendered:
    width: int  # the source's, upright
    height: int
    renditions: tuple[Rendition, ...]

    @property
    def widths(self) -> tuple[int, ...]:
        return tuple(sorted({item.width for item in self.renditions}))


def render(content: bytes, widths: Sequence[int]) -> Rendered:
    """Every width (capped at the source's) as WebP and JPEG; 422 for what is not an image
    Pillow reads whole, or one too large or too small."""
    image = _decoded(content)
    width, height = image.size
    if min(width, height) < MIN_VISUAL_SIDE:
        raise InvalidInput(MarketError.VISUAL_TOO_SMALL, min=MIN_VISUAL_SIDE)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    renditions = []
    for target in sorted({min(wanted, width) for wanted in widths}):
        size = (target, max(1, round(height * target / width)))
        scaled = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
        renditions.append(Rendition(*size, VisualFormat.WEBP, _webp(scaled)))
        renditions.append(Rendition(*size, VisualFormat.JPEG, _jpeg(scaled)))
    return Rendered(width, height, tuple(renditions))


def _decoded(content: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.format not in ACCEPTED:
                raise InvalidInput(MarketError.VISUAL_NOT_AN_IMAGE)
            if (
                max(image.size) > MAX_VISUAL_SIDE
                or image.size[0] * image.size[1] > MAX_VISUAL_PIXELS
            ):
                raise _too_big()
            _check_complete(content, image.format)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_big() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput(MarketError.VISUAL_NOT_AN_IMAGE) from None
    return upright


def _check_complete(content: bytes, fmt: str) -> None:
    """A cut-off file is refused. `load()` alone would not say so: WeasyPrint sets Pillow's
    LOAD_TRUNCATED_IMAGES for the whole process, and decoders then stop quietly. `verify()`
    reads every PNG chunk (and its CRC) and the WebP container; a JPEG must end with its EOI
    marker and a GIF with its trailer."""
    Image.open(io.BytesIO(content)).verify()
    end = content.rstrip(b"\0")
    if (fmt == "JPEG" and not end.endswith(b"\xff\xd9")) or (
        fmt == "GIF" and not end.endswith(b";")
    ):
        raise InvalidInput(MarketError.VISUAL_NOT_AN_IMAGE)


def _too_big() -> InvalidInput:
    return InvalidInput(
        MarketError.VISUAL_TOO_MANY_PIXELS, side=MAX_VISUAL_SIDE, pixels=MAX_VISUAL_PIXELS
    )


def _webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    if image.mode == "RGBA":  # JPEG has no alpha: flatten on white
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()
