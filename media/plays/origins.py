"""Where a play comes from: the listener's country (as a trusted proxy said) and an embed's site."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_COUNTRY = re.compile(r"^[A-Z]{2}$")
# A site's origin, as a play from an embed names where it was embedded: scheme, host, port.
ORIGIN_PATTERN = r"^https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$"
_ORIGIN = re.compile(ORIGIN_PATTERN)
# Where the listener started the play from (the player says; docs/indicators.md).
SOURCES = ("work_page", "search", "market", "embed", "direct")


def viewer_country(reported: str | None) -> str | None:
    """An ISO country code, or None for absent, malformed, unknown (XX) or Tor (T1) values."""
    value = (reported or "").strip().upper()
    return value if _COUNTRY.match(value) and value not in ("XX", "T1") else None


def origin_of(url: str | None) -> str | None:
    """`https://host[:port]` of an http(s) URL (a Referer header), else None."""
    parts = urlsplit((url or "").strip()[:2000])
    try:
        port = parts.port
    except ValueError:  # a port out of range or not a number
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    origin = f"{parts.scheme}://{parts.hostname}" + (f":{port}" if port else "")
    return origin if _ORIGIN.match(origin) else None
