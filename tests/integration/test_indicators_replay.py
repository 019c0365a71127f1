"""The indicators live and rebuilt: the consumer's tables equal a fold over the outbox's log,
whatever the deliveries' order and however often each event came."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.indicators.service import IndicatorFigures, IndicatorLedger, rebuild
from tests.indicator_events import log_to_outbox, played, random_events


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

    result = await rebuild(page=64)

    assert result.events == len(events)
    assert result.differences == ()
    figures = container.services.get(IndicatorFigures)
    for grain in ("day", "month", "quarter", "year"):
        assert await figures.cells(grain) == await figures.cells(grain, rebuilt=True)
    assert any(cell.indicator == "markets_reached" for cell in await figures.cells("year"))


async def test_the_rebuild_finds_what_the_live_tables_missed(container: Container) -> None:
    events = random_events(30, seed=5)
    await log_to_outbox(events)
    ledger = container.services.get(IndicatorLedger)
    for event in events[:-1]:
        await ledger.record(event)

    result = await rebuild()

    assert result.differences  # the event never consumed shows as a difference
    await ledger.record(events[-1])
    assert (await rebuild()).differences == ()


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
