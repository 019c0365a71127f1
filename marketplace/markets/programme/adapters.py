"""The programme's room calendar on the scheduling module's calendars, resources and spans."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from infra.errors import Conflict, InvalidInput
from marketplace.markets.domain import Window
from marketplace.markets.errors import MarketError
from marketplace.markets.programme.ports import PROGRAMME_ZONE, SLOT_MINUTES
from marketplace.markets.team_scopes import SCOPE_KIND
from scheduling.domain import Calendar, ResourceKind, Scope
from scheduling.errors import SchedulingError
from scheduling.service import SchedulingService
from scheduling.spans import SpanBookings

CALENDAR_NAME = "programme"


class ScheduledRooms:
    def __init__(self, scheduling: SchedulingService, spans: SpanBookings) -> None:
        self._scheduling = scheduling
        self._spans = spans

    async def add_room(self, market_id: UUID, window: Window, name: str) -> UUID:
        calendar = await self._calendar(market_id)
        await self._cover(calendar, window)
        # The room as a place: one session at a time (its seats are the agenda's business).
        resource = await self._scheduling.add_resource(calendar.id, ResourceKind.ROOM, name)
        return resource.id

    async def cover(self, market_id: UUID, window: Window) -> None:
        await self._cover(await self._calendar(market_id), window)

    async def hold(
        self, room_resource_id: UUID, starts_at: datetime, ends_at: datetime, by: UUID, label: str
    ) -> UUID:
        try:
            return await self._spans.book_span(room_resource_id, starts_at, ends_at, by, label)
        except Conflict as error:
            if error.error is SchedulingError.SLOT_TAKEN:
                raise Conflict(MarketError.ROOM_TAKEN) from None
            raise
        except InvalidInput as error:
            if error.error is SchedulingError.SLOT_PASSED:
                raise InvalidInput(MarketError.SESSION_PASSED) from None
            raise InvalidInput(MarketError.SESSION_OFF_GRID) from None

    async def release(self, group_id: UUID, by: UUID) -> None:
        if any(item.active for item in await self._scheduling.booking_group(group_id)):
            await self._scheduling.cancel(group_id, by)

    async def _calendar(self, market_id: UUID) -> Calendar:
        scope = Scope(SCOPE_KIND, market_id)
        for calendar in await self._scheduling.calendars_of(scope):
            if calendar.name == CALENDAR_NAME:
                return calendar
        return await self._scheduling.open_calendar(
            scope, CALENDAR_NAME, PROGRAMME_ZONE, SLOT_MINUTES
        )

    async def _cover(self, calendar: Calendar, window: Window) -> None:
        """Whole days in Martinique's time from the market's first day to its last (the window
        itself is checked on each session): a day already there is kept."""
        zone = ZoneInfo(PROGRAMME_ZONE)
        have = {item.day for item in await self._scheduling.windows(calendar.id)}
        day = window.opens_at.astimezone(zone).date()
        last = window.closes_at.astimezone(zone).date()
        while day <= last:
            if day not in have:
                await self._scheduling.add_window(calendar.id, day, time(0), time(0))
            day += timedelta(days=1)
