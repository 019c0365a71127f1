"""The indicators' fold: order and duplicates change nothing; a refund takes its sale back."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from infra.events.envelope import EventEnvelope
from marketplace.indicators.domain.aggregates import Cell, WorkAttributes, cells
from marketplace.indicators.domain.batch import every_cell
from marketplace.indicators.domain.fold import FOLDED, Fold
from marketplace.indicators.domain.periods import martinique_day, period_end, period_of
from marketplace.indicators.module import FOLDED_EVENTS
from tests.indicator_events import envelope, paid, played, random_events, refunded

EVENTS = random_events(60, seed=18)
REFERENCE = Fold().add_all(EVENTS).facts()
WORK = UUID(int=1)
OTHER = UUID(int=2)
MARCH = datetime(2026, 3, 10, 15, tzinfo=UTC)


def _cells(events: list[EventEnvelope], grain: str = "month") -> list[Cell]:
    return cells(Fold().add_all(events).facts().items(), grain, {})


def _count(found: list[Cell], indicator: str, dimension: str = "total", value: str = "") -> int:
    return sum(
        c.figure
        for c in found
        if (c.indicator, c.dimension, c.value) == (indicator, dimension, value)
    )


@settings(max_examples=60, deadline=None)
@given(st.permutations(EVENTS), st.lists(st.sampled_from(EVENTS), max_size=30))
def test_any_order_with_duplicates_gives_the_same_facts(
    shuffled: list[EventEnvelope], again: list[EventEnvelope]
) -> None:
    mixed = list(shuffled)
    for index, event in enumerate(again):
        mixed.insert((index * 7) % (len(mixed) + 1), event)
    assert Fold().add_all(mixed).facts() == REFERENCE


@settings(max_examples=40, deadline=None)
@given(st.booleans(), st.sampled_from(["MQ", "FR", None]))
def test_a_full_refund_takes_its_sale_back_whichever_comes_first(
    refund_first: bool, country: str | None
) -> None:
    order = UUID(int=99)
    sale, refund = paid(order, [WORK], country, MARCH), refunded(order, MARCH)
    events = [refund, sale] if refund_first else [sale, refund]
    found = _cells(events)
    assert _count(found, "works_diffused") == 0
    assert _count(found, "markets_reached") == 0


def test_a_partial_refund_leaves_the_sale_counted() -> None:
    order = UUID(int=98)
    found = _cells([paid(order, [WORK], "FR", MARCH), refunded(order, MARCH, full=False)])
    assert _count(found, "works_diffused") == 1
    assert _count(found, "markets_reached", "territory_group", "france") == 1


def test_a_market_stays_reached_only_while_something_else_reaches_it() -> None:
    order = UUID(int=97)
    sale_then_refund = [paid(order, [WORK], "LC", MARCH), refunded(order, MARCH)]
    assert _count(_cells(sale_then_refund), "markets_reached", "country", "LC") == 0
    with_a_play = [*sale_then_refund, played(OTHER, "LC", MARCH)]
    assert _count(_cells(with_a_play), "markets_reached", "country", "LC") == 1
    assert _count(_cells(with_a_play), "new_markets", "country_source", "proxy") == 1


def test_a_country_that_does_not_exist_counts_as_unknown() -> None:
    found = _cells([paid(UUID(int=96), [WORK], "XX", MARCH)])
    assert _count(found, "works_diffused", "territory_group", "unknown") == 1
    assert _count(found, "markets_reached") == 0
    assert _count(found, "works_diffused") == 1


def test_the_cards_country_wins_over_the_buyers_declaration() -> None:
    found = _cells([paid(UUID(int=95), [WORK], "FR", MARCH, card="us")])
    assert _count(found, "markets_reached", "country", "US") == 1
    assert _count(found, "markets_reached", "country", "FR") == 0
    assert _count(found, "markets_reached", "country_source", "card") == 1
    assert _count(found, "new_markets", "country_source", "card") == 1


def test_a_french_card_leaves_a_declared_overseas_territory_standing() -> None:
    # Martinique's banks issue cards Stripe reports as FR: the declaration says where.
    found = _cells([paid(UUID(int=94), [WORK], "MQ", MARCH, card="FR")])
    assert _count(found, "markets_reached", "country", "MQ") == 1
    assert _count(found, "markets_reached", "country_source", "declared") == 1
    assert _count(found, "markets_reached", "country", "FR") == 0


def test_a_card_country_naming_no_country_leaves_the_declaration() -> None:
    for card in ("XX", ""):
        found = _cells([paid(UUID(int=93), [WORK], "DE", MARCH, card=card)])
        assert _count(found, "markets_reached", "country", "DE") == 1
        assert _count(found, "markets_reached", "country_source", "declared") == 1


def test_previews_are_counted_apart_from_diffusion() -> None:
    found = _cells([played(WORK, "MQ", MARCH, full=False)])
    assert _count(found, "previews") == 1
    assert _count(found, "works_diffused") == 0


def test_a_late_event_lands_in_its_own_period() -> None:
    january = datetime(2026, 1, 5, 12, tzinfo=UTC)
    found = _cells([played(WORK, "MQ", MARCH), played(OTHER, "MQ", january)])
    assert {c.period for c in found if c.indicator == "works_diffused"} == {"2026-01", "2026-03"}
    assert [c.period for c in found if c.indicator == "new_markets" and c.dimension == "total"] == [
        "2026-01"
    ]


def test_martinique_days_ignore_europes_clock_changes() -> None:
    # Europe moved to summer time at 01:00 UTC on 29 March 2026; Martinique stays at UTC-4.
    assert martinique_day(datetime(2026, 3, 29, 3, 59, tzinfo=UTC)) == "2026-03-28"
    assert martinique_day(datetime(2026, 3, 29, 4, 0, tzinfo=UTC)) == "2026-03-29"
    assert martinique_day(datetime(2026, 10, 25, 3, 30, tzinfo=UTC)) == "2026-10-24"
    assert martinique_day(datetime(2027, 1, 1, 3, 0, tzinfo=UTC)) == "2026-12-31"
    assert period_of("2026-12-31", "quarter") == "2026-Q4"
    assert period_end("2026-Q1", "quarter").isoformat() == "2026-03-31"
    assert period_end("2026-02", "month").isoformat() == "2026-02-28"


def test_active_members_are_those_who_acted_in_the_last_90_days() -> None:
    found = _cells([played(WORK, "MQ", datetime(2026, 1, 10, tzinfo=UTC))])
    active = {
        c.period: c.figure
        for c in found
        if c.indicator == "active_members" and c.dimension == "total"
    }
    assert active == {
        "2026-01": 1,
        "2026-02": 1,
        "2026-03": 1,
    }  # 31 March is day 81; April's end is not


def test_the_consumers_subscribe_to_every_event_the_fold_reads() -> None:
    assert sorted(event.name for event in FOLDED_EVENTS) == sorted(FOLDED)


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=3, max_value=60))
def test_the_rebuilds_fast_count_gives_the_definitions_cells(seed: int, works: int) -> None:
    """`batch.every_cell` (the rebuild's) equals `aggregates.cells` (the definitions) for every
    grain, with works' attributes and members acting on several days."""
    events = random_events(400, seed=seed, works=works)
    events += [
        envelope(
            "accreditation.granted", {"user_id": f"user-{n % 9}"}, MARCH.replace(month=1 + n % 12)
        )
        for n in range(40)
    ]
    facts = Fold().add_all(events).facts()
    attributes = {
        fact.subject: WorkAttributes(
            discipline=("music", "film", "")[n % 3],
            commune="97209",
            epci="249720061",
            creator=f"creator-{n % 4}",
            organisation="" if n % 2 else f"creator-{n % 4}",
        )
        for n, fact in enumerate(sorted(facts))
        if fact.indicator != "activity"
    }
    fast = every_cell(facts, attributes)
    for grain in ("day", "month", "quarter", "year"):
        assert fast[grain] == cells(facts.items(), grain, attributes), grain
