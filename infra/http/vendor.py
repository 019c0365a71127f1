"""Browser libraries installed by npm (package-lock.json) and served by Lakou itself, no CDN."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from litestar import get
from litestar.params import FromPath
from litestar.response import File

from infra.errors import CommonError, NotFound

log = logging.getLogger("lakou.http")

# `make install` runs `npm ci` at the repository root (an editable install of Lakou); the
# production image copies the same node_modules under the virtualenv's share/lakou.
NODE_MODULES = (
    Path(__file__).resolve().parents[2] / "node_modules",
    Path(sys.prefix) / "share" / "lakou" / "node_modules",
)
VENDOR_PATHS = {
    "hls.min.js": Path("hls.js") / "dist" / "hls.min.js",
    "chart.umd.min.js": Path("chart.js") / "dist" / "chart.umd.min.js",
}


def _find(relative: Path) -> Path | None:
    return next((root / relative for root in NODE_MODULES if (root / relative).is_file()), None)


def node_module_file(relative: str) -> Path | None:
    """A data file of an npm package (world-atlas's map), wherever node_modules was put."""
    return _find(Path(relative))


@get("/static/vendor/{name:str}", include_in_schema=False, sync_to_thread=False)
def vendor_file(name: FromPath[str]) -> File:
    relative = VENDOR_PATHS.get(name)
    path = _find(relative) if relative is not None else None
    if path is None:
        log.error("vendor file %s missing: run `make install`", name)
        raise NotFound(CommonError.NOT_FOUND)
    return File(
        path=path,
        media_type="text/javascript",
        content_disposition_type="inline",
        headers={"cache-control": "public, max-age=86400"},
    )
