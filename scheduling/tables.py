"""Calendars, resources, windows, bookings, waiting lists and calendar feeds (piccolo).

The bookings' partial unique index (resource, slot start, seat) over booked rows is what keeps
two bookings off one seat of one slot, on both engines, whatever the application does: a
migration adds it (Table classes cannot declare a partial multi-column index).
"""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import sql_files


class ScheduleCalendar(Table, tablename="lakou_scheduling_calendars"):
    id = UUID(primary_key=True)
    scope_kind = Varchar(length=40)
    scope_id = UUID(index=True)
    name = Varchar(length=200)
    time_zone = Varchar(length=64)
    slot_minutes = Integer()
    created_at = Timestamptz()


class ScheduleResource(Table, tablename="lakou_scheduling_resources"):
    id = UUID(primary_key=True)
    calendar_id = UUID(index=True)
    kind = Varchar(length=20)
    # The account of a person, a stand's table…; one person resource per account and calendar.
    ref_id = UUID(null=True, default=None)
    name = Varchar(length=200)
    capacity = Integer(default=1)
    created_at = Timestamptz()


class ScheduleWindow(Table, tablename="lakou_scheduling_windows"):
    id = UUID(primary_key=True)
    calendar_id = UUID(index=True)
    day = Varchar(length=10)  # ISO date, local to the calendar
    starts = Varchar(length=5)  # HH:MM, local
    ends = Varchar(length=5)
    starts_at = Timestamptz()  # UTC bounds, computed once in the calendar's time zone
    ends_at = Timestamptz()


class ScheduleBooking(Table, tablename="lakou_scheduling_bookings"):
    id = UUID(primary_key=True)
    group_id = UUID(index=True)
    calendar_id = UUID(index=True)
    resource_id = UUID(index=True)
    slot_start = Timestamptz()
    slot_end = Timestamptz()
    seat = Integer(default=0)
    booked_by = UUID(index=True)
    label = Varchar(length=200)
    status = Varchar(length=20)
    created_at = Timestamptz()
    cancelled_at = Timestamptz(null=True, default=None)


class ScheduleWait(Table, tablename="lakou_scheduling_waits"):
    id = UUID(primary_key=True)
    resource_id = UUID(index=True)
    slot_start = Timestamptz()
    user_id = UUID(index=True)
    created_at = Timestamptz()


class ScheduleFeed(Table, tablename="lakou_scheduling_feeds"):
    """A person's calendar feed key: rotating it revokes every URL given out before."""

    user_id = UUID(primary_key=True)
    nonce = Varchar(length=64)
    rotated_at = Timestamptz()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (
    ScheduleCalendar,
    ScheduleResource,
    ScheduleWindow,
    ScheduleBooking,
    ScheduleWait,
    ScheduleFeed,
)
MIGRATIONS = (sql_files(FROZEN, "scheduling.0001_calendars"),)
