"""Availability equals the mandates minus the licensed windows, cell by cell (hypothesis), and
the window rule never lets two conflicting windows coexist."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.licensing.domain import (
    ALL_LANGUAGES,
    Grant,
    Period,
    Refusal,
    Status,
    availability,
    available_for,
    refusal,
)

DAY0 = date(2027, 1, 1)
COUNTRIES = ("CA", "US", "MQ", "FR")
MEDIA = ("svod", "tvod")
LANGUAGES = (ALL_LANGUAGES, "fr", "gcf-MQ")


@st.composite
def grants(draw: st.DrawFn) -> Grant:
    start = draw(st.integers(0, 20))
    length = draw(st.integers(1, 12))
    return Grant(
        medium=draw(st.sampled_from(MEDIA)),
        language=draw(st.sampled_from(LANGUAGES)),
        countries=frozenset(draw(st.sets(st.sampled_from(COUNTRIES), min_size=1))),
        period=Period(DAY0 + timedelta(days=start), DAY0 + timedelta(days=start + length)),
        exclusive=draw(st.booleans()),
    )


def _accepted(mandates: list[Grant], requests: list[Grant]) -> list[Grant]:
    windows: list[Grant] = []
    for request in requests:
        if refusal(request, mandates, windows) is None:
            windows.append(request)
    return windows


def _expected(
    mandates: list[Grant], windows: list[Grant], medium: str, language: str, country: str, day: date
) -> Status | None:
    def on(grant: Grant) -> bool:
        return country in grant.countries and grant.period.start <= day < grant.period.stop

    held = [m for m in mandates if (m.medium, m.language) == (medium, language) and on(m)]
    if not held:
        return None
    used = [
        w
        for w in windows
        if (w.medium == medium and ALL_LANGUAGES in (w.language, language))
        or w.language == language
    ]
    used = [w for w in used if w.medium == medium and on(w)]
    if any(w.exclusive for w in used):
        return Status.LICENSED
    if used or not any(m.exclusive for m in held):
        return Status.NON_EXCLUSIVE
    return Status.EXCLUSIVE


@settings(max_examples=150, deadline=None)
@given(st.lists(grants(), min_size=1, max_size=5), st.lists(grants(), max_size=8))
def test_availability_is_mandates_minus_windows(
    mandates: list[Grant], requests: list[Grant]
) -> None:
    windows = _accepted(mandates, requests)
    spans = availability(mandates, windows)
    for medium in MEDIA:
        for language in LANGUAGES:
            for country in COUNTRIES:
                for offset in range(34):
                    day = DAY0 + timedelta(days=offset)
                    found = [
                        s.status
                        for s in spans
                        if (s.medium, s.language) == (medium, language)
                        and country in s.countries
                        and s.period.start <= day < s.period.stop
                    ]
                    expected = _expected(mandates, windows, medium, language, country, day)
                    assert found == ([] if expected is None else [expected])


@settings(max_examples=150, deadline=None)
@given(st.lists(grants(), min_size=1, max_size=5), st.lists(grants(), max_size=10))
def test_no_two_conflicting_windows_coexist(mandates: list[Grant], requests: list[Grant]) -> None:
    windows = _accepted(mandates, requests)
    for i, first in enumerate(windows):
        for second in windows[i + 1 :]:
            if first.meets(second):
                assert not (first.exclusive)
                assert not (second.exclusive)


def _grant(
    countries: set[str], start: int, stop: int, exclusive: bool, medium: str = "svod"
) -> Grant:
    period = Period(DAY0 + timedelta(days=start), DAY0 + timedelta(days=stop))
    return Grant(medium, ALL_LANGUAGES, frozenset(countries), period, exclusive)


def test_exclusive_blocks_everything_and_non_exclusive_blocks_only_exclusive() -> None:
    mandate = _grant({"CA", "US"}, 0, 100, exclusive=True)
    shared = _grant({"CA"}, 10, 20, exclusive=False)
    assert refusal(shared, [mandate], []) is None
    assert refusal(_grant({"CA"}, 15, 30, False), [mandate], [shared]) is None
    assert refusal(_grant({"CA"}, 15, 30, True), [mandate], [shared]) is Refusal.EXCLUSIVE_CONFLICT
    exclusive = _grant({"US"}, 0, 50, exclusive=True)
    assert (
        refusal(_grant({"US"}, 49, 60, False), [mandate], [exclusive]) is Refusal.EXCLUSIVE_CONFLICT
    )
    assert refusal(_grant({"MQ"}, 0, 5, False), [mandate], []) is Refusal.OUTSIDE_MANDATE
    assert refusal(_grant({"CA"}, 90, 110, False), [mandate], []) is Refusal.OUTSIDE_MANDATE
    only_shared = _grant({"CA"}, 0, 100, exclusive=False)
    assert refusal(_grant({"CA"}, 0, 5, True), [only_shared], []) is Refusal.OUTSIDE_MANDATE


def test_the_period_check_after_retrieval() -> None:
    mandate = _grant({"CA", "US"}, 0, 100, exclusive=True)
    spans = availability([mandate], [_grant({"CA"}, 10, 20, exclusive=False)])
    inside = Period(DAY0, DAY0 + timedelta(days=5))
    across = Period(DAY0, DAY0 + timedelta(days=15))
    beyond = Period(DAY0 + timedelta(days=90), DAY0 + timedelta(days=110))
    assert available_for(spans, "CA", "svod", inside) is Status.EXCLUSIVE
    assert available_for(spans, "CA", "svod", across) is Status.NON_EXCLUSIVE
    assert available_for(spans, "CA", "svod", beyond) is None
    assert available_for(spans, "MQ", "svod", inside) is None
    assert available_for(spans, "CA", "tvod", inside) is None
