"""What may be embedded: a public work, a creator's catalogue, a market's selection.

Whether something is embeddable never depends on who looks: a work is embeddable when anyone
may open its page (published, public or unlisted), so the owner of a private work gets the same
404 as a stranger. A selection lists only public works, as the creator and market pages do
(unlisted works are reachable by their link, never listed). What plays depends on the viewer,
by the main player's rule (see `players.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from accounts.domain import Principal
from infra.errors import AppError, NotFound
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import WorkQuery
from marketplace.catalogue.service import CatalogueService
from marketplace.catalogue.values import Visibility, WorkStatus
from marketplace.embeds.errors import EmbedError
from marketplace.embeds.players import Player, player_for
from marketplace.markets.service import MarketService
from marketplace.markets.stand_repository import StandFilter
from marketplace.markets.stands import StandService
from media.access.playback import PlaybackService

# A selection is a short playlist, not the whole catalogue: the newest (or first chosen) works.
MAX_ITEMS = 50


@dataclass(frozen=True)
class Item:
    """One embeddable work, as the embed names it."""

    work: Work
    creator_name: str

    @property
    def id(self) -> UUID:
        return self.work.id


@dataclass(frozen=True)
class Selection:
    kind: str  # creator, market
    name: str
    page_path: str  # its page on Lakou
    embed_path: str
    items: list[Item]


class EmbedService:
    def __init__(
        self,
        catalogue: CatalogueService,
        playback: PlaybackService,
        markets: MarketService,
        stands: StandService,
    ) -> None:
        self._catalogue = catalogue
        self._playback = playback
        self._markets = markets
        self._stands = stands

    async def work(self, work_id: UUID) -> Item:
        try:
            work = await self._catalogue.get_work(None, work_id)
            creator = await self._catalogue.get_creator(work.creator_id)
        except NotFound:
            raise NotFound(EmbedError.NOT_EMBEDDABLE) from None
        return Item(work, creator.name)

    async def creator(self, creator_id: UUID) -> Selection:
        try:
            creator = await self._catalogue.get_creator(creator_id)
        except NotFound:
            raise NotFound(EmbedError.NOT_EMBEDDABLE) from None
        works = await self._catalogue.list_works(
            WorkQuery(
                viewer_id=None,
                viewer_is_staff=False,
                creator_id=creator.id,
                status=WorkStatus.PUBLISHED,
                limit=MAX_ITEMS,
            )
        )
        return Selection(
            "creator",
            creator.name,
            f"/createurs/{creator.id}",
            f"/embed/creators/{creator.id}",
            [Item(work, creator.name) for work in works if _listed(work)],
        )

    async def market(self, slug: str) -> Selection:
        """The works its stands show, stand after stand, each once."""
        try:
            market = await self._markets.by_slug(None, slug)
        except AppError:
            raise NotFound(EmbedError.NOT_EMBEDDABLE) from None
        chosen: list[UUID] = []
        for stand in await self._stands.search(None, market.id, StandFilter()):
            chosen.extend(work_id for work_id in stand.work_ids if work_id not in chosen)
        works = await self._catalogue.public_works(chosen)
        listed = [works[i] for i in chosen if i in works and _listed(works[i])][:MAX_ITEMS]
        names = await self._catalogue.creators_by_ids({work.creator_id for work in listed})
        return Selection(
            "market",
            market.details.name,
            f"/marches/{market.details.slug}",
            f"/embed/markets/{market.details.slug}",
            [Item(w, names[w.creator_id].name if w.creator_id in names else "") for w in listed],
        )

    async def player(self, viewer: Principal | None, work_id: UUID) -> Player | None:
        """What this viewer may play of an embeddable work (preview, or all when entitled)."""
        return player_for(await self._playback.playback(viewer, work_id))

    async def picture(self, work_id: UUID) -> str | None:
        # Small: the embed shows it at 96 px (192 for sharp screens).
        return await self._playback.picture_url(work_id, width=192)


def _listed(work: Work) -> bool:
    return work.status is WorkStatus.PUBLISHED and work.details.visibility is Visibility.PUBLIC
