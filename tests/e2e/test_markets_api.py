"""Markets over the API: an organiser's market and its window, stands and their exhibitors,
accreditation and its badge, accredited-only documents, and buying at the market price."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient

from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.markets.service import MarketService
from tests.helpers import (
    create_creator,
    create_work,
    deliver_events,
    priced,
    published_work,
    sign_up_and_log_in,
)
from tests.organisation_helpers import create_organisation, ensure_notifier, verified_organisation

PDF = b"%PDF-1.4\n% press kit\n%%EOF\n"


@pytest.fixture(autouse=True)
def _ports(container: Container) -> None:
    ensure_notifier(container)


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


def market_body(**extra: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    body: dict[str, Any] = {
        "name": "Marché Lakou",
        "edition": f"2027 {now.timestamp()}",
        "descriptions": {"fr": "Le marché des ICC martiniquaises.", "gcf": "Mawché ICC Matinik."},
        "sections": ["music", "film", "books"],
        "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": (now + timedelta(days=3)).isoformat(),
    }
    body.update(extra)
    return body


async def organiser(client: AsyncTestClient, container: Container) -> dict[str, str]:
    return await verified_organisation(
        client,
        container,
        await sign_up_and_log_in(client, "audience"),
        kind="organiser",
        partner_kind=None,
    )


async def open_market(
    client: AsyncTestClient, headers: dict[str, str], **extra: Any
) -> dict[str, Any]:
    made = await client.post("/api/markets", json=market_body(**extra), headers=headers)
    assert made.status_code == 201, made.text
    published = await client.post(f"/api/markets/{made.json()['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    return dict(published.json())


async def creator_stand(
    client: AsyncTestClient, organiser_headers: dict[str, str], market_id: str
) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
    """A creator with a profile, given a stand: their headers, profile and stand."""
    creator_headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, creator_headers, disciplines=["music"])
    stand = await client.post(
        f"/api/markets/{market_id}/stands",
        json={"exhibitor_kind": "creator", "creator_id": creator["id"]},
        headers=organiser_headers,
    )
    assert stand.status_code == 201, stand.text
    return creator_headers, creator, dict(stand.json())


async def test_an_unverified_organiser_cannot_create_or_publish(
    client: AsyncTestClient, container: Container
) -> None:
    person = await sign_up_and_log_in(client, "audience")
    unverified = await create_organisation(client, person, kind="organiser", partner_kind=None)
    acting = {**person, "X-Lakou-Organisation": unverified["id"]}
    refused = await client.post("/api/markets", json=market_body(), headers=acting)
    assert refused.status_code == 403
    assert _code(refused) == "verified_organisation_required"

    # A verified organiser's draft: a member of an unverified one may not publish it.
    verified = await organiser(client, container)
    draft = await client.post("/api/markets", json=market_body(), headers=verified)
    assert draft.status_code == 201
    assert draft.json()["state"] == "draft"
    publish = await client.post(f"/api/markets/{draft.json()['id']}/publish", headers=acting)
    assert publish.status_code == 403
    still = await client.get(f"/api/markets/{draft.json()['id']}", headers=verified)
    assert still.json()["state"] == "draft"
    # A draft is nobody else's business.
    assert (await client.get(f"/api/markets/{draft.json()['id']}")).status_code == 404


async def test_bad_market_input_is_refused(client: AsyncTestClient, container: Container) -> None:
    headers = await organiser(client, container)
    now = datetime.now(UTC)
    cases = {
        "description_required": {"descriptions": {"en": "Only English"}},
        "invalid_sections": {"sections": ["cooking"]},
        "invalid_window": {
            "opens_at": now.isoformat(),
            "closes_at": (now - timedelta(hours=1)).isoformat(),
        },
        "invalid_text": {"descriptions": {"fr": "Bien", "de": "Gut"}},
        "invalid_slug": {"slug": "Pas Une Adresse!"},
    }
    for code, extra in cases.items():
        response = await client.post("/api/markets", json=market_body(**extra), headers=headers)
        assert response.status_code == 422, (code, response.text)
        assert _code(response) == code
    naive = await client.post(
        "/api/markets",
        json=market_body(opens_at="2027-03-01T09:00:00", closes_at="2027-03-05T18:00:00"),
        headers=headers,
    )
    assert naive.status_code == 422
    assert _code(naive) == "invalid_window"
    assert (await client.get("/api/markets/mine", headers=headers)).json() == []


async def test_the_window_opens_and_closes_the_market_once(
    client: AsyncTestClient, container: Container
) -> None:
    headers = await organiser(client, container)
    now = datetime.now(UTC)
    # Fort-de-France is UTC-4 all year; Paris is UTC+1 in winter and UTC+2 in summer.
    made = await client.post(
        "/api/markets",
        json=market_body(
            opens_at="2099-03-28T09:00:00-04:00", closes_at="2099-03-30T18:00:00-04:00"
        ),
        headers=headers,
    )
    assert made.status_code == 201, made.text
    market = made.json()
    assert market["opens_at"].startswith("2099-03-28T13:00:00")
    published = await client.post(f"/api/markets/{market['id']}/publish", headers=headers)
    assert published.json()["state"] == "published"
    markets = container.services.get(MarketService)
    assert await markets.follow_windows(now) == 0
    opening = datetime(2099, 3, 28, 13, 0, tzinfo=UTC)
    assert await markets.follow_windows(opening) == 1
    assert await markets.follow_windows(opening) == 0  # the job again: nothing more
    shown = await client.get(f"/api/markets/{market['id']}")
    assert shown.json()["state"] == "open"
    assert await markets.follow_windows(datetime(2099, 3, 30, 22, 0, tzinfo=UTC)) == 1
    assert (await client.get(f"/api/markets/{market['id']}")).json()["state"] == "closed"
    events = await OutboxMessage.select(OutboxMessage.event_type).where(
        OutboxMessage.aggregate_id == UUID(market["id"])
    )
    assert sorted(e["event_type"] for e in events) == [
        "market.closed",
        "market.opened",
        "market.published",
    ]
    archived = await client.post(f"/api/markets/{market['id']}/archive", headers=headers)
    assert archived.json()["state"] == "archived"
    assert (await client.get(f"/api/markets/{market['id']}")).status_code == 200


async def test_an_exhibitor_edits_only_their_stand_with_their_own_works(
    client: AsyncTestClient, container: Container
) -> None:
    headers = await organiser(client, container)
    market = await open_market(client, headers)
    mine, creator, stand = await creator_stand(client, headers, market["id"])
    other, _, other_stand = await creator_stand(client, headers, market["id"])
    again = await client.post(
        f"/api/markets/{market['id']}/stands",
        json={"exhibitor_kind": "creator", "creator_id": creator["id"]},
        headers=headers,
    )
    assert again.status_code == 409

    details = {
        "presentations": {"fr": "Tambours et chants bèlè.", "gcf-MQ": "Tanbou ek chanté bèlè."},
        "contacts": [{"name": "Man Ya", "role": "Booking", "email": "booking@example.test"}],
        "tables": 3,
        "live_slots": [
            {
                "title": "Showcase",
                "starts_at": "2099-03-28T19:00:00-04:00",
                "ends_at": "2099-03-28T20:00:00-04:00",
                "url": "https://live.example.test/showcase",
            }
        ],
    }
    updated = await client.put(f"/api/stands/{stand['id']}", json=details, headers=mine)
    assert updated.status_code == 200, updated.text
    assert updated.json()["tables"] == 3
    refused = await client.put(f"/api/stands/{stand['id']}", json=details, headers=other)
    assert refused.status_code == 403
    plain_http = {**details, "live_slots": [{**details["live_slots"][0], "url": "http://x.test"}]}
    bad = await client.put(f"/api/stands/{stand['id']}", json=plain_http, headers=mine)
    assert bad.status_code == 422
    assert _code(bad) == "invalid_link"
    script = {**details, "live_slots": [{**details["live_slots"][0], "url": "javascript:alert(1)"}]}
    assert (
        await client.put(f"/api/stands/{stand['id']}", json=script, headers=mine)
    ).status_code == 422

    own = await create_work(client, mine, creator["id"])
    await client.post(f"/api/works/{own['id']}/publish", headers=mine)
    someone_elses = await published_work(client, other)
    hidden = await client.put(
        f"/api/stands/{stand['id']}/works", json={"work_ids": [someone_elses]}, headers=mine
    )
    assert hidden.status_code == 404
    chosen = await client.put(
        f"/api/stands/{stand['id']}/works", json={"work_ids": [own["id"]]}, headers=mine
    )
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["work_ids"] == [own["id"]]
    assert other_stand["work_ids"] == []

    shown = await client.get(f"/api/markets/{market['id']}/stands/{stand['id']}")
    assert shown.status_code == 200
    assert [w["id"] for w in shown.json()["works"]] == [own["id"]]
    assert shown.json()["live_slots"][0]["url"] == "https://live.example.test/showcase"

    # After the showcase, its recording (uploaded as one of the exhibitor's works) joins the
    # slot; someone else's work cannot be named as the recording.
    recorded = [{**details["live_slots"][0], "recording_work_id": own["id"]}]
    with_recording = await client.put(
        f"/api/stands/{stand['id']}", json={**details, "live_slots": recorded}, headers=mine
    )
    assert with_recording.status_code == 200, with_recording.text
    assert with_recording.json()["live_slots"][0]["recording_work_id"] == own["id"]
    stolen = [{**details["live_slots"][0], "recording_work_id": someone_elses}]
    refused_recording = await client.put(
        f"/api/stands/{stand['id']}", json={**details, "live_slots": stolen}, headers=mine
    )
    assert refused_recording.status_code == 404
    page = await client.get(f"/marches/{market['slug']}/stands/{stand['id']}")
    assert page.status_code == 200, page.text
    assert f'href="/oeuvres/{own["id"]}" data-recording' in page.text


async def test_stands_are_searched_and_visits_count_once_a_day(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    headers = await organiser(client, container)
    market = await open_market(client, headers)
    musician, _, stand = await creator_stand(client, headers, market["id"])
    await client.put(
        f"/api/stands/{stand['id']}", json={"disciplines": ["music"]}, headers=musician
    )
    label_owner = await sign_up_and_log_in(client, "audience")
    label = await create_organisation(
        client, label_owner, kind="cultural_company", partner_kind=None, name="Kréyòl Rekòd"
    )
    label_stand = await client.post(
        f"/api/markets/{market['id']}/stands",
        json={"exhibitor_kind": "label", "organisation_id": label["id"]},
        headers=headers,
    )
    assert label_stand.status_code == 201, label_stand.text
    url = f"/api/markets/{market['id']}/stands"
    assert [s["id"] for s in (await client.get(url, params={"discipline": "music"})).json()] == [
        stand["id"]
    ]
    by_name = (await client.get(url, params={"q": "kreyol"})).json()
    assert [s["id"] for s in by_name] == [label_stand.json()["id"]]
    by_commune = (await client.get(url, params={"commune": "97209"})).json()
    assert [s["id"] for s in by_commune] == [label_stand.json()["id"]]
    assert len((await client.get(url)).json()) == 2

    visitor = await sign_up_and_log_in(client, "audience")
    for _ in range(3):
        seen = await client.get(f"{url}/{stand['id']}", headers=visitor)
        assert seen.status_code == 200
    await client.get(f"{url}/{stand['id']}")
    visits = await OutboxMessage.select().where(
        (OutboxMessage.event_type == "stand.visited")
        & (OutboxMessage.aggregate_id == UUID(stand["id"]))
    )
    assert len(visits) == 2  # the signed-in visitor once, the anonymous one once
    await deliver_events(broker, worker)


async def test_accreditation_badge_and_accredited_only_documents(
    client: AsyncTestClient, container: Container
) -> None:
    headers = await organiser(client, container)
    market = await open_market(client, headers)
    exhibitor, _, stand = await creator_stand(client, headers, market["id"])
    public = await client.post(
        f"/api/stands/{stand['id']}/documents",
        params={"kind": "press_kit", "audience": "public", "filename": "dossier.pdf"},
        content=PDF,
        headers=exhibitor,
    )
    assert public.status_code == 201, public.text
    private = await client.post(
        f"/api/stands/{stand['id']}/documents",
        params={"kind": "technical_sheet", "audience": "accredited"},
        content=PDF,
        headers=exhibitor,
    )
    assert private.status_code == 201
    not_pdf = await client.post(
        f"/api/stands/{stand['id']}/documents", content=b"<html>", headers=exhibitor
    )
    assert not_pdf.status_code == 422

    buyer = await verified_organisation(
        client, container, await sign_up_and_log_in(client, "audience")
    )
    assert (await client.get(private.json()["url"], headers=buyer)).status_code == 404
    assert (await client.get(private.json()["url"])).status_code == 404
    assert (await client.get(public.json()["url"])).status_code == 200
    view = await client.get(f"/api/markets/{market['id']}/stands/{stand['id']}", headers=buyer)
    assert [d["audience"] for d in view.json()["documents"]] == ["public"]

    base = f"/api/markets/{market['id']}"
    no_organisation = await client.post(
        f"{base}/accreditations",
        json={"category": "buyer"},
        headers={"Authorization": buyer["Authorization"]},
    )
    assert no_organisation.status_code == 422
    wrong = await client.post(f"{base}/accreditations", json={"category": "vip"}, headers=buyer)
    assert wrong.status_code == 422
    asked = await client.post(f"{base}/accreditations", json={"category": "buyer"}, headers=buyer)
    assert asked.status_code == 201, asked.text
    accreditation = asked.json()
    assert (await client.get(f"{base}/badge", headers=buyer)).status_code == 404
    # The buyer cannot review their own request.
    own_grant = await client.post(
        f"{base}/accreditations/{accreditation['id']}/grant", headers=buyer
    )
    assert own_grant.status_code == 403
    no_reason = await client.post(
        f"{base}/accreditations/{accreditation['id']}/refuse", json={"reason": " "}, headers=headers
    )
    assert no_reason.status_code == 422
    granted = await client.post(
        f"{base}/accreditations/{accreditation['id']}/grant", headers=headers
    )
    assert granted.json()["state"] == "granted"
    assert (await client.get(private.json()["url"], headers=buyer)).status_code == 200
    events = await OutboxMessage.select().where(OutboxMessage.event_type == "accreditation.granted")
    assert [e["aggregate_id"] for e in events if str(e["aggregate_id"]) == accreditation["id"]]

    badge = (await client.get(f"{base}/badge", headers=buyer)).json()
    checked = await client.get(
        f"{base}/badges/verify", params={"token": badge["token"]}, headers=headers
    )
    assert checked.status_code == 200
    assert checked.json()["current"] is True
    assert checked.json()["category"] == "buyer"
    forged = badge["token"].replace(".buyer.", ".press.")
    refused = await client.get(f"{base}/badges/verify", params={"token": forged}, headers=headers)
    assert refused.status_code == 422
    assert _code(refused) == "invalid_token"
    # The desk is the team's: a visitor cannot probe tokens.
    probe = await client.get(
        f"{base}/badges/verify", params={"token": badge["token"]}, headers=buyer
    )
    assert probe.status_code == 403


async def test_a_visitor_buys_at_the_market_price_during_the_window(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    headers = await organiser(client, container)
    market = await open_market(client, headers)
    exhibitor, creator, stand = await creator_stand(client, headers, market["id"])
    work = await create_work(client, exhibitor, creator["id"])
    await client.post(f"/api/works/{work['id']}/publish", headers=exhibitor)
    everyday = await priced(client, exhibitor, work["id"], price_cents=1200)
    not_on_stand = await client.put(
        f"/api/stands/{stand['id']}/works/{work['id']}/market-price",
        json={"pricing": "fixed", "price_cents": 800},
        headers=exhibitor,
    )
    assert not_on_stand.status_code == 422
    await client.put(
        f"/api/stands/{stand['id']}/works", json={"work_ids": [work["id"]]}, headers=exhibitor
    )
    set_price = await client.put(
        f"/api/stands/{stand['id']}/works/{work['id']}/market-price",
        json={"pricing": "fixed", "price_cents": 800},
        headers=exhibitor,
    )
    assert set_price.status_code == 200, set_price.text
    market_offer = set_price.json()

    view = await client.get(f"/api/markets/{market['id']}/stands/{stand['id']}")
    shown = view.json()["works"][0]
    assert shown["market_price"]["price_cents"] == 800
    assert shown["everyday_price"]["price_cents"] == 1200
    assert shown["everyday_price"]["offer_id"] == everyday["id"]

    buyer = await sign_up_and_log_in(client, "audience")
    added = await client.post(
        "/api/cart/items", json={"offer_id": market_offer["id"]}, headers=buyer
    )
    assert added.status_code in (200, 201), added.text
    order = await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)
    assert order.status_code in (200, 201), order.text
    assert order.json()["total_cents"] == 800
    paid = await client.post(
        f"/api/orders/{order.json()['id']}/test-payment",
        json={"client_secret": order.json()["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200, paid.text
    await deliver_events(broker, worker)
    library = (await client.get("/api/library", headers=buyer)).json()
    assert any(entry["work_id"] == work["id"] for entry in library)
