"""A market's visuals over HTTP: its managers upload one as the raw body of a PUT; its files
are served at content-addressed paths with a year of cache (a new upload, new paths)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK

from accounts.auth import provide_page_principal, provide_principal, provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.errors import InvalidInput, NotFound
from infra.http.dependencies import provide_service
from marketplace.markets.errors import MarketError
from marketplace.markets.visuals.domain import MAX_VISUAL_BYTES, VisualFormat
from marketplace.markets.visuals.domain import visual_role as role_of
from marketplace.markets.visuals.schemas import VisualOut
from marketplace.markets.visuals.service import MarketVisuals, VisualFile

YEAR = 365 * 24 * 3600
FILE = "/marches/visuels/{market_id:uuid}/{visual_role:str}/{visual_file:str}"


def file_response(found: VisualFile, etag: str) -> Response[bytes]:
    # The bytes at a path never change (the path holds their hash): kept a year, never asked
    # again. A draft market's are for its team only: their browsers keep them, no shared cache.
    scope = "public" if found.public else "private"
    return Response(
        found.content,
        media_type=found.content_type,
        headers={
            "cache-control": f"{scope}, max-age={YEAR}, immutable",
            "etag": f'"{etag}"',
            "x-content-type-options": "nosniff",
        },
    )


def _file_name(name: str) -> tuple[str, int, VisualFormat]:
    """ "<sha256>-<width>.<webp|jpg>", or 404."""
    stem, _, extension = name.rpartition(".")
    sha256, _, width = stem.rpartition("-")
    try:
        return sha256, int(width[:6]), VisualFormat(extension)
    except ValueError:
        raise NotFound(MarketError.VISUAL_NOT_FOUND) from None


class MarketVisualController(Controller):
    path = "/api/markets/{market_id:uuid}/visuals"
    tags = ["markets"]
    dependencies = {
        "visuals": provide_service(MarketVisuals),
        "viewer": Provide(provide_principal),
        "me": Provide(provide_user),
    }

    @put(
        "/{visual_role:str}",
        status_code=HTTP_200_OK,
        guards=[requires_user],
        # Up to twice the limit is read, so a slightly larger file gets the module's 413 and
        # its message; beyond that the server's own 413 stops it.
        request_max_body_size=2 * MAX_VISUAL_BYTES,
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        market_id: FromPath[UUID],
        visual_role: FromPath[str],
        me: NamedDependency[Principal],
        visuals: NamedDependency[MarketVisuals],
    ) -> VisualOut:
        """The market's poster or banner as the raw body (JPEG, PNG, WebP or GIF): its
        managers only. Stored as WebP and JPEG in a few widths."""
        role = role_of(visual_role)
        visual = await visuals.upload(me, market_id, role, await request.body())
        return VisualOut.of(visual)

    @get("/")
    async def list_visuals(
        self,
        market_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        visuals: NamedDependency[MarketVisuals],
    ) -> list[VisualOut]:
        found = await visuals.of_market(viewer, market_id)
        return [VisualOut.of(found[role]) for role in sorted(found)]


class VisualFileController(Controller):
    include_in_schema = False
    dependencies = {
        "visuals": provide_service(MarketVisuals),
        # Asked for by <img> on pages: the session cookie says who looks (a draft's team).
        "viewer": Provide(provide_page_principal),
    }

    @get(FILE)
    async def visual_file(
        self,
        market_id: FromPath[UUID],
        visual_role: FromPath[str],
        visual_file: FromPath[str],
        viewer: NamedDependency[Principal | None],
        visuals: NamedDependency[MarketVisuals],
    ) -> Response[bytes]:
        sha256, width, fmt = _file_name(visual_file[:100])
        try:
            chosen = role_of(visual_role)
        except InvalidInput:
            raise NotFound(MarketError.VISUAL_NOT_FOUND) from None
        found = await visuals.file(viewer, market_id, chosen, sha256, width, fmt)
        return file_response(found, visual_file[:100])
