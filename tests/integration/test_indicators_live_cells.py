"""The kept cells move with each event, in its own transaction: a read right after shows it;
the open-data endpoint answers 304 while nothing changed; a work's new discipline and its
creator's new commune (hence EPCI) carry its past figures with them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient

from infra.events.relay import envelope_of
from infra.events.tables import OutboxMessage
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.indicators.service import IndicatorLedger
from tests.helpers import create_creator, create_work, deliver_events, sign_up_and_log_in
from tests.indicator_events import log_to_outbox, paid, played, refunded
from tests.integration.test_indicators_replay import assert_live_cells_follow_the_definitions

MARCH = datetime(2026, 3, 10, 15, tzinfo=UTC)
OPEN_DATA = "/api/indicators/open-data"


async def _logged(kind: str) -> list[Any]:
    rows = await OutboxMessage.select().where(OutboxMessage.event_type == kind)
    return [envelope_of(row) for row in rows]


def figure(cells: list[dict[str, Any]], indicator: str, dimension: str, value: str) -> Any:
    found = [
        c["count"]
        for c in cells
        if (c["indicator"], c["dimension"], c["value"]) == (indicator, dimension, value)
    ]
    return found[0] if found else 0


async def test_a_read_right_after_an_event_shows_it_and_an_unchanged_read_is_a_304(
    container: Container, client: AsyncTestClient
) -> None:
    ledger = container.services.get(IndicatorLedger)
    params = {"grain": "month", "period": "2026-03"}
    await ledger.record(played(new_id(), "LC", MARCH))
    first = await client.get(OPEN_DATA, params=params)
    assert figure(first.json()["cells"], "works_diffused", "total", "") == 1

    await ledger.record(played(new_id(), "JP", MARCH))
    second = await client.get(OPEN_DATA, params=params)
    unchanged = await client.get(
        OPEN_DATA, params=params, headers={"if-none-match": second.headers["etag"]}
    )

    assert figure(second.json()["cells"], "works_diffused", "total", "") == 2
    assert figure(second.json()["cells"], "markets_reached", "country", "JP") == 1
    assert second.headers["etag"] != first.headers["etag"]
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    # The page reads the same cells at once too (its view is kept per version).
    page = await client.get("/indicateurs", params=params)
    assert 'data-indicator="works_diffused"><dt>' in page.text
    assert "<strong>2</strong>" in page.text


async def test_a_works_new_discipline_and_its_creators_new_commune_move_its_figures(
    container: Container, client: AsyncTestClient, broker: Any, worker: Any
) -> None:
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller, commune_code="97209")  # Fort-de-France, CACEM
    work = UUID((await create_work(client, seller, creator["id"], discipline="music"))["id"])
    other = UUID((await create_work(client, seller, creator["id"], discipline="music"))["id"])
    ledger = container.services.get(IndicatorLedger)
    order = new_id()
    events = [paid(order, [work], "CA", MARCH), played(other, "FR", MARCH)]
    await log_to_outbox([*events, refunded(order, MARCH)])  # the log the rebuild reads
    for event in events:
        await ledger.record(event)
    params = {"grain": "year", "period": "2026"}
    before = (await client.get(OPEN_DATA, params=params)).json()["cells"]
    assert figure(before, "works_diffused", "discipline", "music") == 2
    assert figure(before, "works_diffused", "commune", "97209") == 2

    changed = await client.patch(f"/api/works/{work}", json={"discipline": "film"}, headers=seller)
    assert changed.status_code == 200, changed.text
    moved = await client.patch(
        f"/api/creators/{creator['id']}", json={"commune_code": "97210"}, headers=seller
    )  # Le François, in another EPCI
    assert moved.status_code == 200, moved.text
    await deliver_events(broker, worker)

    after = (await client.get(OPEN_DATA, params=params)).json()["cells"]
    assert figure(after, "works_diffused", "discipline", "music") == 1
    assert figure(after, "works_diffused", "discipline", "film") == 1
    assert figure(after, "works_diffused", "commune", "97209") == 0
    assert figure(after, "works_diffused", "commune", "97210") == 2
    assert figure(after, "works_diffused", "epci", "249720061") == 0
    assert figure(after, "works_diffused", "epci", "249720053") == 2
    assert figure(after, "works_diffused", "total", "") == 2
    # A refund after the move takes the sale from the work's new discipline.
    [refund_event] = [e for e in await _logged("order.refunded")]
    await ledger.record(refund_event)
    refund = (await client.get(OPEN_DATA, params=params)).json()["cells"]
    assert figure(refund, "works_diffused", "discipline", "film") == 0
    assert figure(refund, "works_diffused", "discipline", "music") == 1
    await assert_live_cells_follow_the_definitions(container)
    assert (await ledger.rebuild()).differences == ()
