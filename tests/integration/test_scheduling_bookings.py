"""Bookings the database keeps from overlapping: one slot wanted by many at once, a meeting's
resources all or nothing, rooms with seats, waiting lists, and the agenda's .ics feed."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

import icalendar
import pytest

from infra.db.values import as_json
from infra.errors import AppError, Conflict
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from scheduling.domain import ResourceKind, Scope
from scheduling.feeds import CalendarFeeds
from scheduling.service import SchedulingService
from scheduling.tables import ScheduleBooking
from tests.scheduling_helpers import principal

DAY = date.today() + timedelta(days=40)


def _service(container: Container) -> SchedulingService:
    return container.services.get(SchedulingService)


async def _market_day(service: SchedulingService) -> tuple[UUID, datetime]:
    calendar = await service.open_calendar(
        Scope("venue", uuid4()), "Salle de Foyal", "America/Martinique", 30
    )
    await service.add_window(calendar.id, DAY, time(9), time(15, 30))
    first = datetime.combine(DAY, time(13), tzinfo=UTC)  # 09:00 in Martinique
    return calendar.id, first


async def _outcomes(attempts: list[object]) -> tuple[int, list[str]]:
    results = await asyncio.gather(*attempts, return_exceptions=True)  # type: ignore[call-overload]
    won = sum(1 for result in results if not isinstance(result, BaseException))
    lost = [result.code for result in results if isinstance(result, AppError)]
    assert won + len(lost) == len(results), [r for r in results if isinstance(r, BaseException)]
    return won, lost


async def test_twenty_people_wanting_one_table_slot_at_once_one_gets_it(
    container: Container,
) -> None:
    service = _service(container)
    calendar_id, slot = await _market_day(service)
    table = await service.add_resource(calendar_id, ResourceKind.TABLE, "Table 1")
    people = [await service.person(calendar_id, uuid4(), f"Acheteur {n}") for n in range(20)]

    won, lost = await _outcomes(
        [service.book([person.id, table.id], slot, person.ref_id or uuid4()) for person in people]
    )

    assert won == 1
    assert lost == ["slot_taken"] * 19
    # Nothing partial of the nineteen meetings that lost: only the winner's two seats, and the
    # winner's `booking.made` alone in the outbox (on PostgreSQL the claim's statement writes it).
    rows = await ScheduleBooking.select().where(ScheduleBooking.calendar_id == calendar_id)
    assert len(rows) == 2
    events = await OutboxMessage.select().where(OutboxMessage.event_type == "booking.made")
    made = [e for e in events if as_json(e["payload"])["calendar_id"] == str(calendar_id)]
    assert [str(e["aggregate_id"]) for e in made] == [str(rows[0]["group_id"])]
    assert sorted(as_json(made[0]["payload"])["resource_ids"]) == sorted(
        str(row["resource_id"]) for row in rows
    )


async def test_a_room_of_five_seats_takes_five_of_twenty_and_each_on_its_own_seat(
    container: Container,
) -> None:
    service = _service(container)
    calendar_id, slot = await _market_day(service)
    room = await service.add_resource(calendar_id, ResourceKind.ROOM, "Salle", capacity=5)
    people = [await service.person(calendar_id, uuid4()) for _ in range(20)]

    won, lost = await _outcomes(
        [service.book([person.id, room.id], slot, uuid4()) for person in people]
    )

    assert (won, len(lost), set(lost)) == (5, 15, {"slot_taken"})
    seats = await ScheduleBooking.select(ScheduleBooking.seat).where(
        ScheduleBooking.resource_id == room.id
    )
    assert sorted(row["seat"] for row in seats) == [0, 1, 2, 3, 4]


async def test_one_person_wanted_at_two_tables_at_once_meets_at_one_only(
    container: Container,
) -> None:
    """Two exhibitors book the same buyer for the same slot at their own tables: the buyer's
    calendar takes one; the other meeting leaves nothing behind, not even its table's seat."""
    service = _service(container)
    calendar_id, slot = await _market_day(service)
    buyer = await service.person(calendar_id, uuid4(), "Acheteuse")
    tables = [await service.add_resource(calendar_id, ResourceKind.TABLE, f"T{n}") for n in (1, 2)]
    hosts = [await service.person(calendar_id, uuid4(), f"Exposant {n}") for n in (1, 2)]

    won, lost = await _outcomes(
        [
            service.book([buyer.id, host.id, table.id], slot, uuid4())
            for host, table in zip(hosts, tables, strict=True)
        ]
    )

    assert (won, lost) == (1, ["slot_taken"])
    booked = await ScheduleBooking.select(ScheduleBooking.resource_id).where(
        ScheduleBooking.calendar_id == calendar_id
    )
    assert len(booked) == 3
    free_tables = [
        table
        for table in tables
        if any(f.slot.starts_at == slot for f in await service.free_slots(table.id))
    ]
    assert len(free_tables) == 1


async def test_a_cancelled_seat_goes_to_the_first_person_waiting(container: Container) -> None:
    service = _service(container)
    calendar_id, slot = await _market_day(service)
    table = await service.add_resource(calendar_id, ResourceKind.TABLE, "Table")
    first, waiting = uuid4(), uuid4()
    holder = await service.person(calendar_id, first)
    booked = await service.book([holder.id, table.id], slot, first)
    with pytest.raises(Conflict) as taken:
        await service.book(
            [(await service.person(calendar_id, waiting)).id, table.id], slot, waiting
        )
    assert taken.value.code == "slot_taken"

    await service.wait_as(principal(waiting), table.id, slot)
    await service.cancel(booked[0].group_id, first)

    promoted = await ScheduleBooking.select(ScheduleBooking.booked_by).where(
        (ScheduleBooking.resource_id == table.id) & (ScheduleBooking.status == "booked")
    )
    assert [row["booked_by"] for row in promoted] in ([waiting], [str(waiting)])


async def test_bookings_outside_the_windows_or_in_the_past_are_refused(
    container: Container,
) -> None:
    service = _service(container)
    calendar_id, slot = await _market_day(service)
    table = await service.add_resource(calendar_id, ResourceKind.TABLE, "Table")
    for wrong, code in (
        (slot - timedelta(minutes=30), "not_a_slot"),  # 08:30, before the window
        (slot + timedelta(minutes=10), "not_a_slot"),  # not a slot's start
        (slot + timedelta(hours=6, minutes=30), "not_a_slot"),  # the window's end
    ):
        with pytest.raises(AppError) as refused:
            await service.book([table.id], wrong, uuid4())
        assert refused.value.code == code
    yesterday = date.today() - timedelta(days=1)
    await service.add_window(calendar_id, yesterday, time(9), time(10))
    with pytest.raises(AppError) as late:
        await service.book([table.id], datetime.combine(yesterday, time(13), tzinfo=UTC), uuid4())
    assert late.value.code == "slot_passed"
    assert await ScheduleBooking.count().where(ScheduleBooking.calendar_id == calendar_id) == 0


async def test_the_feed_lists_bookings_in_the_calendars_zone_and_rotating_revokes_it(
    container: Container,
) -> None:
    service = _service(container)
    feeds = container.services.get(CalendarFeeds)
    calendar_id, slot = await _market_day(service)
    table = await service.add_resource(calendar_id, ResourceKind.TABLE, "Table Bèlè")
    me = uuid4()
    person = await service.person(calendar_id, me, "Man Ya")
    kept = await service.book([person.id, table.id], slot, me, "Rendez-vous")
    dropped = await service.book([person.id, table.id], slot + timedelta(minutes=30), me)
    await service.cancel(dropped[0].group_id, me)
    token = await feeds.token(me)

    feed = icalendar.Calendar.from_ical(await feeds.ics(me, token))

    events = {str(event["uid"]): event for event in feed.walk("VEVENT")}
    assert set(events) == {
        f"{kept[0].group_id}@scheduling.lakou",
        f"{dropped[0].group_id}@scheduling.lakou",
    }
    confirmed = events[f"{kept[0].group_id}@scheduling.lakou"]
    assert confirmed["status"] == "CONFIRMED"
    assert confirmed.decoded("dtstart") == slot
    assert confirmed["dtstart"].params["TZID"] == "America/Martinique"
    assert confirmed.decoded("dtstart").strftime("%H:%M") == "09:00"
    assert "Table Bèlè" in str(confirmed["location"])
    assert events[f"{dropped[0].group_id}@scheduling.lakou"]["status"] == "CANCELLED"
    assert feed.walk("VTIMEZONE")
    assert await feeds.token(me) == token  # the same URL until rotated

    fresh = await feeds.rotate(me)
    assert fresh != token
    with pytest.raises(AppError) as revoked:
        await feeds.ics(me, token)
    assert revoked.value.code == "not_found"
    assert await feeds.ics(me, fresh)
