"""Availability as a calendar per territory group and medium, and the map's statuses."""

from __future__ import annotations

from datetime import date

from marketplace.licensing.calendar import Cell, months, statuses_over, timeline
from marketplace.licensing.domain import Grant, Period, Status, availability
from marketplace.licensing.maps import FILLS, availability_map

NORTH_AMERICA = frozenset({"CA", "US", "MX"})
ANTILLES = frozenset({"MQ", "GP"})


def _grant(countries: set[str], start: str, end: str, exclusive: bool = True) -> Grant:
    return Grant(
        "svod",
        "*",
        frozenset(countries),
        Period.inclusive(date.fromisoformat(start), date.fromisoformat(end)),
        exclusive,
    )


def test_months_run_across_the_new_year() -> None:
    found = months(date(2026, 11, 17), 3)
    assert [(m.start, m.stop) for m in found] == [
        (date(2026, 11, 1), date(2026, 12, 1)),
        (date(2026, 12, 1), date(2027, 1, 1)),
        (date(2027, 1, 1), date(2027, 2, 1)),
    ]


def test_a_group_is_free_partly_or_held_month_by_month() -> None:
    mandate = _grant({"CA", "US", "MX", "MQ", "GP"}, "2027-01-01", "2027-06-30")
    # Canada licensed exclusively in March and April; Martinique non-exclusively in May.
    windows = [
        _grant({"CA"}, "2027-03-01", "2027-04-30"),
        _grant({"MQ"}, "2027-05-01", "2027-05-31", exclusive=False),
    ]
    spans = availability([mandate], windows)
    rows = timeline(
        spans,
        {"north_america": NORTH_AMERICA, "french_antilles": ANTILLES, "africa": frozenset({"SN"})},
        ["svod"],
        months(date(2026, 12, 1), 8),
    )
    cells = {row.group: row.cells for row in rows}
    assert "africa" not in cells  # nothing offered there: no row
    none, free, partly = Cell.NONE, Cell.AVAILABLE, Cell.PARTLY
    assert cells["north_america"] == (none, free, free, partly, partly, free, free, none)
    assert cells["french_antilles"] == (none, free, free, free, free, partly, free, none)


def test_a_group_wholly_held_is_licensed() -> None:
    spans = availability([_grant({"MQ", "GP"}, "2027-01-01", "2027-12-31")], [
        _grant({"MQ", "GP"}, "2027-01-01", "2027-12-31")
    ])  # fmt: skip
    rows = timeline(spans, {"french_antilles": ANTILLES}, ["svod"], months(date(2027, 2, 1), 1))
    assert rows[0].cells == (Cell.LICENSED,)


def test_the_map_colours_each_department_apart_from_france() -> None:
    mandate = _grant({"FR", "MQ", "GP", "CA"}, "2027-01-01", "2027-12-31")
    spans = availability(
        [mandate, _grant({"US"}, "2027-01-01", "2027-12-31", exclusive=False)],
        [_grant({"FR"}, "2027-01-01", "2027-12-31")],
    )
    period = Period.inclusive(date(2027, 2, 1), date(2027, 3, 31))
    statuses = statuses_over(spans, "svod", period)
    assert statuses == {
        "CA": Status.EXCLUSIVE,
        "FR": Status.LICENSED,
        "GP": Status.EXCLUSIVE,
        "MQ": Status.EXCLUSIVE,
        "US": Status.NON_EXCLUSIVE,
    }
    svg = availability_map(statuses, "Carte <svod>", {"MQ": "Martinique", "FR": "France"})
    assert 'aria-label="Carte &lt;svod&gt;"' in svg
    assert (
        f'fill="{FILLS[Status.EXCLUSIVE]}" stroke="#33413d" stroke-width="6"><title>Martinique'
        in svg
    )
    assert f'fill="{FILLS[Status.LICENSED]}"><title>France' in svg
    assert f'fill="{FILLS[Status.NON_EXCLUSIVE]}"><title>US' in svg
    # Over a period running past the mandates, nothing is available all along.
    later = Period.inclusive(date(2027, 6, 1), date(2028, 6, 1))
    assert set(statuses_over(spans, "svod", later).values()) == {None}
