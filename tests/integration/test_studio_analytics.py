"""The studio's analytics from a sequence of plays: what a creator reads of their own works.

Two listeners count (one complete, one partial), an anonymous skip and a repeat within the
half hour do not, nor the owner's own play; the outcomes and the retention curve read every
play heard but the owner's. Another creator's work is not found.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from uuid import UUID

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.indicators.domain.periods import martinique_day
from marketplace.indicators.service import IndicatorLedger
from media.plays.analytics import period_of
from media.plays.tables import PlayRow
from tests import indicator_events
from tests.helpers import (
    create_creator,
    create_work,
    deliver_events,
    log_in,
    page_log_in,
    pay_with_test_payment,
    priced,
    published_work,
    sign_up_and_log_in,
    staff_headers,
)
from tests.play_helpers import listen, token, track, use_clock, user_id

OWNER_EMAIL = "analytics-owner@example.test"


@pytest.fixture
async def played(client: AsyncTestClient, container: Container) -> str:
    """A 20-second work and its plays; its id."""
    clock = use_clock(container)  # 2026-01-05 10:01 UTC, 06:01 in Martinique
    owner = await sign_up_and_log_in(client, email=OWNER_EMAIL)
    work = await track(client, owner, duration_s=20)
    first = await sign_up_and_log_in(client, role="audience")
    second = await sign_up_and_log_in(client, role="audience")
    first_id, second_id = await user_id(client, first), await user_id(client, second)

    def mine(viewer: UUID | None) -> str:
        return token(container, work.asset_id, viewer)

    assert (await listen(client, clock, mine(first_id), 20, first))["standing"] == "counted"
    ended = await listen(client, clock, mine(second_id), 12, second, source="search")
    assert ended["standing"] == "counted"
    assert (await listen(client, clock, mine(None), 3))["standing"] == "short"
    owner_token = mine(await user_id(client, owner))
    assert (await listen(client, clock, owner_token, 20, owner))["standing"] == "excluded"
    again = await listen(client, clock, mine(first_id), 15, first)
    assert again["standing"] == "repeat"
    return work.work_id


async def test_the_studio_shows_a_works_plays_listeners_outcomes_and_retention(
    client: AsyncTestClient, container: Container, played: str
) -> None:
    headers = await log_in(client, OWNER_EMAIL)
    figures = (await client.get(f"/api/studio/works/{played}/analytics", headers=headers)).json()
    assert (figures["plays"], figures["listeners"], figures["previews"]) == (2, 2, 0)
    outcomes = {item["key"]: item["count"] for item in figures["outcomes"]}
    assert outcomes == {"complete": 1, "partial": 2, "skip": 1}
    # Four plays heard (the owner's apart): all began, three passed 4 s, two passed 12 s...
    assert figures["retention"] == [1.0, 1.0, 0.75, 0.75, 0.75, 0.75, 0.5, 0.5, 0.25, 0.25]
    assert figures["retention_plays"] == 4
    assert {s["key"]: s["count"] for s in figures["sources"]} == {"work_page": 1, "search": 1}
    assert [(c["key"], c["count"]) for c in figures["countries"]] == [("", 2)]
    assert [(p["period"], p["plays"]) for p in figures["periods"]] == [("2026-01-05", 2)]
    monthly = await client.get(
        f"/api/studio/works/{played}/analytics", params={"grain": "month"}, headers=headers
    )
    assert [(p["period"], p["plays"]) for p in monthly.json()["periods"]] == [("2026-01", 2)]
    # The summary's play count is the same, as is the overview of every work.
    stats = (await client.get("/api/studio/stats", headers=headers)).json()
    assert stats["plays"] == 2
    overview = (await client.get("/api/studio/analytics", headers=headers)).json()
    assert (overview["plays"], overview["listeners"]) == (2, 2)


async def test_the_analytics_page_shows_the_figures(
    client: AsyncTestClient, container: Container, played: str
) -> None:
    await page_log_in(client, OWNER_EMAIL)
    page = await client.get(f"/studio/oeuvres/{played}/statistiques")
    assert page.status_code == 200
    assert re.search(r"data-figure-plays>2<", page.text)
    assert re.search(r"data-figure-listeners>2<", page.text)
    assert 'data-outcome="skip"' in page.text
    assert "<meter" in page.text
    overview = await client.get("/studio/statistiques")
    assert re.search(r"data-figure-plays>2<", overview.text)


async def test_the_listeners_countries_are_on_a_map_with_their_table(
    client: AsyncTestClient, container: Container, played: str
) -> None:
    # As if the trusted proxy had said Martinique for every play.
    await PlayRow.update({PlayRow.country: "MQ"}).where(PlayRow.work_id == UUID(played))
    await page_log_in(client, OWNER_EMAIL)

    html = (await client.get(f"/studio/oeuvres/{played}/statistiques")).text

    svg = html.split('<figure class="indicator-map" data-listeners-map>', 1)[1]
    svg = svg.split("</svg>", 1)[0]
    # Martinique is a marked point of its own (not mainland France), in the darkest shade.
    assert re.search(r'<circle [^>]*fill="#145c48"[^>]*><title>Martinique : 2</title>', svg)
    assert "<title>France" not in svg
    assert 'data-country="MQ"' in html
    # The charts are drawn from the tables, by the library Lakou serves.
    assert "/static/vendor/chart.umd.min.js" in html
    assert 'data-retention data-chart="line"' in html


async def test_another_creators_analytics_are_not_found(
    client: AsyncTestClient, container: Container, played: str
) -> None:
    other = await sign_up_and_log_in(client)
    hidden = await client.get(f"/api/studio/works/{played}/analytics", headers=other)
    assert (hidden.status_code, hidden.json()["error"]["code"]) == (404, "not_found")
    assert (await client.get("/api/studio/analytics", headers=other)).json()["plays"] == 0
    staff = await staff_headers(client, container)
    seen = await client.get(f"/api/studio/works/{played}/analytics", headers=staff)
    assert seen.json()["plays"] == 2
    bad = await client.get(
        f"/api/studio/works/{played}/analytics", params={"grain": "week"}, headers=other
    )
    assert bad.status_code == 400


async def test_sales_and_revenue_show_by_period(
    client: AsyncTestClient, container: Container, worker: Worker, broker: RedisBroker
) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    offer = await priced(client, seller, work_id)
    buyer = await sign_up_and_log_in(client, role="audience")
    await pay_with_test_payment(client, buyer, offer["id"])
    await deliver_events(broker, worker)
    figures = (await client.get(f"/api/studio/works/{work_id}/analytics", headers=seller)).json()
    assert (figures["sales"], figures["gross_cents"], figures["plays"]) == (1, 800, 0)
    today = period_of(datetime.now(UTC), "month")
    monthly = await client.get(
        f"/api/studio/works/{work_id}/analytics", params={"grain": "month"}, headers=seller
    )
    assert [(p["period"], p["sales"], p["gross_cents"]) for p in monthly.json()["periods"]] == [
        (today, 1, 800)
    ]


async def test_the_markets_a_creators_works_opened_are_listed_and_this_months_mapped(
    client: AsyncTestClient, container: Container
) -> None:
    """Saint Lucia first heard one work in January; Canada bought the other this month (its
    card said Canada, the buyer declared France); a refunded sale to Germany and another
    creator's play in Japan open nothing here."""
    email = "markets-owner@example.test"
    owner = await sign_up_and_log_in(client, email=email)
    creator = await create_creator(client, owner)
    first, second = [(await create_work(client, owner, creator["id"]))["id"] for _ in range(2)]
    stranger = await sign_up_and_log_in(client)
    theirs = await create_work(client, stranger, (await create_creator(client, stranger))["id"])
    now = datetime.now(UTC)
    january = datetime(2026, 1, 20, 15, tzinfo=UTC)
    refunded_order = new_id()
    events = [
        indicator_events.played(UUID(first), "LC", january),
        indicator_events.played(UUID(first), "LC", now),
        indicator_events.paid(new_id(), [UUID(second)], "FR", now, card="CA"),
        indicator_events.paid(refunded_order, [UUID(second)], "DE", january),
        indicator_events.refunded(refunded_order, january),
        indicator_events.played(UUID(theirs["id"]), "JP", january),
    ]
    ledger = container.services.get(IndicatorLedger)
    for event in events:
        assert await ledger.record(event)
    today = martinique_day(now)

    every = (await client.get("/api/studio/analytics", headers=owner)).json()["new_markets"]
    one = await client.get(f"/api/studio/works/{first}/analytics", headers=owner)

    assert [(m["key"], m["first_day"], m["new"]) for m in every] == [
        ("CA", today, True),
        ("LC", "2026-01-20", now.month == 1 and now.year == 2026),
    ]
    assert [m["key"] for m in one.json()["new_markets"]] == ["LC"]
    hidden = await client.get(f"/api/studio/works/{first}/analytics", headers=stranger)
    assert hidden.status_code == 404
    await page_log_in(client, email)
    html = (await client.get("/studio/statistiques")).text
    assert re.search(r'<tr data-new-market="CA" data-new><th scope="row">Canada</th>', html)
    assert '<tr data-new-market="LC"><th scope="row">Sainte-Lucie</th>' in html
    svg = html.split("data-listeners-map>", 1)[1].split("</svg>", 1)[0]
    assert re.search(r'fill="#d98b2b"[^>]*><title>Canada \(nouveau marché ce mois-ci\)', svg)
