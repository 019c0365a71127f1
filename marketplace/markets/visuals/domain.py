"""A market's visuals: a poster (portrait, for lists and the public page) and a banner (wide,
across the top of the public page). Pure.

Each upload is known by its content (SHA-256 of the bytes received), decoded and re-encoded
into a few widths as WebP and JPEG; those files never change, so they are served with a year of
cache and a new upload gets new addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from infra.errors import InvalidInput
from marketplace.markets.errors import MarketError

MAX_VISUAL_BYTES = 8 * 1024 * 1024
MAX_VISUAL_PIXELS = 40_000_000  # decoded, a 40-megapixel RGBA image is 160 MB: no more
MAX_VISUAL_SIDE = 12_000
MIN_VISUAL_SIDE = 200
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class VisualRole(StrEnum):
    POSTER = "poster"
    BANNER = "banner"


class VisualFormat(StrEnum):
    WEBP = "webp"
    JPEG = "jpg"

    @property
    def content_type(self) -> str:
        return "image/webp" if self is VisualFormat.WEBP else "image/jpeg"


# The widths each role is re-encoded to (capped at the source's: never enlarged).
WIDTHS: dict[VisualRole, tuple[int, ...]] = {
    VisualRole.POSTER: (240, 480, 960),
    VisualRole.BANNER: (640, 1280, 1920),
}


def visual_role(value: str) -> VisualRole:
    try:
        return VisualRole(value)
    except ValueError:
        allowed = ", ".join(role.value for role in VisualRole)
        raise InvalidInput(MarketError.INVALID_VISUAL_ROLE, allowed=allowed) from None


@dataclass(frozen=True)
class Visual:
    market_id: UUID
    role: VisualRole
    sha256: str
    width: int  # the source's, after orientation
    height: int
    widths: tuple[int, ...]  # the widths stored, each as WebP and JPEG
    uploaded_by: UUID
    uploaded_at: datetime

    def key(self, width: int, fmt: VisualFormat) -> str:
        """The stored object: content-addressed, so it is written once and never replaced."""
        return visual_key(self.sha256, width, fmt)

    def path(self, width: int, fmt: VisualFormat) -> str:
        """Its public address (the market's, the role's, the content's and the width)."""
        return (
            f"/marches/visuels/{self.market_id}/{self.role.value}/{self.sha256}-{width}.{fmt.value}"
        )

    def srcset(self, fmt: VisualFormat | str) -> str:
        chosen = VisualFormat(fmt)
        return ", ".join(f"{self.path(width, chosen)} {width}w" for width in self.widths)

    def fallback(self) -> str:
        """A JPEG of a middling width, for the `<img src>`."""
        return self.path(self.widths[len(self.widths) // 2], VisualFormat.JPEG)


def visual_key(sha256: str, width: int, fmt: VisualFormat) -> str:
    return f"market-visuals/{sha256[:2]}/{sha256}/{width}.{fmt.value}"
