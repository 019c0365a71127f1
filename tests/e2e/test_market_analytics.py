"""The organiser's analytics: daily counters filled from the events (each counted once, however
often it is delivered), online market sales made from paid orders, the page and its CSV."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from babel.dates import format_date
from litestar.testing import AsyncTestClient

from infra.db.engine import write_transaction
from infra.events.envelope import EventEnvelope
from infra.events.outbox import append_to_outbox
from infra.events.tables import OutboxMessage
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.markets.analytics.consumers import MarketCounters
from marketplace.markets.analytics.counters import martinique_day
from marketplace.markets.events import (
    CODE_REDEEMED,
    MEETING_BOOKED,
    MEETING_CANCELLED,
    STAND_VISITED,
    CodeRedeemed,
    MeetingBooked,
    MeetingCancelled,
    StandVisit,
)
from marketplace.markets.tables import MarketDayRow
from media.events import MEDIA_PLAYED, PlayEvent
from tests.e2e.test_markets_api import _ports, creator_stand, market_body, open_market, organiser
from tests.helpers import create_work, deliver_events, page_log_in, priced, sign_up_and_log_in
from tests.organisation_helpers import verified_organisation

__all__ = ["_ports"]


async def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


async def _published_elsewhere(container: Container, *events: Any) -> None:
    """What the meetings and stand codes parts (and the player) publish, as they will."""
    async with write_transaction(container.engine):
        await append_to_outbox(events)


async def _buy(client: AsyncTestClient, offer_id: str) -> str:
    buyer = await sign_up_and_log_in(client, "audience")
    await _ok(await client.post("/api/cart/items", json={"offer_id": offer_id}, headers=buyer), 201)
    order = await _ok(
        await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer), 201
    )
    body = {"client_secret": order["payment"]["client_secret"], "outcome": "succeed"}
    await _ok(
        await client.post(f"/api/orders/{order['id']}/test-payment", json=body, headers=buyer)
    )
    return str(order["id"])


async def _email(client: AsyncTestClient, headers: dict[str, str]) -> str:
    return str((await client.get("/api/auth/me", headers=headers)).json()["email"])


async def _row(market_id: str) -> dict[str, Any]:
    [row] = await MarketDayRow.select().where(MarketDayRow.market_id == UUID(market_id))
    return dict(row)


async def test_each_event_counts_once_however_often_it_comes(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    exhibitor, creator, stand = await creator_stand(client, manager, market["id"])
    work = await create_work(client, exhibitor, creator["id"])
    await _ok(await client.post(f"/api/works/{work['id']}/publish", headers=exhibitor))
    await priced(client, exhibitor, work["id"], price_cents=1200)
    await _ok(
        await client.put(
            f"/api/stands/{stand['id']}/works", json={"work_ids": [work["id"]]}, headers=exhibitor
        )
    )
    market_price = await _ok(
        await client.put(
            f"/api/stands/{stand['id']}/works/{work['id']}/market-price",
            json={"pricing": "fixed", "price_cents": 800},
            headers=exhibitor,
        )
    )
    # Two visitors (one visit each a day), an accreditation, two sales, a meeting held and one
    # cancelled, a code.
    base = f"/api/markets/{market['id']}"
    for visitor in (None, await sign_up_and_log_in(client, "audience")):
        for _ in range(2):
            await _ok(await client.get(f"{base}/stands/{stand['id']}", headers=visitor))
    buyer = await verified_organisation(client, container, await sign_up_and_log_in(client))
    asked = await _ok(
        await client.post(f"{base}/accreditations", json={"category": "buyer"}, headers=buyer), 201
    )
    await _ok(await client.post(f"{base}/accreditations/{asked['id']}/grant", headers=manager))
    await _buy(client, market_price["id"])
    await _buy(client, market_price["id"])
    today = martinique_day(datetime.now(UTC))
    market_id, stand_id = UUID(market["id"]), UUID(stand["id"])
    called_off = new_id()
    booking = {
        "market_id": market_id,
        "stand_id": stand_id,
        "professional_id": new_id(),
        "slot_start": datetime.now(UTC).isoformat(),
        "day": today,
        "by": new_id(),
    }
    await _published_elsewhere(
        container,
        # A second meeting, booked then cancelled: the day counts the meetings held.
        MEETING_BOOKED.event(called_off, MeetingBooked(meeting_id=called_off, **booking)),
        MEETING_CANCELLED.event(
            called_off, MeetingCancelled(meeting_id=called_off, side="exhibitor", **booking)
        ),
        MEETING_BOOKED.event(
            new_id(),
            MeetingBooked(
                market_id=market_id,
                meeting_id=new_id(),
                stand_id=stand_id,
                professional_id=new_id(),
                slot_start=datetime.now(UTC).isoformat(),
                day=today,
                by=new_id(),
            ),
        ),
        MEDIA_PLAYED.event(
            UUID(work["id"]),
            PlayEvent(
                work_id=UUID(work["id"]),
                asset_id=new_id(),
                viewer_id=None,
                seconds=42.0,
                full=False,
                country="MQ",
            ),
        ),
        CODE_REDEEMED.event(
            new_id(),
            CodeRedeemed(
                market_id=market_id,
                stand_id=stand_id,
                batch_id=new_id(),
                work_id=UUID(work["id"]),
                user_id=new_id(),
                day=today,
            ),
        ),
    )
    await deliver_events(broker, worker)
    expected = {
        "day": today,
        "stand_visits": 2,
        "plays": 1,
        "meetings": 1,
        "accreditations": 1,
        "sales_units": 2,
        "sales_gross_cents": 1600,
        "redemptions": 1,
    }
    row = await _row(market["id"])
    assert {key: row[key] for key in expected} == expected
    sales = await OutboxMessage.select().where(OutboxMessage.event_type == "market.sale")
    assert len(sales) == 2  # one per order and market

    # Every event sent again (the relay re-sends after a crash): nothing counts twice.
    await OutboxMessage.update({OutboxMessage.sent_at: None}).where(OutboxMessage.id.is_not_null())
    await deliver_events(broker, worker)
    row = await _row(market["id"])
    assert {key: row[key] for key in expected} == expected
    assert await OutboxMessage.count().where(OutboxMessage.event_type == "market.sale") == 2


async def test_concurrent_deliveries_count_every_event_once(
    client: AsyncTestClient, container: Container
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    counters = container.services.get(MarketCounters)
    day = martinique_day(datetime.now(UTC))

    def visit() -> EventEnvelope:
        payload = StandVisit(
            market_id=UUID(market["id"]), stand_id=new_id(), day=day, signed_in=False
        )
        event = STAND_VISITED.event(new_id(), payload)
        return EventEnvelope(
            new_id(), event.type, event.aggregate_id, event.payload, datetime.now(UTC)
        )

    visits = [visit() for _ in range(8)]
    # Eight visits, each delivered twice at the same time: the first day's row is made once
    # (the unique index), every visit adds one, no duplicate adds two.
    done = await asyncio.gather(*(counters.count(v) for v in visits + visits))
    assert sum(done) == 8
    assert (await _row(market["id"]))["stand_visits"] == 8


async def test_the_team_reads_the_page_and_a_csv_no_spreadsheet_runs(
    client: AsyncTestClient, container: Container
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager, name='=HYPERLINK("https://evil.test") Marché')
    page = f"/marches/{market['id']}/gestion/statistiques"
    await page_log_in(client, await _email(client, manager))
    shown = await client.get(page)
    assert shown.status_code == 200, shown.text
    assert 'id="analytics-table"' in shown.text
    assert 'role="img"' in shown.text  # the charts, with the table beside them
    # Today's row reads as today in Martinique (not as midnight UTC, the day before there).
    today = datetime.now(UTC).astimezone(ZoneInfo("America/Martinique")).date()
    assert f'<th scope="row">{format_date(today, "long", locale="fr_FR")}</th>' in shown.text
    exported = await client.get(page + ".csv")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0][:3] == ["Marché", "Jour (Martinique)", "Visites de stands"]
    assert len(rows) >= 2
    assert all(row[0].startswith("'=HYPERLINK") for row in rows[1:])

    # A stranger: refused on a public market, not found on a draft.
    draft = await _ok(await client.post("/api/markets", json=market_body(), headers=manager), 201)
    stranger = await sign_up_and_log_in(client, "audience")
    await page_log_in(client, await _email(client, stranger))
    assert (await client.get(page)).status_code == 403
    assert (await client.get(page + ".csv")).status_code == 403
    hidden = f"/marches/{draft['id']}/gestion/statistiques.csv"
    assert (await client.get(hidden)).status_code == 404
