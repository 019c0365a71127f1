"""A person's agenda as an iCalendar feed (RFC 5545, with the `icalendar` package).

One VEVENT per booking: its UID is the booking group's id, so an app that subscribed sees the
same event move or end rather than a new one. Start and end carry the calendar's TZID (with the
VTIMEZONE it needs), so apps show the right wall-clock time on both sides of a daylight-saving
change; stamps are UTC. A cancelled booking stays in the feed as STATUS:CANCELLED, which is how
subscribed apps learn to drop it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar

from scheduling.domain import Booking, Calendar, Resource

PRODUCT_ID = "-//Lakou//scheduling//FR"
UID_DOMAIN = "scheduling.lakou"


@dataclass(frozen=True)
class AgendaEntry:
    booking: Booking
    calendar: Calendar
    with_resources: tuple[Resource, ...]  # the table, the room, the other person…


def render_agenda(
    entries: Sequence[AgendaEntry], *, name: str = "Lakou", method: str | None = None
) -> bytes:
    """`method` for a file about one event (iTIP: "REQUEST", "CANCEL"); feeds carry none."""
    feed = icalendar.Calendar()
    feed.add("prodid", PRODUCT_ID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    if method:
        feed.add("method", method)
    feed.add("x-wr-calname", name)
    for entry in entries:
        feed.add_component(_event(entry))
    feed.add_missing_timezones()
    return bytes(feed.to_ical())


def _event(entry: AgendaEntry) -> icalendar.Event:
    booking, zone = entry.booking, entry.calendar.zone
    event = icalendar.Event()
    event.add("uid", f"{booking.group_id}@{UID_DOMAIN}")
    event.add("dtstamp", (booking.cancelled_at or booking.created_at).astimezone(UTC))
    event.add("created", booking.created_at.astimezone(UTC))
    event.add("dtstart", booking.slot_start.astimezone(zone))
    event.add("dtend", booking.slot_end.astimezone(zone))
    others = ", ".join(resource.name for resource in entry.with_resources if resource.name)
    event.add("summary", booking.label or others or entry.calendar.name)
    event.add("location", " · ".join(part for part in (entry.calendar.name, others) if part))
    if booking.active:
        event.add("status", "CONFIRMED")
        event.add("sequence", 0)
    else:
        event.add("status", "CANCELLED")
        event.add("sequence", 1)
        event.add("last-modified", (booking.cancelled_at or datetime.now(UTC)).astimezone(UTC))
    return event
