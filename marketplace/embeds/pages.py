"""The embed pages (`/embed/...`, framed by other sites) and the oEmbed endpoint.

Only these answers carry a `frame-ancestors` that lets other sites frame them
(`LAKOU_EMBEDS_FRAME_ANCESTORS`); every other page keeps `'none'` (`infra.http.middleware`).
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, Parameter

from accounts.auth import PAGE_ROUTES, known_page_principal, provide_page_principal
from accounts.domain import Principal
from infra.errors import NotFound
from infra.http.dependencies import provide_service
from infra.http.middleware import framed_policy
from infra.http.openapi_errors import ErrorEnvelope
from infra.http.pages import pick, render
from infra.i18n.context import current_language, gettext
from infra.settings import Settings
from marketplace.embeds.oembed import SIZES, bound, check_format, fitted, iframe, target_of
from marketplace.embeds.players import Player
from marketplace.embeds.service import EmbedService, Item, Selection
from marketplace.embeds.settings import EmbedSettings
from media.plays.origins import origin_of

Bound = Annotated[str | None, Parameter(max_length=100)]


def framed(response: Response[Any], request: Request[Any, Any, Any]) -> Response[Any]:
    """The answer may be framed by the sites the settings allow; caches keep one per site."""
    embeds: EmbedSettings = request.app.state.services.get(EmbedSettings)
    response.headers["content-security-policy"] = framed_policy(" ".join(embeds.frame_ancestors))
    return response


def not_embeddable(request: Request[Any, Any, Any], _: Exception) -> Response[Any]:
    """Inside the other site's page, a short note rather than a browser's refusal to frame."""
    page = render(request, "embeds/unavailable.html", known_page_principal(request), 404)
    return framed(page, request)


def player_labels(player: Player | None) -> dict[str, str]:
    if player is None:
        return {"mode": "", "note": gettext("Le média de cette œuvre n'est pas encore disponible.")}
    if player.full:
        return {"mode": gettext("Intégral"), "note": ""}
    return {
        "mode": gettext("Extrait"),
        "note": gettext("Un extrait : l'œuvre entière est sur Lakou."),
    }


class EmbedPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = {NotFound: not_embeddable}
    dependencies = {
        "embeds": provide_service(EmbedService),
        "viewer": Provide(provide_page_principal),
    }

    async def _page(
        self,
        request: Request[Any, Any, Any],
        viewer: Principal | None,
        embeds: EmbedService,
        current: Item | None,
        selection: Selection | None = None,
    ) -> Response[Any]:
        player = await embeds.player(viewer, current.id) if current else None
        picture = await embeds.picture(current.id) if current else None
        page = render(
            request,
            "embeds/embed.html",
            viewer,
            current=current,
            selection=selection,
            player=player,
            labels=player_labels(player),
            picture=picture,
            # Where the embed is shown, as the browser told us: what its play reports name.
            referrer=origin_of(request.headers.get("referer")) or "",
        )
        return framed(page, request)

    async def _selection(
        self,
        request: Request[Any, Any, Any],
        viewer: Principal | None,
        embeds: EmbedService,
        selection: Selection,
    ) -> Response[Any]:
        """A selection starts on its first work."""
        first = selection.items[0] if selection.items else None
        return await self._page(request, viewer, embeds, first, selection)

    @get("/embed/works/{work_id:uuid}")
    async def work(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        embeds: NamedDependency[EmbedService],
    ) -> Response[Any]:
        return await self._page(request, viewer, embeds, await embeds.work(work_id))

    @get("/embed/creators/{creator_id:uuid}")
    async def creator(
        self,
        request: Request[Any, Any, Any],
        creator_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        embeds: NamedDependency[EmbedService],
    ) -> Response[Any]:
        return await self._selection(request, viewer, embeds, await embeds.creator(creator_id))

    @get("/embed/markets/{slug:str}")
    async def market(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        viewer: NamedDependency[Principal | None],
        embeds: NamedDependency[EmbedService],
    ) -> Response[Any]:
        return await self._selection(request, viewer, embeds, await embeds.market(slug))

    @get("/embed/works/{work_id:uuid}/player")
    async def player(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        embeds: NamedDependency[EmbedService],
    ) -> Response[Any]:
        """What a selection's embed plays when a listener picks another of its works."""
        item = await embeds.work(work_id)
        player = await embeds.player(viewer, item.id)
        body = {
            "work_id": str(item.id),
            "title": pick(item.work.details.titles, current_language()),
            "player": vars(player) if player else None,
            "picture": await embeds.picture(item.id),
            **player_labels(player),
        }
        return framed(Response(body), request)


class OEmbedController(Controller):
    """oEmbed discovery: what a site needs to embed a Lakou page from its URL alone."""

    tags = ["embeds"]
    dependencies = {
        "embeds": provide_service(EmbedService),
        "settings": provide_service(Settings),
    }

    @get(
        "/oembed",
        responses={
            501: ResponseSpec(
                data_container=ErrorEnvelope,
                description="Format non pris en charge : oEmbed répond en JSON seulement.",
                generate_examples=False,
            )
        },
    )
    async def oembed(
        self,
        embeds: NamedDependency[EmbedService],
        settings: NamedDependency[Settings],
        url: Annotated[str, Parameter(max_length=2000)],
        format: Annotated[str | None, Parameter(max_length=20)] = None,
        maxwidth: Bound = None,
        maxheight: Bound = None,
    ) -> Response[dict[str, Any]]:
        """An oEmbed 1.0 `rich` answer for a public work, creator or market page (json only)."""
        check_format(format)
        max_width, max_height = bound(maxwidth), bound(maxheight)
        public = settings.http.public_url.rstrip("/")
        target = target_of(url, public)
        if target.kind == "work":
            item = await embeds.work(UUID(target.key))
            player = await embeds.player(None, item.id)
            natural = SIZES[player.kind if player and player.kind in SIZES else "other"]
            title = pick(item.work.details.titles, current_language())
            author = item.creator_name
            path, author_path = f"/embed/works/{item.id}", f"/createurs/{item.work.creator_id}"
        else:
            selection = await (
                embeds.creator(UUID(target.key))
                if target.kind == "creator"
                else embeds.market(target.key)
            )
            natural, title, author = SIZES["selection"], selection.name, selection.name
            path, author_path = selection.embed_path, selection.page_path
        width, height = fitted(natural, max_width, max_height)
        body = {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Lakou",
            "provider_url": public + "/",
            "title": title,
            "author_name": author,
            "author_url": public + author_path,
            "html": iframe(target.embed_src(public + path), title, (width, height)),
            "width": width,
            "height": height,
            "cache_age": 3600,
        }
        return Response(body, headers={"access-control-allow-origin": "*"})
