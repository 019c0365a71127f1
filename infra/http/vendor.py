"""Browser libraries installed by npm (package-lock.json) and served by Lakou itself, no CDN."""

from __future__ import annotations

from pathlib import Path

from litestar import get
from litestar.params import FromPath
from litestar.response import File

from infra.errors import NotFound

# `make install` runs `npm ci` at the repository root (an editable install of Lakou).
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VENDOR_FILES = {"hls.min.js": NODE_MODULES / "hls.js" / "dist" / "hls.min.js"}


@get("/static/vendor/{name:str}", include_in_schema=False, sync_to_thread=False)
def vendor_file(name: FromPath[str]) -> File:
    path = VENDOR_FILES.get(name)
    if path is None or not path.is_file():
        raise NotFound("Fichier introuvable : lancez `make install` / run `make install`")
    return File(
        path=path,
        media_type="text/javascript",
        content_disposition_type="inline",
        headers={"cache-control": "public, max-age=86400"},
    )
