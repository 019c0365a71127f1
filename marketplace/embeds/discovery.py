"""oEmbed discovery: the `<link>` a work, creator or market page carries in its head."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from infra.settings import Settings


def oembed_href(request: Any, page_path: str) -> str:
    """The oEmbed endpoint's absolute URL for one of Lakou's pages (spec section 4)."""
    public = request.app.state.services.get(Settings).http.public_url.rstrip("/")
    return f"{public}/oembed?" + urlencode({"url": public + page_path, "format": "json"})


def template_globals(_lang: str) -> Mapping[str, Any]:
    """`oembed_href(request, path)`, for `embeds/_discovery.html`."""
    return {"oembed_href": oembed_href}
