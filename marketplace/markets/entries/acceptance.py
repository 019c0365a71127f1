"""Accepted entries join the market: the consumer of the calls' `entry.accepted`.

A market's call for entries is a call of the scope ("market", <market id>). When its team
accepts a submission, the applicant exhibits: the organisation they applied as, or else the
creator profile of each work they entered, gets a stand (or keeps the one it has) and the
accepted works join its selection. Declined and wait-listed entries change nothing here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from calls.events import ENTRY_ACCEPTED
from infra.db.unit_of_work import UnitOfWork
from infra.errors import NotFound
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from marketplace.markets.domain import EDITABLE_STATES, Market
from marketplace.markets.entries.ports import Applicants
from marketplace.markets.ports import Catalogue
from marketplace.markets.service import MarketService
from marketplace.markets.stand import MAX_WORKS, ExhibitorKind
from marketplace.markets.stand_repository import StandRepository
from marketplace.markets.stands import StandService
from marketplace.markets.team_scopes import SCOPE_KIND

CONSUMER = "markets.accepted_entries"


@dataclass(frozen=True)
class Placement:
    """One exhibitor of an accepted entry and the works it brings."""

    kind: ExhibitorKind
    creator_id: UUID | None
    organisation_id: UUID | None
    work_ids: list[UUID]


class AcceptedEntries:
    def __init__(
        self,
        markets: MarketService,
        stands: StandService,
        repository: StandRepository,
        catalogue: Catalogue,
        applicants: Applicants,
        unit_of_work: Callable[[], UnitOfWork],
    ) -> None:
        self._markets = markets
        self._stands = stands
        self._repo = repository
        self._catalogue = catalogue
        self._applicants = applicants
        self._uow = unit_of_work

    async def on_entry_accepted(self, event: EventEnvelope) -> bool:
        """Idempotent: a redelivered event adds no stand and no work twice."""
        entry = ENTRY_ACCEPTED.decode(event)
        if entry.scope_kind != SCOPE_KIND:
            return False  # another module's call (a programme, a call for projects)
        try:
            market = await self._markets.get(UUID(entry.scope_id))
        except (ValueError, NotFound):
            return False  # a scope naming no market has nowhere to place the entry
        if market.state not in EDITABLE_STATES:
            return False  # a closed or archived market takes no new exhibitor
        placements = await self._placements(entry.submission_id, entry.work_ids)

        async def place(_: EventEnvelope) -> None:
            for placement in placements:
                await self._place(market, placement)

        return await handle_once(CONSUMER, event, place)

    async def _placements(self, submission_id: UUID, work_ids: list[UUID]) -> list[Placement]:
        organisation_id = await self._applicants.acted_as(submission_id)
        if organisation_id is not None:
            kind = await self._applicants.exhibitor_kind(organisation_id)
            return [Placement(kind, None, organisation_id, list(work_ids))]
        # A person exhibits as the creator profile of each work entered (calls checked they
        # are the applicant's own); one stand per profile.
        works = await self._catalogue.works(work_ids)
        by_creator: dict[UUID, list[UUID]] = {}
        for work_id in work_ids:
            if work_id in works:
                by_creator.setdefault(works[work_id].creator_id, []).append(work_id)
        return [
            Placement(ExhibitorKind.CREATOR, creator_id, None, chosen)
            for creator_id, chosen in by_creator.items()
        ]

    async def _place(self, market: Market, placement: Placement) -> None:
        stand = await self._repo.of_exhibitor(
            market.id, placement.creator_id, placement.organisation_id
        )
        if stand is None:
            stand = await self._stands.add_exhibitor(
                market, placement.kind, placement.creator_id, placement.organisation_id
            )
        chosen = list(dict.fromkeys([*stand.work_ids, *placement.work_ids]))[:MAX_WORKS]
        if chosen == stand.work_ids:
            return
        stand.select_works(chosen, datetime.now(UTC))
        async with self._uow():
            await self._repo.save(stand)
