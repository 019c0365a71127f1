"""oEmbed 1.0 (https://oembed.com): which Lakou page a URL names, and the iframe's size.

Decisions (docs/decisions.md, "Embeds"):
- Only pages of Lakou's public address (`LAKOU_PUBLIC_URL`'s host, http or https) are
  answered; any other URL is a 404, as the spec asks of a URL the provider has no response for.
- `maxwidth` and `maxheight` are upper bounds (spec 2.2): the iframe keeps its natural size when
  it fits and shrinks proportionally when it does not, so 10⁹ simply means "no limit". A bound
  the provider cannot meet (0, negative, not a whole number) is a 400 `invalid_size`.
- A `?lang=` in the URL (fr, gcf-MQ, en, es) is kept in the iframe's address: the embed then
  speaks the embedding site's language rather than the visitor's browser's.
- `format=json` only: any other format, xml included, is a 501 (spec 2.3.5).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from infra.errors import AppError, NotFound
from infra.i18n.languages import canonical
from marketplace.embeds.errors import EmbedError, NotImplementedFormat

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# The pages that have an embed, and the embed pages themselves (a pasted iframe URL works too).
_PAGES = (
    (re.compile(rf"^/(?:oeuvres|embed/works)/({_UUID})/?$"), "work"),
    (re.compile(rf"^/(?:createurs|embed/creators)/({_UUID})/?$"), "creator"),
    (re.compile(r"^/(?:marches|embed/markets)/([a-z0-9-]{1,100})/?$"), "market"),
)
# Natural sizes in CSS pixels: a track is a strip, a film 16:9 under its title, a selection a
# player above its list.
SIZES = {"audio": (480, 176), "video": (640, 440), "other": (480, 176), "selection": (480, 420)}
MAX_DIGITS = 12  # larger bounds are "no limit" too; longer strings are not sizes


@dataclass(frozen=True)
class Target:
    kind: str  # work, creator, market
    key: str  # a work or creator id, a market slug
    # The URL's `?lang=`, kept in the iframe's: a site shows the embed in its own language.
    lang: str | None = None

    def embed_src(self, src: str) -> str:
        return f"{src}?lang={self.lang}" if self.lang else src


def target_of(url: str, public_url: str) -> Target:
    """The Lakou page `url` names, or a 404 `not_found` for anything else."""
    parts = urlsplit(url.strip())
    own = urlsplit(public_url)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != own.netloc.lower():
        raise NotFound(EmbedError.FOREIGN_URL)
    for pattern, kind in _PAGES:
        found = pattern.match(parts.path)
        if found:
            lang = canonical(parse_qs(parts.query).get("lang", [""])[0])
            return Target(kind, found.group(1).lower(), lang)
    raise NotFound(EmbedError.FOREIGN_URL)


def check_format(value: str | None) -> None:
    if (value or "json").lower() != "json":
        raise NotImplementedFormat(EmbedError.FORMAT_NOT_IMPLEMENTED)


def bound(value: str | None) -> int | None:
    """A `maxwidth` or `maxheight`: None when absent, else a positive whole number."""
    if value is None or value == "":
        return None
    text = value.strip()
    digits = text.lstrip("0")
    if not text.isascii() or not text.isdigit() or not digits:
        raise AppError(EmbedError.INVALID_SIZE)
    return int(digits) if len(digits) <= MAX_DIGITS else 10**MAX_DIGITS


def fitted(
    natural: tuple[int, int], max_width: int | None, max_height: int | None
) -> tuple[int, int]:
    """The natural size, shrunk proportionally (never grown) to fit both bounds."""
    width, height = natural
    scale = min(1.0, (max_width or width) / width, (max_height or height) / height)
    return max(1, int(width * scale)), max(1, int(height * scale))


def iframe(src: str, title: str, size: tuple[int, int]) -> str:
    width, height = size
    return (
        f'<iframe src="{html.escape(src)}" width="{width}" height="{height}" '
        f'title="{html.escape(title)}" loading="lazy" allow="autoplay; fullscreen" '
        'allowfullscreen style="border:0;max-width:100%"></iframe>'
    )
