"""Programme sessions as iCalendar (RFC 5545): the personal agenda's feed and one session's
"Ajouter à mon calendrier" file.

The same conventions as the scheduling module's feed (`scheduling/ical.py`): the UID is the
session's id (an app that subscribed sees the same event move or end), DTSTART/DTEND carry the
programme's TZID (America/Martinique) with its VTIMEZONE, stamps are UTC, a cancelled session
stays as STATUS:CANCELLED so subscribed apps drop it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC
from zoneinfo import ZoneInfo

import icalendar

from marketplace.markets.programme.domain import Session
from marketplace.markets.programme.ports import PROGRAMME_ZONE

PRODUCT_ID = "-//Lakou//markets programme//FR"
UID_DOMAIN = "programme.markets.lakou"


def render_sessions(
    sessions: Sequence[Session], url_of: Callable[[Session], str], *, name: str
) -> bytes:
    feed = icalendar.Calendar()
    feed.add("prodid", PRODUCT_ID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    for session in sessions:
        feed.add_component(_event(session, url_of(session)))
    feed.add_missing_timezones()
    return bytes(feed.to_ical())


def _event(session: Session, url: str) -> icalendar.Event:
    details, zone = session.details, ZoneInfo(PROGRAMME_ZONE)
    event = icalendar.Event()
    event.add("uid", f"{session.id}@{UID_DOMAIN}")
    event.add("dtstamp", session.updated_at.astimezone(UTC))
    event.add("created", session.created_at.astimezone(UTC))
    event.add("last-modified", session.updated_at.astimezone(UTC))
    event.add("dtstart", details.starts_at.astimezone(zone))
    event.add("dtend", details.ends_at.astimezone(zone))
    event.add("summary", details.titles.get("fr", ""))
    description = details.descriptions.get("fr", "")
    if description:
        event.add("description", description)
    if session.room_name:
        event.add("location", session.room_name)
    event.add("url", url)
    cancelled = not session.scheduled
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", revision(session))
    return event


def revision(session: Session) -> int:
    """The event's SEQUENCE: tenths of seconds from its creation to its last change. It grows
    with each move, edit or cancellation, so subscribed apps take the newer version, and needs
    no counter of its own (whole seconds were too coarse: a session moved in the second it was
    made kept its number). Two changes within a tenth share it; LAST-MODIFIED still differs.
    Calendar apps keep it in 32-bit integers: about six years of tenths, and capped there."""
    tenths = int((session.updated_at - session.created_at).total_seconds() * 10)
    return min(max(0, tenths), 2**31 - 1)
