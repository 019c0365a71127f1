"""Rewriting HLS media playlists so each segment points at its own presigned URL."""

from __future__ import annotations

import re
from collections.abc import Callable

_URI_ATTRIBUTE = re.compile(r'URI="([^"]+)"')


def rewrite_media_playlist(text: str, sign: Callable[[str], str | None]) -> str:
    """Replace relative segment and init-segment URIs; variant playlists (.m3u8) stay relative."""

    def signed(uri: str) -> str:
        if "://" in uri or uri.startswith("/") or uri.endswith(".m3u8"):
            return uri
        return sign(uri) or uri

    lines = []
    for line in text.splitlines():
        if line.startswith("#EXT-X-MAP") or line.startswith("#EXT-X-MEDIA"):
            line = _URI_ATTRIBUTE.sub(lambda m: f'URI="{signed(m.group(1))}"', line)
        elif line and not line.startswith("#"):
            line = signed(line.strip())
        lines.append(line)
    return "\n".join(lines) + "\n"
