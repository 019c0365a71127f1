"""Claiming seats: the statement every booking runs, kept as plain SQL.

It leans on the bookings' partial unique index: `INSERT … ON CONFLICT DO NOTHING` either takes
the seats or learns, without aborting the transaction, that another booking has one (on
PostgreSQL it waits for a concurrent transaction holding the same key to end, then answers).
"""

from __future__ import annotations

from typing import Any

from piccolo.utils.encoding import dump_json

from infra.events.model import DomainEvent
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
    inserted = await ScheduleBooking.raw(sql, *_claim_values(bookings))
    return len(inserted) == len(bookings)


# PostgreSQL only (SQLite has no INSERT inside WITH): the claim and the booking's outbox row
# in one statement, the row written only when every seat was taken. The same columns as the
# outbox's `append_to_outbox` (infra/events/outbox.py), the delivery columns at their defaults.
_ANNOUNCE = (
    'announced AS (INSERT INTO "lakou_outbox" ("id", "event_type", "aggregate_id", "payload", '
    '"occurred_at", "sent_at", "attempts") SELECT {}::uuid, {}::varchar, {}::uuid, {}::json, '
    "{}::timestamptz, NULL, 0 WHERE (SELECT count(*) FROM claimed) = {}::integer RETURNING id) "
    "SELECT (SELECT count(*) FROM claimed) AS claimed"
)


def announces_with_claim() -> bool:
    return bool(ScheduleBooking._meta.db.engine_type == "postgres")


async def claim_and_announce(bookings: list[Booking], event: DomainEvent) -> bool:
    """`claim_single_seats` with the event written by the same statement when every seat was
    free: one round trip where the claim and the outbox's insert took two (the caller's
    transaction still rolls a partial claim back). PostgreSQL only (`announces_with_claim`)."""
    sql = (
        "WITH claimed AS ("
        + _CLAIM_INSERT
        + ", ".join(_CLAIM_ROW for _ in bookings)
        + " ON CONFLICT DO NOTHING RETURNING id), "
        + _ANNOUNCE
    )
    announced = (
        event.id,
        event.type,
        event.aggregate_id,
        dump_json(event.payload),
        event.occurred_at,
        len(bookings),
    )
    rows = await ScheduleBooking.raw(sql, *_claim_values(bookings), *announced)
    return int(rows[0]["claimed"]) == len(bookings)


def _claim_values(bookings: list[Booking]) -> list[Any]:
    return [
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
