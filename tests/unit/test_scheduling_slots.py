"""Slots are cut in the calendar's time zone: Paris changes its clocks, Martinique never does."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4

import pytest

from infra.errors import InvalidInput
from scheduling.domain import (
    Calendar,
    Scope,
    Window,
    check_no_overlap,
    checked_slot_minutes,
    checked_time_zone,
    slot_at,
    window_bounds,
    window_slots,
)

# Europe/Paris moves from UTC+1 to UTC+2 at 02:00 on the last Sunday of March.
SPRING_FORWARD = date(2027, 3, 28)


def _calendar(zone: str, minutes: int = 30) -> Calendar:
    return Calendar(uuid4(), Scope("market", uuid4()), "Marché", zone, minutes)


def _window(calendar: Calendar, day: date, starts: time, ends: time) -> Window:
    starts_at, ends_at = window_bounds(calendar, day, starts, ends)
    return Window(uuid4(), calendar.id, day, starts, ends, starts_at, ends_at)


def test_the_night_paris_changes_time_has_an_hour_fewer_slots_than_martinique() -> None:
    paris, martinique = _calendar("Europe/Paris"), _calendar("America/Martinique")

    in_paris = window_slots(paris, _window(paris, SPRING_FORWARD, time(0), time(6)))
    in_martinique = window_slots(martinique, _window(martinique, SPRING_FORWARD, time(0), time(6)))

    assert len(in_paris) == 10  # five hours of elapsed time between 00:00 and 06:00
    assert len(in_martinique) == 12
    # Slot starts are instants 30 minutes apart; the wall clock jumps from 01:30 to 03:00.
    local = [slot.local_start.strftime("%H:%M") for slot in in_paris]
    assert local[:4] == ["00:00", "00:30", "01:00", "01:30"]
    assert local[4] == "03:00"


def test_a_morning_keeps_its_wall_clock_on_both_sides_of_the_change() -> None:
    paris = _calendar("Europe/Paris")
    before = window_slots(
        paris, _window(paris, SPRING_FORWARD - timedelta(days=1), time(9), time(15, 30))
    )
    after = window_slots(paris, _window(paris, SPRING_FORWARD, time(9), time(15, 30)))

    assert len(before) == len(after) == 13  # MIP Cancún's day of meetings
    assert before[0].starts_at == datetime(2027, 3, 27, 8, 0, tzinfo=UTC)
    assert after[0].starts_at == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)
    assert [s.local_start.time() for s in before] == [s.local_start.time() for s in after]


def test_martinique_is_four_hours_behind_utc_all_year() -> None:
    martinique = _calendar("America/Martinique")
    for day in (date(2027, 1, 15), SPRING_FORWARD, date(2027, 7, 14), date(2027, 10, 31)):
        slots = window_slots(martinique, _window(martinique, day, time(9), time(10)))
        assert slots[0].starts_at == datetime.combine(day, time(13), tzinfo=UTC)


def test_a_slot_is_found_by_its_start_and_nothing_else_is_a_slot() -> None:
    calendar = _calendar("America/Martinique", 20)
    window = _window(calendar, date(2027, 4, 1), time(9), time(10))

    third = slot_at(calendar, [window], datetime(2027, 4, 1, 13, 40, tzinfo=UTC))

    assert third.index == 2
    assert third.ends_at == datetime(2027, 4, 1, 14, 0, tzinfo=UTC)
    for wrong in (
        datetime(2027, 4, 1, 13, 10, tzinfo=UTC),  # between two slot starts
        datetime(2027, 4, 1, 14, 0, tzinfo=UTC),  # the window's end
        datetime(2027, 4, 1, 12, 40, tzinfo=UTC),  # before it
    ):
        with pytest.raises(InvalidInput) as refused:
            slot_at(calendar, [window], wrong)
        assert refused.value.code == "not_a_slot"


def test_bad_calendars_and_windows_are_refused_with_their_reason() -> None:
    calendar = _calendar("America/Martinique")
    cases = [
        (lambda: checked_time_zone("Mars/Olympus_Mons"), "unknown_time_zone"),
        (lambda: checked_slot_minutes(2), "bad_slot_length"),
        (lambda: window_bounds(calendar, date(2027, 4, 1), time(10), time(9)), "window_too_short"),
        (
            lambda: window_bounds(calendar, date(2027, 4, 1), time(9), time(9, 10)),
            "window_too_short",
        ),
    ]
    for attempt, code in cases:
        with pytest.raises(InvalidInput) as refused:
            attempt()
        assert refused.value.code == code
    morning = _window(calendar, date(2027, 4, 1), time(9), time(12))
    with pytest.raises(InvalidInput) as overlap:
        check_no_overlap(_window(calendar, date(2027, 4, 1), time(11), time(13)), [morning])
    assert overlap.value.code == "windows_overlap"
    check_no_overlap(_window(calendar, date(2027, 4, 1), time(12), time(13)), [morning])
