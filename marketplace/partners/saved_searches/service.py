"""Saved searches: an organisation's partner saves the search it would run; each newly published
or newly offered work is evaluated against every saved search in a worker, and a work that
matches one is recorded once (unique index), which tells the organisation's members and sends
`saved_search.matched` to its webhook endpoints (an outbox event, in the same transaction)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, InvalidInput, NotFound
from infra.events.envelope import EventEnvelope
from infra.events.model import EventRecorder
from infra.ids import new_id
from infra.notifications import Notifier
from marketplace.licensing import rules
from marketplace.licensing.domain import Period, Span, Status, available_for
from marketplace.partners.saved_searches.domain import (
    FILTER_NAMES,
    MAX_NAME_LENGTH,
    MAX_SAVED_SEARCHES,
    Criteria,
    RightsPeriod,
    SavedSearch,
    clean_name,
    rights_pairs,
    unknown_filters,
)
from marketplace.partners.saved_searches.errors import SavedSearchError
from marketplace.partners.saved_searches.events import SAVED_SEARCH_MATCHED, SavedSearchMatched
from marketplace.partners.saved_searches.notifications import SAVED_SEARCH_MATCHED as TOLD
from marketplace.partners.saved_searches.ports import SearchMatcher
from marketplace.partners.saved_searches.repository import SavedSearchRepository

CONSUMER = "partners.match_saved_searches"
USABLE = frozenset({Status.EXCLUSIVE, Status.NON_EXCLUSIVE})
# Ports adapted in the module's wiring: a work's title; an organisation's members; its spans.
WorkTitle = Callable[[UUID], Awaitable[str]]
Members = Callable[[UUID], Awaitable[list[UUID]]]
Availability = Callable[[UUID], Awaitable[list[Span]]]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SavedSearchRequest:
    name: str
    text: str = ""
    filters: Mapping[str, Sequence[str]] | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    notify_members: bool = True
    send_webhooks: bool = True


@dataclass(frozen=True)
class SavedSearchChange:
    """What may change once saved (None: unchanged). The query and filters do not: a changed
    search is another search, whose past matches would mean something else."""

    name: str | None = None
    notify_members: bool | None = None
    send_webhooks: bool | None = None


class _Matches(EventRecorder):
    pass


def _or(wanted: bool | None, current: bool) -> bool:
    return current if wanted is None else wanted


def period_met(spans: list[Span], criteria: Criteria, period: RightsPeriod) -> bool:
    """Offered every day of the period in one of the wanted countries and media."""
    wanted = Period.inclusive(period.starts_on, period.ends_on)
    return any(
        available_for(spans, country, medium, wanted) in USABLE
        for country, medium in rights_pairs(criteria)
    )


class SavedSearchService:
    def __init__(
        self,
        repository: SavedSearchRepository,
        matcher: Callable[[], SearchMatcher],
        unit_of_work: Callable[[], UnitOfWork],
        availability: Availability,
        work_title: WorkTitle,
        members: Members,
        notifier: Callable[[], Notifier],
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._repo = repository
        self._matcher = matcher
        self._uow = unit_of_work
        self._availability = availability
        self._title = work_title
        self._members = members
        self._notifier = notifier
        self._now = clock

    # An organisation's saved searches --------------------------------------------------------

    async def create(
        self, organisation_id: UUID, created_by: UUID | None, request: SavedSearchRequest
    ) -> SavedSearch:
        name = clean_name(request.name)
        if name is None:
            raise InvalidInput(SavedSearchError.INVALID_NAME, max=MAX_NAME_LENGTH)
        filters = dict(request.filters or {})
        unknown = unknown_filters(filters)
        if unknown:
            raise InvalidInput(
                SavedSearchError.UNKNOWN_FILTER,
                names=", ".join(unknown[:5]),
                known=", ".join(FILTER_NAMES),
            )
        criteria = self._matcher().checked(
            Criteria(request.text.strip(), {k: tuple(v) for k, v in filters.items()})
        )
        period = self._period(criteria, request.starts_on, request.ends_on)
        saved = SavedSearch(
            id=new_id(),
            organisation_id=organisation_id,
            name=name,
            criteria=criteria,
            period=period,
            created_by=created_by,
            created_at=self._now(),
            notify_members=request.notify_members,
            send_webhooks=request.send_webhooks,
        )
        async with self._uow():
            if await self._repo.count(organisation_id) >= MAX_SAVED_SEARCHES:
                raise Conflict(SavedSearchError.TOO_MANY, max=MAX_SAVED_SEARCHES)
            await self._repo.add(saved)
        return saved

    def _period(
        self, criteria: Criteria, starts_on: date | None, ends_on: date | None
    ) -> RightsPeriod | None:
        if starts_on is None and ends_on is None:
            return None
        if not rights_pairs(criteria):
            raise InvalidInput(SavedSearchError.PERIOD_NEEDS_RIGHTS)
        for medium in criteria.values("licence_type"):
            rules.medium(medium)  # 422 unknown_medium: a period is checked per medium
        days = [day for day in (starts_on, ends_on) if day is not None]
        if (
            starts_on is None
            or any(not rules.EARLIEST <= day <= rules.LATEST for day in days)
            or (ends_on is not None and ends_on < starts_on)
        ):
            raise InvalidInput(
                SavedSearchError.INVALID_PERIOD,
                earliest=rules.EARLIEST.isoformat(),
                latest=rules.LATEST.isoformat(),
            )
        return RightsPeriod(starts_on, ends_on)

    async def of_organisation(self, organisation_id: UUID) -> list[SavedSearch]:
        return await self._repo.of_organisation(organisation_id)

    async def get(self, organisation_id: UUID, saved_search_id: UUID) -> SavedSearch:
        """Another organisation's saved search is not found (404), never forbidden."""
        saved = await self._repo.get(saved_search_id)
        if saved is None or saved.organisation_id != organisation_id:
            raise NotFound(SavedSearchError.NOT_FOUND)
        return saved

    async def matches(
        self, organisation_id: UUID, saved_search_id: UUID, limit: int | None = 100
    ) -> list[tuple[UUID, datetime]]:
        await self.get(organisation_id, saved_search_id)
        return await self._repo.matched_works(saved_search_id, limit)

    async def change(
        self, organisation_id: UUID, saved_search_id: UUID, change: SavedSearchChange
    ) -> SavedSearch:
        """Rename it, or turn its notifications or webhooks on or off."""
        saved = await self.get(organisation_id, saved_search_id)
        name = saved.name
        if change.name is not None:
            cleaned = clean_name(change.name)
            if cleaned is None:
                raise InvalidInput(SavedSearchError.INVALID_NAME, max=MAX_NAME_LENGTH)
            name = cleaned
        changed = replace(
            saved,
            name=name,
            notify_members=_or(change.notify_members, saved.notify_members),
            send_webhooks=_or(change.send_webhooks, saved.send_webhooks),
        )
        await self._repo.change(changed)
        return changed

    async def delete(self, organisation_id: UUID, saved_search_id: UUID) -> None:
        await self.get(organisation_id, saved_search_id)
        await self._repo.delete(saved_search_id)

    # Matching (an outbox consumer, in a worker) -----------------------------------------------

    async def on_work_event(self, event: EventEnvelope) -> None:
        """A work was published, changed or its rights changed: record every saved search it
        matches now and had not matched before. Replays record nothing more."""
        raw: Any = event.payload.get("work_id")
        if raw is None:
            return
        await self.evaluate(UUID(str(raw)))

    async def evaluate(self, work_id: UUID) -> list[UUID]:
        """The saved searches this work newly matched (and told, as their switches say)."""
        searches = await self._repo.every()
        if not searches:
            return []
        flags = await self._matcher().matching(work_id, [s.criteria for s in searches])
        candidates = [saved for saved, hit in zip(searches, flags, strict=True) if hit]
        if any(saved.period for saved in candidates):
            spans = await self._availability(work_id)
            candidates = [
                saved
                for saved in candidates
                if saved.period is None or period_met(spans, saved.criteria, saved.period)
            ]
        if not candidates:
            return []
        title = await self._title(work_id)
        told: list[UUID] = []
        async with self._uow() as uow:
            recorder = _Matches()
            for saved in candidates:
                if not await self._repo.add_match(saved.id, work_id, self._now()):
                    continue
                told.append(saved.id)
                # The match is recorded either way (the page lists it); the switches say who
                # else hears of it. The event's only consumer is the webhooks' fan-out.
                if saved.send_webhooks:
                    payload = SavedSearchMatched(
                        saved_search_id=saved.id,
                        organisation_id=saved.organisation_id,
                        work_id=work_id,
                    )
                    recorder.record(SAVED_SEARCH_MATCHED.event(saved.id, payload))
                if not saved.notify_members:
                    continue
                for user_id in await self._members(saved.organisation_id):
                    await self._notifier().notify(
                        TOLD,
                        user_id,
                        key=f"{saved.id}:{work_id}",
                        params={
                            "search": saved.name,
                            "work": title,
                            "webhooks": saved.send_webhooks,
                        },
                        link=f"/oeuvres/{work_id}",
                    )
            uow.track(recorder)
        return told
