"""Claiming seats: the statement every booking runs, kept as plain SQL.

It leans on the bookings' partial unique index: `INSERT … ON CONFLICT DO NOTHING` either takes
the seats or learns, without aborting the transaction, that another booking has one (on
PostgreSQL it waits for a concurrent transaction holding the same key to end, then answers).
"""

from __future__ import annotations

from scheduling.domain import Booking
from scheduling.tables import ScheduleBooking

# The claim is every booking's hot statement, written as SQL: piccolo's insert builds a Table
# instance and converts each column of each row first, which was a third of a booking's Python
# time in bench/markets_bench.py. The same columns and values as `_booking_row`.
_CLAIM_INSERT = (
    'INSERT INTO "lakou_scheduling_bookings" ("id", "group_id", "calendar_id", "resource_id", '
    '"slot_start", "slot_end", "seat", "booked_by", "label", "status", "created_at") VALUES '
)
_CLAIM_ROW = "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})"  # eleven values


async def claim_single_seats(bookings: list[Booking]) -> bool:
    """Seat 0 of every booking (resources seating one), in one statement: True when all were
    free, False when one was taken (the caller rolls back the others)."""
    if not bookings:
        return True
    sql = (
        _CLAIM_INSERT
        + ", ".join(_CLAIM_ROW for _ in bookings)
        + " ON CONFLICT DO NOTHING RETURNING id"
    )
    values = [
        value
        for booking in bookings
        for value in (
            booking.id,
            booking.group_id,
            booking.calendar_id,
            booking.resource_id,
            booking.slot_start,
            booking.slot_end,
            0,
            booking.booked_by,
            booking.label,
            booking.status.value,
            booking.created_at,
        )
    ]
    inserted = await ScheduleBooking.raw(sql, *values)
    return len(inserted) == len(bookings)
