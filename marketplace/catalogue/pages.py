"""Public catalogue pages: home, a work's page (with its player), a creator's page, covers."""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_principal
from accounts.domain import Principal
from accounts.guards import page_errors
from accounts.organisations.acting import ActingOrganisation, provide_acting_organisation
from accounts.organisations.capabilities import LICENCE_REQUESTS
from infra.errors import AppError
from infra.http.dependencies import provide_service
from infra.http.pages import render
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import CreatorQuery, WorkQuery
from marketplace.catalogue.service import CatalogueService
from marketplace.catalogue.values import Visibility, WorkStatus
from marketplace.offers.domain import Offer, OfferKind
from marketplace.offers.service import OfferService
from marketplace.orders.library import LibraryService
from media.access.playback import PlaybackService

# The page for what does not exist or is not the visitor's to see (the other pages use it too).
NOT_FOUND_PAGE = "catalogue/not_found.html"
# One warm gradient per discipline for works without a picture (decorative: no text inside).
PALETTES = {
    "music": ("#b23a1e", "#f4c430"),
    "film": ("#0e6a8a", "#073d31"),
    "animation": ("#0b5d4b", "#f4c430"),
    "video_game": ("#5b2a86", "#0e6a8a"),
    "visual_arts": ("#c2410c", "#7c2d12"),
    "photography": ("#1f2421", "#0e6a8a"),
    "books": ("#7c2d12", "#f4c430"),
    "live_performance": ("#9d174d", "#f59e0b"),
    "heritage": ("#0b5d4b", "#b23a1e"),
    "crafts": ("#92400e", "#d9a441"),
    "design_fashion": ("#be185d", "#f4c430"),
    "digital_creation": ("#1e3a8a", "#0b5d4b"),
}


def placeholder_svg(discipline: str, seed: str) -> str:
    first, second = PALETTES.get(discipline, ("#0b5d4b", "#0e6a8a"))
    digest = hashlib.sha256(seed.encode()).digest()
    x, y, r = 60 + digest[0] % 280, 60 + digest[1] % 280, 60 + digest[2] % 90
    rings = "".join(
        f'<circle cx="{x}" cy="{y}" r="{r + 40 * i}" fill="none" stroke="#fff" '
        f'stroke-opacity="{0.28 - 0.05 * i:.2f}" stroke-width="10"/>'
        for i in range(5)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400">'
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{first}"/>'
        f'<stop offset="1" stop-color="{second}"/></linearGradient></defs>'
        f'<rect width="400" height="400" fill="url(#g)"/>{rings}'
        '<path d="M0 330 Q100 290 200 330 T400 330 V400 H0Z" fill="#fff" fill-opacity=".16"/>'
        "</svg>"
    )


async def _offers_and_ownership(
    offers: OfferService, library: LibraryService, me: Principal | None, work_id: UUID
) -> tuple[list[Offer], bool]:
    """The work's active offers (its own, then bundles) and whether the viewer bought it."""
    try:
        found = await offers.offers_for_work(me, work_id)
    except AppError:
        found = []
    owned = False
    if me is not None:
        owned = any(item.work_id == work_id for item in await library.owned(me))
    return list(found), owned


def listed(works: list[Work]) -> list[Work]:
    return [w for w in works if w.details.visibility is Visibility.PUBLIC]


class CataloguePages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)
    dependencies = {
        "catalogue": provide_service(CatalogueService),
        "offers": provide_service(OfferService),
        "library": provide_service(LibraryService),
        "playback": provide_service(PlaybackService),
        "me": Provide(provide_page_principal),
        "acting": Provide(provide_acting_organisation),
    }

    @get("/")
    async def home(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        catalogue: NamedDependency[CatalogueService],
    ) -> Template:
        works = await catalogue.list_works(
            WorkQuery(viewer_id=None, viewer_is_staff=False, status=WorkStatus.PUBLISHED, limit=24)
        )
        creators = await catalogue.list_creators(CreatorQuery(limit=8))
        names = {c.id: c.name for c in creators}
        missing = {work.creator_id for work in works} - names.keys()
        if missing:  # the works' other creators, read at once
            names |= {i: c.name for i, c in (await catalogue.creators_by_ids(missing)).items()}
        counts: dict[str, int] = {}
        for work in works:
            code = work.details.discipline.value
            counts[code] = counts.get(code, 0) + 1
        return render(
            request,
            "catalogue/home.html",
            me,
            works=works,
            featured=works[:3],
            creator_names=names,
            creators=creators,
            discipline_counts=counts,
        )

    @get("/oeuvres/{work_id:uuid}")
    async def work_page(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        me: NamedDependency[Principal | None],
        catalogue: NamedDependency[CatalogueService],
        offers: NamedDependency[OfferService],
        library: NamedDependency[LibraryService],
        acting: NamedDependency[ActingOrganisation | None],
    ) -> Template:
        work = await catalogue.get_work(me, work_id)
        creator = await catalogue.get_creator(work.creator_id)
        more = [
            w
            for w in await catalogue.list_works(
                WorkQuery(
                    viewer_id=None,
                    viewer_is_staff=False,
                    creator_id=creator.id,
                    status=WorkStatus.PUBLISHED,
                    limit=7,
                )
            )
            if w.id != work.id
        ][:6]
        found, owned = await _offers_and_ownership(offers, library, me, work.id)
        return render(
            request,
            "catalogue/work.html",
            me,
            work=work,
            creator=creator,
            more=more,
            owner=me is not None and (me.is_staff or me.user_id == work.owner_id),
            own_offer=next((o for o in found if o.kind is OfferKind.WORK), None),
            bundles=[o for o in found if o.kind is OfferKind.BUNDLE],
            owned=owned,
            # A verified export partner may ask for a licence (licensing's pages).
            licensable=acting is not None and acting.unlocks(LICENCE_REQUESTS),
        )

    @get("/oeuvres/{work_id:uuid}/couverture")
    async def cover(
        self,
        work_id: FromPath[UUID],
        me: NamedDependency[Principal | None],
        catalogue: NamedDependency[CatalogueService],
        playback: NamedDependency[PlaybackService],
    ) -> Response[Any]:
        """The work's picture (its cover, else its own image or poster), else a drawn one."""
        try:
            work = await catalogue.get_work(me, work_id)
        except AppError:
            return Response(placeholder_svg("", str(work_id)), media_type="image/svg+xml")
        url = await playback.picture_url(work.id)
        if url is not None:
            return Redirect(url, status_code=302, headers={"cache-control": "private, max-age=600"})
        return Response(
            placeholder_svg(work.details.discipline.value, str(work.id)),
            media_type="image/svg+xml",
            headers={"cache-control": "private, max-age=600"},
        )

    @get("/createurs/{creator_id:uuid}")
    async def creator_page(
        self,
        request: Request[Any, Any, Any],
        creator_id: FromPath[UUID],
        me: NamedDependency[Principal | None],
        catalogue: NamedDependency[CatalogueService],
    ) -> Template:
        creator = await catalogue.get_creator(creator_id)
        works = listed(
            await catalogue.list_works(
                WorkQuery(
                    viewer_id=None,
                    viewer_is_staff=False,
                    creator_id=creator.id,
                    status=WorkStatus.PUBLISHED,
                    limit=100,
                )
            )
        )
        links = [link for link in creator.links if link.startswith(("https://", "http://"))]
        return render(
            request,
            "catalogue/creator.html",
            me,
            creator=creator,
            works=works,
            links=links,
            creator_names={creator.id: creator.name},
            owner=me is not None and me.user_id == creator.owner_id,
        )
