"""The scheduling API: managers of a scope open calendars, resources and windows; people list
free slots, book a table or a room seat for themselves, cancel their own bookings, read their
agenda and subscribe to it as an .ics feed.

Another person's booking answers 404; a scope the caller does not manage answers 403
(`ManagersByScope`: staff, unless the scope's module says otherwise).
"""

from __future__ import annotations

from datetime import time
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.http.dependencies import provide_service
from scheduling.domain import Scope
from scheduling.feeds import CalendarFeeds
from scheduling.schemas import (
    AgendaItemOut,
    BookingIn,
    BookingOut,
    CalendarIn,
    CalendarOut,
    FeedOut,
    ResourceIn,
    ResourceOut,
    SlotOut,
    WaitIn,
    WindowIn,
    WindowOut,
    agenda_item_out,
    booking_out,
    calendar_out,
    resource_out,
    slot_out,
    window_out,
)
from scheduling.service import SchedulingService

CALENDAR = "/calendars/{calendar_id:uuid}"
RESOURCE = "/resources/{resource_id:uuid}"
FEED_SUFFIX = ".ics"


class SchedulingController(Controller):
    path = "/api/scheduling"
    tags = ["scheduling"]
    guards = [requires_user]
    dependencies = {
        "scheduling": provide_service(SchedulingService),
        "feeds": provide_service(CalendarFeeds),
        "me": Provide(provide_user),
    }

    @post("/calendars", status_code=HTTP_201_CREATED)
    async def create_calendar(
        self,
        data: JSONBody[CalendarIn],
        me: NamedDependency[Principal],
        scheduling: NamedDependency[SchedulingService],
    ) -> CalendarOut:
        """Open a calendar for a scope the caller manages (`time_zone`: an IANA name)."""
        await scheduling.require_manager(me, Scope(data.scope_kind, data.scope_id))
        calendar = await scheduling.open_calendar(
            Scope(data.scope_kind, data.scope_id), data.name, data.time_zone, data.slot_minutes
        )
        return calendar_out(calendar, [], [])

    @get(CALENDAR)
    async def get_calendar(
        self, calendar_id: FromPath[UUID], scheduling: NamedDependency[SchedulingService]
    ) -> CalendarOut:
        """A calendar, its windows and its tables and rooms."""
        calendar = await scheduling.calendar(calendar_id)
        return calendar_out(
            calendar,
            await scheduling.windows(calendar_id),
            await scheduling.resources_of(calendar_id),
        )

    @post(f"{CALENDAR}/resources", status_code=HTTP_201_CREATED)
    async def add_resource(
        self,
        calendar_id: FromPath[UUID],
        data: JSONBody[ResourceIn],
        me: NamedDependency[Principal],
        scheduling: NamedDependency[SchedulingService],
    ) -> ResourceOut:
        """Add a person, a table or a room (`capacity`: seats per slot)."""
        await scheduling.managed_calendar(me, calendar_id)
        resource = await scheduling.add_resource(
            calendar_id, data.kind, data.name, capacity=data.capacity, ref_id=data.ref_id
        )
        return resource_out(resource)

    @post(f"{CALENDAR}/windows", status_code=HTTP_201_CREATED)
    async def add_window(
        self,
        calendar_id: FromPath[UUID],
        data: JSONBody[WindowIn],
        me: NamedDependency[Principal],
        scheduling: NamedDependency[SchedulingService],
    ) -> WindowOut:
        """Open a day from `starts` to `ends` (HH:MM, the calendar's local time)."""
        await scheduling.managed_calendar(me, calendar_id)
        window = await scheduling.add_window(
            calendar_id, data.day, time.fromisoformat(data.starts), time.fromisoformat(data.ends)
        )
        return window_out(window)

    @get(f"{RESOURCE}/slots")
    async def free_slots(
        self, resource_id: FromPath[UUID], scheduling: NamedDependency[SchedulingService]
    ) -> list[SlotOut]:
        """The resource's slots still to come with seats left."""
        return [slot_out(free) for free in await scheduling.free_slots(resource_id)]

    @post(f"{RESOURCE}/bookings", status_code=HTTP_201_CREATED)
    async def book(
        self,
        resource_id: FromPath[UUID],
        data: JSONBody[BookingIn],
        me: NamedDependency[Principal],
        scheduling: NamedDependency[SchedulingService],
    ) -> list[BookingOut]:
        """Book a table or a room seat for oneself: one's own calendar and the resource, both
        or neither (409 `slot_taken`)."""
        booked = await scheduling.book_as(me, resource_id, data.slot_start, data.label)
        return [booking_out(booking) for booking in booked]

    @post(f"{RESOURCE}/waiting-list", status_code=HTTP_204_NO_CONTENT)
    async def wait(
        self,
        resource_id: FromPath[UUID],
        data: JSONBody[WaitIn],
        me: NamedDependency[Principal],
        scheduling: NamedDependency[SchedulingService],
    ) -> None:
        """Wait for a seat of a full slot (409 `not_full` while seats are left)."""
        await scheduling.wait_as(me, resource_id, data.slot_start)

    @delete("/bookings/{booking_id:uuid}", status_code=HTTP_200_OK)
    async def cancel(
        self,
        booking_id: FromPath[UUID],
        me: NamedDependency[Principal],
        scheduling: NamedDependency[SchedulingService],
    ) -> list[BookingOut]:
        """Cancel one's own booking, with everything booked with it."""
        return [booking_out(booking) for booking in await scheduling.cancel_as(me, booking_id)]

    @get("/agenda")
    async def agenda(
        self, me: NamedDependency[Principal], feeds: NamedDependency[CalendarFeeds]
    ) -> list[AgendaItemOut]:
        """The caller's bookings in every calendar, cancelled ones included."""
        return [agenda_item_out(entry) for entry in await feeds.agenda(me.user_id)]

    @get("/agenda/feed")
    async def feed(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        feeds: NamedDependency[CalendarFeeds],
    ) -> FeedOut:
        """The caller's secret .ics URL, for calendar apps to subscribe to."""
        return FeedOut(feed_url(request, me.user_id, await feeds.token(me.user_id)))

    @post("/agenda/feed/rotate", status_code=HTTP_201_CREATED)
    async def rotate_feed(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        feeds: NamedDependency[CalendarFeeds],
    ) -> FeedOut:
        """A new secret URL: the one given out before stops working."""
        return FeedOut(feed_url(request, me.user_id, await feeds.rotate(me.user_id)))


@get(
    "/api/scheduling/feeds/{person_id:uuid}/{feed_token:str}",
    tags=["scheduling"],
    dependencies={"feeds": provide_service(CalendarFeeds)},
)
async def calendar_feed(
    person_id: FromPath[UUID], feed_token: FromPath[str], feeds: NamedDependency[CalendarFeeds]
) -> Response[bytes]:
    """A person's agenda as iCalendar, for whoever holds its secret URL (no session: calendar
    apps fetch it on their own); a wrong or rotated token answers 404."""
    body = await feeds.ics(person_id, feed_token.removesuffix(FEED_SUFFIX)[:64])
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )


def feed_url(request: Request[Any, Any, Any], user_id: UUID, token: str) -> str:
    base = str(request.base_url).rstrip("/")
    return f"{base}/api/scheduling/feeds/{user_id}/{token}{FEED_SUFFIX}"
