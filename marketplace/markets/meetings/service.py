"""Use cases for meetings: the market's meeting hours and quotas, asking a stand, the
exhibitor's answer, each side's list and a meeting's .ics.

The market's "meetings" calendar (scheduling module, scope ("market", id)) holds every slot;
each stand's tables are TABLE resources of it, made on first use. Accepting a request books the
professional, the exhibitor who accepts and a free table of the stand in one transaction
(`SchedulingService.book`, the database's unique index keeping anyone from being booked twice),
with the meeting's row and its `meeting.booked` event in that same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Protocol
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from infra.notifications import Notifier
from marketplace.markets.accreditation import Category
from marketplace.markets.accreditations import ASKING_STATES, AccreditationService
from marketplace.markets.domain import Market
from marketplace.markets.errors import MarketError
from marketplace.markets.meetings.domain import Meeting, MeetingState
from marketplace.markets.meetings.notifications import ANSWERED, REQUESTED, tell
from marketplace.markets.meetings.repository import MeetingRepository
from marketplace.markets.service import MANAGERS, MarketService
from marketplace.markets.stand import Stand
from marketplace.markets.stands import StandService
from marketplace.markets.team_scopes import SCOPE_KIND
from scheduling.domain import (
    Calendar,
    Resource,
    ResourceKind,
    Scope,
    Slot,
    Window,
    slot_at,
    window_slots,
)
from scheduling.domain import window_bounds as bounds_of_window
from scheduling.ical import AgendaEntry, render_agenda
from scheduling.service import SchedulingService

CALENDAR_NAME = "meetings"
TIME_ZONE = "America/Martinique"
SLOT_MINUTES = 30
MAX_QUOTA = 48  # a day of half-hour slots


def _now() -> datetime:
    return datetime.now(UTC)


class PeopleNames(Protocol):
    """The names people show, for the exhibitor to see who asks."""

    async def names(self, user_ids: Iterable[UUID]) -> dict[UUID, str]: ...


class Exhibitors(Protocol):
    """Who answers for a stand, to be told of a request."""

    async def of(self, stand: Stand) -> list[UUID]: ...


@dataclass(frozen=True)
class FreeSlot:
    slot: Slot
    tables_free: int


@dataclass(frozen=True)
class MyMeetings:
    """What one person sees on "Mes rendez-vous": what they asked, what their stands got."""

    asked: list[Meeting]
    received: list[Meeting]
    stands: dict[UUID, Stand]  # the stands named by either list
    names: dict[UUID, str]  # the professionals who asked the person's stands


class _LostRace(Exception):
    """Another request opened the market's meetings calendar first: roll this one back."""


class MeetingService:
    def __init__(
        self,
        markets: MarketService,
        accreditations: AccreditationService,
        stands: StandService,
        scheduling: SchedulingService,
        repository: MeetingRepository,
        names: PeopleNames,
        exhibitors: Exhibitors,
        notifier: Callable[[], Notifier],
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._names = names
        self._exhibitors = exhibitors
        # Looked up when used: the notifications module may be wired after this one.
        self._notifier = notifier
        self._markets = markets
        self._accreditations = accreditations
        self._stands = stands
        self._scheduling = scheduling
        self._repo = repository
        self._uow = unit_of_work
        self._now = now

    # The organiser's side ------------------------------------------------------------------

    async def add_day(
        self, who: Principal, market_id: UUID, day: date, starts: time, ends: time
    ) -> Window:
        """Meeting hours on one day, in Martinique time, inside the market's window."""
        market = await self._markets.managed(who, market_id, MANAGERS)
        calendar = await self.calendar(market)
        starts_at, ends_at = bounds_of_window(calendar, day, starts, ends)
        window = market.window
        if starts_at < window.opens_at or ends_at > window.closes_at:
            raise InvalidInput(MarketError.MEETING_OUTSIDE_WINDOW)
        return await self._scheduling.add_window(calendar.id, day, starts, ends)

    async def days(self, viewer: Principal | None, market_id: UUID) -> list[Window]:
        market = await self._markets.visible(viewer, market_id)
        settings = await self._repo.settings(market.id)
        return await self._scheduling.windows(settings[0]) if settings else []

    async def set_quotas(
        self, who: Principal, market_id: UUID, quotas: dict[str, int]
    ) -> dict[str, int]:
        """Meetings per Martinique day for each accreditation category (absent: no limit)."""
        market = await self._markets.managed(who, market_id, MANAGERS)
        checked: dict[str, int] = {}
        for category, count in quotas.items():
            if category not in {c.value for c in Category}:
                allowed = ", ".join(c.value for c in Category)
                raise InvalidInput(MarketError.INVALID_CATEGORY, allowed=allowed)
            if isinstance(count, bool) or not 0 <= count <= MAX_QUOTA:
                raise InvalidInput(MarketError.INVALID_QUOTA, max=MAX_QUOTA)
            checked[category] = count
        await self.calendar(market)
        async with self._uow():
            await self._repo.set_quotas(market.id, checked)
        return checked

    async def quotas(self, viewer: Principal | None, market_id: UUID) -> dict[str, int]:
        market = await self._markets.visible(viewer, market_id)
        settings = await self._repo.settings(market.id)
        return settings[1] if settings else {}

    async def calendar(self, market: Market) -> Calendar:
        """The market's meetings calendar, opened on first use (once, even when two ask)."""
        settings = await self._repo.settings(market.id)
        if settings is None:
            try:
                async with self._uow():
                    calendar = await self._scheduling.open_calendar(
                        Scope(SCOPE_KIND, market.id), CALENDAR_NAME, TIME_ZONE, SLOT_MINUTES
                    )
                    if not await self._repo.claim_settings(market.id, calendar.id):
                        raise _LostRace
                return calendar
            except _LostRace:
                settings = await self._repo.settings(market.id)
                assert settings is not None
        return await self._scheduling.calendar(settings[0])

    # Free slots and tables -----------------------------------------------------------------

    async def free_slots(
        self, viewer: Principal | None, market_id: UUID, stand_id: UUID
    ) -> list[FreeSlot]:
        """The slots where at least one of the stand's tables is free, in order."""
        view = await self._stands.view(viewer, market_id, stand_id)
        calendar = await self.calendar(view.market)
        free: dict[datetime, tuple[Slot, int]] = {}
        for table in await self._tables(calendar, view.stand):
            for item in await self._scheduling.free_slots(table.id):
                slot, count = free.get(item.slot.starts_at, (item.slot, 0))
                free[item.slot.starts_at] = (slot, count + 1)
        window = view.market.window
        return [
            FreeSlot(slot, count)
            for _, (slot, count) in sorted(free.items())
            if window.opens_at <= slot.starts_at and slot.ends_at <= window.closes_at
        ]

    async def stand_name(self, viewer: Principal | None, market_id: UUID, stand_id: UUID) -> str:
        return (await self._stands.view(viewer, market_id, stand_id)).stand.name

    async def stand_tables(self, calendar: Calendar, stand: Stand) -> list[Resource]:
        """The stand's tables (the round books them as an accept does)."""
        return await self._tables(calendar, stand)

    async def day_slots(self, calendar: Calendar, day: date) -> list[Slot]:
        """The meeting slots of one Martinique day, in order."""
        windows = await self._scheduling.windows(calendar.id)
        return [
            slot
            for window in windows
            if window.day == day
            for slot in window_slots(calendar, window)
        ]

    async def _tables(self, calendar: Calendar, stand: Stand) -> list[Resource]:
        """The stand's tables as resources of the calendar, the missing ones made now (under
        the settings row's lock, so two first uses make them once)."""
        tables = await self._table_resources(calendar, stand)
        if len(tables) < stand.details.tables:
            async with self._uow():
                await self._repo.settings(stand.market_id, for_update=True)
                tables = await self._table_resources(calendar, stand)
                for number in range(len(tables) + 1, stand.details.tables + 1):
                    await self._scheduling.add_resource(
                        calendar.id,
                        ResourceKind.TABLE,
                        f"Table {number:02d} · {stand.name}",
                        ref_id=stand.id,
                    )
            tables = await self._table_resources(calendar, stand)
        return tables[: stand.details.tables]

    async def _table_resources(self, calendar: Calendar, stand: Stand) -> list[Resource]:
        return sorted(
            (
                resource
                for resource in await self._scheduling.resources_of(calendar.id)
                if resource.kind is ResourceKind.TABLE and resource.ref_id == stand.id
            ),
            key=lambda resource: resource.name,
        )

    # The professional asks -----------------------------------------------------------------

    async def ask(
        self,
        who: Principal,
        market_id: UUID,
        stand_id: UUID,
        slots: Sequence[datetime],
        message: str = "",
    ) -> Meeting:
        market = await self._markets.visible(who, market_id)
        accreditation = await self._accreditations.mine(who, market.id)
        if accreditation is None or not accreditation.granted:
            raise Forbidden(MarketError.ACCREDITATION_REQUIRED)
        view = await self._stands.view(who, market.id, stand_id)
        if view.editable:
            raise InvalidInput(MarketError.OWN_STAND)
        if market.state not in ASKING_STATES:
            raise Conflict(MarketError.WRONG_STATE, state=market.state.value)
        if view.stand.details.tables == 0:
            raise Conflict(MarketError.NO_MEETING_TABLES)
        calendar = await self.calendar(market)
        windows = await self._scheduling.windows(calendar.id)
        for wanted in slots:
            slot = slot_at(calendar, windows, wanted)
            if slot.starts_at < market.window.opens_at or slot.ends_at > market.window.closes_at:
                raise InvalidInput(MarketError.MEETING_OUTSIDE_WINDOW)
        meeting = Meeting.ask(
            market.id,
            view.stand.id,
            who.user_id,
            accreditation.category.value,
            list(slots),
            message,
            self._now(),
        )
        async with self._uow():
            if not await self._repo.add(meeting):
                raise Conflict(MarketError.MEETING_ALREADY_REQUESTED)
            for exhibitor in await self._exhibitors.of(view.stand):
                await tell(self._notifier(), REQUESTED, exhibitor, meeting, view.stand, market)
        return meeting

    # The exhibitor answers -----------------------------------------------------------------

    async def accept(self, who: Principal, meeting_id: UUID, slot_start: datetime) -> Meeting:
        meeting, stand, market = await self._answered(who, meeting_id)
        moment = meeting.check_acceptable(slot_start)
        calendar = await self.calendar(market)
        table = await self._free_table(calendar, stand, moment)
        professional = await self._scheduling.person(calendar.id, meeting.professional_id)
        exhibitor = await self._scheduling.person(calendar.id, who.user_id, who.display_name)
        settings = await self._repo.settings(market.id)
        quota = settings[1].get(meeting.category) if settings else None
        async with self._uow() as unit:
            locked = await self._repo.get(meeting.id, for_update=True)
            assert locked is not None
            locked.check_acceptable(moment)
            if quota is not None:
                # One professional's accepts wait for each other, so the count stays true.
                await self._repo.lock_professional(market.id, meeting.professional_id)
                day = moment.astimezone(calendar.zone).date().isoformat()
                if await self._repo.booked_on(meeting.professional_id, day) >= quota:
                    raise Conflict(MarketError.MEETING_QUOTA_REACHED, quota=quota)
            # A seat already taken raises 409 `slot_taken` and rolls all of this back.
            booked = await self._scheduling.book(
                [professional.id, exhibitor.id, table.id],
                moment,
                who.user_id,
                label=f"Rendez-vous · {stand.name}",
            )
            locked.book(moment, booked[0].group_id, table.id, who.user_id, self._now())
            await self._repo.save(locked)
            unit.track(locked)
            await tell(self._notifier(), ANSWERED, locked.professional_id, locked, stand, market)
        return locked

    async def decline(self, who: Principal, meeting_id: UUID, reason: str) -> Meeting:
        meeting, stand, market = await self._answered(who, meeting_id)
        async with self._uow():
            locked = await self._repo.get(meeting.id, for_update=True)
            assert locked is not None
            locked.decline(reason, who.user_id, self._now())
            await self._repo.save(locked)
            await tell(self._notifier(), ANSWERED, locked.professional_id, locked, stand, market)
        return locked

    async def _answered(self, who: Principal, meeting_id: UUID) -> tuple[Meeting, Stand, Market]:
        """The request and its stand, for one of the stand's exhibitors (403 or 404 for anyone
        else, as for editing the stand)."""
        meeting = await self._repo.get(meeting_id)
        if meeting is None:
            raise NotFound(MarketError.MEETING_NOT_FOUND)
        if meeting.professional_id == who.user_id and not who.is_staff:
            raise NotFound(MarketError.MEETING_NOT_FOUND)  # one does not answer one's own
        stand, market = await self._stands.editable(who, meeting.stand_id)
        return meeting, stand, market

    async def _free_table(self, calendar: Calendar, stand: Stand, moment: datetime) -> Resource:
        tables = await self._tables(calendar, stand)
        if not tables:
            raise Conflict(MarketError.NO_MEETING_TABLES)
        for table in tables:
            free = await self._scheduling.free_slots(table.id)
            if any(item.slot.starts_at == moment for item in free):
                return table
        raise Conflict(MarketError.MEETING_SLOT_TAKEN)

    # Each side's list, a meeting's .ics ----------------------------------------------------

    async def mine(self, who: Principal, market_id: UUID) -> MyMeetings:
        market = await self._markets.visible(who, market_id)
        own = [stand for stand in await self._stands.mine(who) if stand.market_id == market.id]
        asked = await self._repo.of_professional(market.id, who.user_id)
        received = await self._repo.of_stands([stand.id for stand in own])
        stands = {stand.id: stand for stand in own}
        for meeting in asked:
            if meeting.stand_id not in stands:
                view = await self._stands.view(who, market.id, meeting.stand_id)
                stands[meeting.stand_id] = view.stand
        names = await self._names.names(meeting.professional_id for meeting in received)
        return MyMeetings(asked, received, stands, names)

    async def ics(self, who: Principal, meeting_id: UUID) -> tuple[Meeting, bytes]:
        """A booked meeting as an iCalendar file, for its two sides only (404 otherwise); a
        cancelled one as METHOD:CANCEL with STATUS:CANCELLED, so calendars drop it."""
        meeting = await self._repo.get(meeting_id)
        if meeting is None or meeting.group_id is None:
            raise NotFound(MarketError.MEETING_NOT_FOUND)
        if meeting.professional_id != who.user_id:
            try:
                await self._stands.editable(who, meeting.stand_id)
            except (Forbidden, NotFound):
                raise NotFound(MarketError.MEETING_NOT_FOUND) from None
        assert meeting.group_id is not None
        bookings = await self._scheduling.booking_group(meeting.group_id)
        calendar = await self._scheduling.calendar(bookings[0].calendar_id)
        table = next(b for b in bookings if b.resource_id == meeting.table_id)
        resource = await self._scheduling.resource(table.resource_id)
        entry = AgendaEntry(table, calendar, (resource,))
        cancelled = meeting.state is MeetingState.CANCELLED
        method = "CANCEL" if cancelled else "PUBLISH"
        return meeting, render_agenda([entry], name="Lakou · rendez-vous", method=method)


__all__ = ["FreeSlot", "MeetingService", "MyMeetings"]
