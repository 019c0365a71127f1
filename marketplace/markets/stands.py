"""Use cases for stands: open one, the exhibitor's edits, works, documents, search, visits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from accounts.domain import Principal
from accounts.organisations.documents import MAX_DOCUMENT_BYTES
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.domain import EDITABLE_STATES, Market
from marketplace.markets.errors import MarketError
from marketplace.markets.events import STAND_VISITED, StandVisit
from marketplace.markets.ports import Catalogue, Organisations, WorkFacts
from marketplace.markets.service import MANAGERS, MarketService, is_team
from marketplace.markets.stand import (
    Audience,
    DocumentKind,
    ExhibitorKind,
    Stand,
    StandDetails,
)
from marketplace.markets.stand_repository import StandDocument, StandFilter, StandRepository

MARTINIQUE = ZoneInfo("America/Martinique")
MAX_FILENAME = 200


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class StandView:
    """A stand as one visitor sees it: the works they may see, the documents open to them."""

    market: Market
    stand: Stand
    works: list[WorkFacts]
    documents: list[StandDocument]
    editable: bool
    # Live slots' recordings the visitor may open, by work id.
    recordings: dict[UUID, WorkFacts] = field(default_factory=dict)


class _Visit(EventRecorder):
    def __init__(self, market_id: UUID, stand_id: UUID, day: str, signed_in: bool) -> None:
        self.record(
            STAND_VISITED.event(
                stand_id,
                StandVisit(market_id=market_id, stand_id=stand_id, day=day, signed_in=signed_in),
            )
        )


class StandService:
    def __init__(
        self,
        markets: MarketService,
        accreditations: AccreditationService,
        repository: StandRepository,
        catalogue: Catalogue,
        organisations: Organisations,
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._markets = markets
        self._accreditations = accreditations
        self._repo = repository
        self._catalogue = catalogue
        self._organisations = organisations
        self._uow = unit_of_work
        self._now = now

    async def open_stand(
        self,
        who: Principal,
        market_id: UUID,
        kind: ExhibitorKind,
        *,
        creator_id: UUID | None = None,
        organisation_id: UUID | None = None,
    ) -> Stand:
        """The market's team gives an exhibitor a stand (accepted entries will, through calls)."""
        market = await self._markets.managed(who, market_id, MANAGERS)
        return await self.add_exhibitor(market, kind, creator_id, organisation_id)

    async def add_exhibitor(
        self,
        market: Market,
        kind: ExhibitorKind,
        creator_id: UUID | None,
        organisation_id: UUID | None,
    ) -> Stand:
        """The seam for the calls module: an accepted entry becomes a stand (no check of who)."""
        if market.state not in EDITABLE_STATES:
            raise Conflict(MarketError.WRONG_STATE, state=market.state.value)
        if kind is ExhibitorKind.CREATOR:
            creator = await self._catalogue.creator(creator_id) if creator_id else None
            if creator is None:
                raise NotFound(MarketError.CREATOR_NOT_FOUND)
            name, commune, owner = creator.name, creator.commune_code, creator.owner_id
            disciplines = [d for d in creator.disciplines if d in market.details.sections]
            organisation_id = None
        else:
            organisation = (
                await self._organisations.facts(organisation_id) if organisation_id else None
            )
            if organisation is None:
                raise InvalidInput(MarketError.INVALID_EXHIBITOR)
            name, commune, owner, disciplines = (
                organisation.name,
                organisation.commune_code,
                None,
                [],
            )
            creator_id = None
        stand = Stand.create(
            market.id,
            kind,
            name=name,
            creator_id=creator_id,
            organisation_id=organisation_id,
            owner_id=owner,
            commune_code=commune,
            disciplines=disciplines,
            now=self._now(),
        )
        async with self._uow():
            if await self._repo.exists_for(market.id, creator_id, organisation_id):
                raise Conflict(MarketError.STAND_EXISTS)
            await self._repo.add(stand)
        return stand

    async def search(
        self, viewer: Principal | None, market_id: UUID, where: StandFilter
    ) -> list[Stand]:
        market = await self._markets.visible(viewer, market_id)
        return await self._repo.of_market(market.id, where)

    async def view(self, viewer: Principal | None, market_id: UUID, stand_id: UUID) -> StandView:
        market = await self._markets.visible(viewer, market_id)
        stand = await self._stand_of(market, stand_id)
        editable = await self._is_exhibitor(stand, viewer)
        if stand.moderated and not editable:
            raise NotFound(MarketError.STAND_NOT_FOUND)  # hidden or taken down by staff
        private = editable or await self._accreditations.is_accredited(market, viewer)
        works = await self._catalogue.works([*stand.work_ids, *stand.details.recordings])
        recordings = {
            work_id: works[work_id]
            for work_id in stand.details.recordings
            if work_id in works and (works[work_id].listed or editable)
        }
        shown = [
            works[work_id]
            for work_id in stand.work_ids
            if work_id in works and (works[work_id].listed or editable)
        ]
        documents = [
            document
            for document in await self._repo.documents(stand.id)
            if private or document.audience is Audience.PUBLIC
        ]
        return StandView(market, stand, shown, documents, editable, recordings)

    async def mine(self, who: Principal) -> list[Stand]:
        organisations = await self._organisations.of_member(who.user_id)
        own = await self._repo.of_owner(who.user_id)
        return own + await self._repo.of_organisations(organisations)

    async def update(
        self,
        who: Principal,
        stand_id: UUID,
        details: StandDetails,
        disciplines: Sequence[str] | None = None,
    ) -> Stand:
        stand, market = await self._edited(who, stand_id)
        await self._check_own(stand, who, details.recordings)
        stand.update(details, self._now())
        if disciplines is not None:
            sections = set(map(str, market.details.sections))
            stand.disciplines = [d for d in dict.fromkeys(disciplines) if d in sections]
        async with self._uow():
            await self._repo.save(stand)
        return stand

    async def select_works(self, who: Principal, stand_id: UUID, work_ids: Sequence[UUID]) -> Stand:
        """Only the exhibitor's own works: anyone else's is not found (it may be private)."""
        stand, _ = await self._edited(who, stand_id)
        await self._check_own(stand, who, work_ids)
        stand.select_works(work_ids, self._now())
        async with self._uow():
            await self._repo.save(stand)
        return stand

    async def _check_own(self, stand: Stand, who: Principal, work_ids: Sequence[UUID]) -> None:
        """Works on a stand (selected, or a live slot's recording) are the exhibitor's own."""
        works = await self._catalogue.works(list(work_ids)) if work_ids else {}
        for work_id in work_ids:
            work = works.get(work_id)
            if work is None or not self._owns(stand, who, work):
                raise NotFound(MarketError.WORK_NOT_FOUND)

    async def add_document(
        self,
        who: Principal,
        stand_id: UUID,
        kind: DocumentKind,
        audience: Audience,
        filename: str,
        content: bytes,
    ) -> StandDocument:
        stand, _ = await self._edited(who, stand_id)
        if not content.startswith(b"%PDF-") or len(content) > MAX_DOCUMENT_BYTES:
            raise InvalidInput(MarketError.INVALID_DOCUMENT, max=MAX_DOCUMENT_BYTES // 2**20)
        name = "".join(
            c for c in filename.rsplit("/", 1)[-1] if c.isprintable() and c not in '";\\'
        )
        name = (name.strip() or "document")[: MAX_FILENAME - 4]
        document = StandDocument(
            id=new_id(),
            stand_id=stand.id,
            kind=kind,
            audience=audience,
            filename=name if name.lower().endswith(".pdf") else name + ".pdf",
            content_type="application/pdf",
            size=len(content),
            uploaded_at=self._now(),
        )
        async with self._uow():
            return await self._repo.add_document(document, content, who.user_id)

    async def document(
        self, viewer: Principal | None, market_id: UUID, document_id: UUID
    ) -> tuple[StandDocument, bytes]:
        """A stand's document; an accredited-only one is not found for anyone else."""
        market = await self._markets.visible(viewer, market_id)
        found = await self._repo.document(document_id)
        if found is None:
            raise NotFound(MarketError.DOCUMENT_NOT_FOUND)
        document, content = found
        stand = await self._repo.get(document.stand_id)
        if stand is None or stand.market_id != market.id:
            raise NotFound(MarketError.DOCUMENT_NOT_FOUND)
        if document.audience is Audience.ACCREDITED and not (
            await self._is_exhibitor(stand, viewer)
            or await self._accreditations.is_accredited(market, viewer)
        ):
            raise NotFound(MarketError.DOCUMENT_NOT_FOUND)
        return document, content

    async def visited(self, market: Market, stand: Stand, visitor: str, signed_in: bool) -> bool:
        """Count a visit once per visitor and Martinique day; True when it was a new one."""
        day = self._now().astimezone(MARTINIQUE).date().isoformat()
        async with self._uow() as uow:
            if not await self._repo.record_visit(stand.id, visitor, day):
                return False
            uow.track(_Visit(market.id, stand.id, day, signed_in))
        return True

    async def own_works(self, who: Principal, stand: Stand) -> list[WorkFacts]:
        """What the exhibitor may put on the stand: their own works (the profile's, for a
        creator's stand)."""
        owner = stand.owner_id if stand.owner_id is not None and who.is_staff else who.user_id
        return await self._catalogue.own_works(owner, stand.creator_id)

    async def found(self, stand_id: UUID) -> tuple[Stand, Market] | None:
        """A stand and its market whatever their state, for staff's moderation."""
        stand = await self._repo.get(stand_id)
        return (stand, await self._markets.get(stand.market_id)) if stand else None

    async def moderate(self, who: Principal, stand_id: UUID, state: str, reason: str) -> str:
        """Staff hide a stand ("hidden"), take it down ("taken_down") or restore it (""); the
        state it had before is returned, for a later restore."""
        if not who.is_staff:
            raise Forbidden(MarketError.EXHIBITOR_ONLY)
        stand = await self._repo.get(stand_id)
        if stand is None:
            raise NotFound(MarketError.STAND_NOT_FOUND)
        async with self._uow():
            await self._repo.moderate(stand.id, state, reason)
        return stand.moderation

    async def editable(self, who: Principal, stand_id: UUID) -> tuple[Stand, Market]:
        return await self._edited(who, stand_id)

    async def _edited(self, who: Principal, stand_id: UUID) -> tuple[Stand, Market]:
        stand = await self._repo.get(stand_id)
        if stand is None:
            raise NotFound(MarketError.STAND_NOT_FOUND)
        market = await self._markets.get(stand.market_id)
        if await self._is_exhibitor(stand, who):
            return stand, market
        # Someone else's stand: refused where they may see it, not found where they may not.
        await self._markets.visible(who, stand.market_id)
        raise Forbidden(MarketError.EXHIBITOR_ONLY)

    async def _stand_of(self, market: Market, stand_id: UUID) -> Stand:
        stand = await self._repo.get(stand_id)
        if stand is None or stand.market_id != market.id:
            raise NotFound(MarketError.STAND_NOT_FOUND)
        return stand

    async def _is_exhibitor(self, stand: Stand, who: Principal | None) -> bool:
        if who is None:
            return False
        if who.is_staff or (stand.owner_id is not None and stand.owner_id == who.user_id):
            return True
        return stand.organisation_id is not None and await self._organisations.is_member(
            stand.organisation_id, who.user_id
        )

    @staticmethod
    def _owns(stand: Stand, who: Principal, work: WorkFacts) -> bool:
        if stand.creator_id is not None:
            return work.creator_id == stand.creator_id
        return work.owner_id == who.user_id


__all__ = ["StandFilter", "StandService", "StandView", "is_team"]
