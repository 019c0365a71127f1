"""A person's agenda as a page: their bookings in every calendar, each at its calendar's local
time, and the secret .ics address to subscribe to from a calendar app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.response import Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_user
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import activated, current_language
from infra.i18n.formatting import local_datetime
from scheduling.controllers import feed_url
from scheduling.feeds import CalendarFeeds
from scheduling.ical import AgendaEntry


@dataclass(frozen=True)
class AgendaLine:
    when: str  # in the calendar's time zone
    time_zone: str
    calendar: str
    label: str
    with_resources: str
    cancelled: bool
    starts_at: str  # ISO 8601, for <time datetime>


class AgendaPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors()
    dependencies = {"me": Provide(provide_page_user), "feeds": provide_service(CalendarFeeds)}

    @get("/agenda")
    async def agenda_page(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        feeds: NamedDependency[CalendarFeeds],
    ) -> Template:
        entries = await feeds.agenda(me.user_id)
        return render(
            request,
            "scheduling/agenda.html",
            me,
            lines=[_line(entry) for entry in entries],
            feed=feed_url(request, me.user_id, await feeds.token(me.user_id)),
        )


def _line(entry: AgendaEntry) -> AgendaLine:
    booking = entry.booking
    with activated(current_language(), entry.calendar.time_zone):
        when = local_datetime(booking.slot_start, "medium")
    return AgendaLine(
        when=when,
        time_zone=entry.calendar.time_zone,
        calendar=entry.calendar.name,
        label=booking.label,
        with_resources=", ".join(r.name for r in entry.with_resources if r.name),
        cancelled=not booking.active,
        starts_at=booking.slot_start.isoformat(),
    )
