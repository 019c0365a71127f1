"""The indicators live and rebuilt: the consumer's tables and the cells it moves equal a fold
over the outbox's log, whatever the deliveries' order and however often each event came."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.indicators import cell_store
from marketplace.indicators.adapters import CatalogueWorkDirectory
from marketplace.indicators.cell_store import kept
from marketplace.indicators.compare import LISTED
from marketplace.indicators.repository import LIVE, REBUILT
from marketplace.indicators.service import CONSUMER, IndicatorFigures, IndicatorLedger
from marketplace.indicators.swap import fold_log, replace_live
from tests.indicator_events import log_to_outbox, paid, played, random_events, refunded

GRAINS = ("day", "month", "quarter", "year")
KINDS = ("fact ", "order ", "cell ")


async def assert_live_cells_follow_the_definitions(container: Container) -> None:
    figures = container.services.get(IndicatorFigures)
    for grain in GRAINS:
        reference = sorted(kept(grain, await figures.cells(grain)))
        assert await cell_store.read(LIVE, grain) == reference, grain


async def assert_kept_cells_follow_the_definitions(container: Container) -> None:
    """The cells kept per period equal the cells the definitions give from every fact
    (`domain/aggregates.cells`, suppression applied), live and rebuilt."""
    figures = container.services.get(IndicatorFigures)
    for grain in GRAINS:
        reference = sorted(kept(grain, await figures.cells(grain)))
        assert await cell_store.read(LIVE, grain) == reference, grain
        assert await cell_store.read(REBUILT, grain) == sorted(
            kept(grain, await figures.cells(grain, rebuilt=True))
        ), grain


async def test_rebuild_equals_live_after_duplicated_out_of_order_deliveries(
    container: Container,
) -> None:
    events = random_events(300, seed=2026)
    # Both kinds of plays are in the log: the legacy reports and the play protocol's, some
    # not counted or excluded.
    plays = [event for event in events if event.type == "media.play_counted"]
    assert {event.type for event in events} >= {"media.played", "media.play_counted"}
    assert any(not event.payload["counted"] or event.payload["excluded"] for event in plays)
    await log_to_outbox(events)
    rng = random.Random(7)
    deliveries = events + rng.sample(events, 90)  # at least once: some twice
    rng.shuffle(deliveries)
    ledger = container.services.get(IndicatorLedger)
    handled = [await ledger.record(event) for event in deliveries]
    assert sum(handled) == len(events)  # each duplicate found its mark and did nothing
    # The cells moved with each event: they already equal the definitions over every fact.
    await assert_live_cells_follow_the_definitions(container)

    result = await ledger.rebuild(page=64)

    assert result.events == len(events)
    assert result.differences == ()
    assert result.cells > 0
    figures = container.services.get(IndicatorFigures)
    for grain in GRAINS:
        assert await figures.cells(grain) == await figures.cells(grain, rebuilt=True)
    assert any(cell.indicator == "markets_reached" for cell in await figures.cells("year"))
    assert any(cell.indicator == "new_markets" for cell in await figures.cells("month"))
    await assert_kept_cells_follow_the_definitions(container)


async def test_a_late_refund_moves_only_what_nothing_else_keeps(container: Container) -> None:
    """A sale in March, then May's plays; the refund of March's sale arrives in June: March's
    cells lose the sale at once, Canada's first reach moves to May."""
    march = datetime(2026, 3, 10, 15, tzinfo=UTC)
    may = datetime(2026, 5, 4, 15, tzinfo=UTC)
    work, order = random_events(1, seed=1)[0].id, random_events(1, seed=2)[0].id
    sale = paid(order, [work], "CA", march)
    events = [sale, played(work, "LC", may), played(work, "CA", may)]
    refund = refunded(order, datetime(2026, 6, 2, tzinfo=UTC))
    await log_to_outbox([*events, refund])
    ledger = container.services.get(IndicatorLedger)
    figures = container.services.get(IndicatorFigures)
    for event in events:
        await ledger.record(event)
    before = await figures.published("month", "2026-03")
    assert {
        "indicator": "works_diffused",
        "period": "2026-03",
        "dimension": "total",
        "value": "",
        "count": 1,
        "suppressed": False,
    } in before
    # Canada was first reached in March; May's play there is no new market.
    new_in_may = await figures.published("month", "2026-05")
    assert [
        c["value"]
        for c in new_in_may
        if c["indicator"] == "new_markets" and c["dimension"] == "country"
    ] == ["LC"]
    may_before = await figures.published("month", "2026-05")

    await ledger.record(refund)

    after = await figures.published("month", "2026-03")
    assert not [c for c in after if c["indicator"] == "works_diffused"]
    assert not [c for c in after if c["indicator"] == "markets_reached"]
    # The buyer's purchase stays an action; Canada's first reach moved to May.
    assert [c for c in after if c["indicator"] == "active_members"]
    new_in_may = await figures.published("month", "2026-05")
    assert sorted(
        c["value"]
        for c in new_in_may
        if c["indicator"] == "new_markets" and c["dimension"] == "country"
    ) == ["CA", "LC"]
    # May's works and markets were kept by May's plays: only its new markets moved.
    assert [c for c in new_in_may if c["indicator"] != "new_markets"] == [
        c for c in may_before if c["indicator"] != "new_markets"
    ]
    assert (await ledger.rebuild()).differences == ()
    await assert_kept_cells_follow_the_definitions(container)


async def test_a_second_fact_keeps_a_member_when_the_first_goes(container: Container) -> None:
    """Two sales of one work to Canada on one day, one refunded: the work and the country stay
    counted (the cell moves only when a member disappears); the second refund takes them."""
    march = datetime(2026, 3, 10, 15, tzinfo=UTC)
    work = random_events(1, seed=8)[0].id
    first, second = random_events(1, seed=9)[0].id, random_events(1, seed=10)[0].id
    events = [paid(first, [work], "CA", march), paid(second, [work], "CA", march)]
    refunds = [refunded(first, march), refunded(second, march)]
    ledger = container.services.get(IndicatorLedger)
    figures = container.services.get(IndicatorFigures)
    for event in events:
        await ledger.record(event)

    def count(cells: list[dict[str, object]], indicator: str) -> object:
        found = [
            c["count"] for c in cells if (c["indicator"], c["dimension"]) == (indicator, "total")
        ]
        return found[0] if found else 0

    await ledger.record(refunds[0])
    kept_by_the_other = await figures.published("day", "2026-03-10")
    await ledger.record(refunds[1])
    gone = await figures.published("day", "2026-03-10")

    assert count(kept_by_the_other, "works_diffused") == 1
    assert count(kept_by_the_other, "markets_reached") == 1
    assert count(gone, "works_diffused") == 0
    assert count(gone, "markets_reached") == 0
    await assert_live_cells_follow_the_definitions(container)


async def test_the_rebuild_finds_what_the_live_tables_missed(container: Container) -> None:
    events = random_events(30, seed=5)
    await log_to_outbox(events)
    ledger = container.services.get(IndicatorLedger)
    for event in events[:-1]:
        await ledger.record(event)

    result = await ledger.rebuild()

    assert result.differences  # the event never consumed shows as a difference
    assert any(difference.startswith("cell ") for difference in result.differences)
    await ledger.record(events[-1])
    assert (await ledger.rebuild()).differences == ()


async def test_a_rebuild_over_empty_live_tables_counts_every_difference_and_names_a_few(
    container: Container,
) -> None:
    # Nothing consumed: every fact, order and cell differs. All are counted, and the first
    # hundred of each kind named (describing millions cost as much as comparing them).
    await log_to_outbox(random_events(400, seed=11))

    result = await container.services.get(IndicatorLedger).rebuild(page=50)

    named = {kind: [d for d in result.differences if d.startswith(kind)] for kind in KINDS}
    assert result.difference_count == result.facts + result.orders + result.cells
    assert all(len(found) == LISTED for found in named.values()), named.keys()
    assert len(result.differences) == 3 * LISTED < result.difference_count


async def test_open_data_publishes_cells_and_hides_small_counts_of_people(
    container: Container, client: AsyncTestClient
) -> None:
    march = datetime(2026, 3, 10, 15, tzinfo=UTC)
    ledger = container.services.get(IndicatorLedger)
    for event in [played(random_events(1, seed=n)[0].id, "LC", march) for n in range(3)]:
        await ledger.record(event)

    answer = await client.get(
        "/api/indicators/open-data", params={"grain": "month", "period": "2026-03"}
    )

    assert answer.status_code == 200
    cells = answer.json()["cells"]
    works = [c for c in cells if c["indicator"] == "works_diffused" and c["dimension"] == "total"]
    assert works == [
        {
            "indicator": "works_diffused",
            "period": "2026-03",
            "dimension": "total",
            "value": "",
            "count": 3,
            "suppressed": False,
        }
    ]
    members = [c for c in cells if c["indicator"] == "active_members"]
    assert members
    assert all(c["suppressed"] and c["count"] is None for c in members)


async def test_open_data_refuses_an_unknown_grain_or_period(client: AsyncTestClient) -> None:
    bad_grain = await client.get("/api/indicators/open-data", params={"grain": "week"})
    bad_period = await client.get(
        "/api/indicators/open-data", params={"grain": "quarter", "period": "2026-Q5"}
    )

    assert bad_grain.status_code == 422
    assert bad_grain.json()["error"]["code"] == "invalid_grain"
    assert bad_period.status_code == 422
    assert bad_period.json()["error"]["code"] == "invalid_period"


async def test_a_replace_while_events_arrive_loses_none_and_counts_none_twice(
    container: Container,
) -> None:
    """The log is folded; meanwhile some events are handled live and others wait for their
    delivery; one never reached the consumer. After the swap the live tables hold every
    event once: the lost one, the ones handled meanwhile, and the waiting ones once delivered."""
    events = random_events(120, seed=31)
    logged, lost, late, waiting = events[:100], events[100:105], events[105:110], events[110:]
    await log_to_outbox(logged + lost)
    ledger = container.services.get(IndicatorLedger)
    for event in logged:
        await ledger.record(event)
    fold = await fold_log()
    await log_to_outbox(late + waiting)
    for event in late:
        await ledger.record(event)

    folded_in = await replace_live(fold, CONSUMER, CatalogueWorkDirectory())

    assert folded_in == len(late)
    # The lost event is in the new tables: its delivery, should it come, does nothing.
    assert [await ledger.record(event) for event in lost] == [False] * len(lost)
    assert all([await ledger.record(event) for event in waiting])
    assert (await ledger.rebuild()).differences == ()
    await assert_live_cells_follow_the_definitions(container)
