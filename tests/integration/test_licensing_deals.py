"""Licence deals through the API: a verified partner asks, the producer quotes, the partner
accepts, both sides accept the contract and pay the invoice through the cart; the window is then licensed, the film is in the partner's
library and the fee is shared by the split sheet. Exclusivity holds even at the same instant."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.testing import AsyncTestClient

from infra.db.values import as_uuid
from lakou.bootstrap import Container
from marketplace.revenue.tables import LedgerEntryRow
from tests.helpers import deliver_events, published_work, sign_up_and_log_in, staff_headers
from tests.licensing_paperwork import invoiced
from tests.organisation_helpers import verified_organisation

DEALS = "/api/licensing/deals"


async def _film_with_mandate(client: AsyncTestClient) -> tuple[dict[str, str], str, list[str]]:
    """A producer's published film, its split sheet 70/30, an exclusive SVOD mandate for North
    America (Mexico excepted) over 2027 to 2029."""
    owner = await sign_up_and_log_in(client)
    work_id = await published_work(client, owner, discipline="film")
    sheet = await client.put(
        f"/api/works/{work_id}/splits",
        json={
            "holders": [
                {"name": "Man Ya", "role": "producer", "share_bp": 7000},
                {"name": "Ti Jo", "role": "director", "share_bp": 3000},
            ]
        },
        headers=owner,
    )
    assert sheet.status_code == 200, sheet.text
    holders = [h["holder_id"] for h in sheet.json()["holders"]]
    mandate = await client.post(
        f"/api/licensing/works/{work_id}/mandates",
        json={
            "medium": "svod",
            "territory": "north_america -MX",
            "starts_on": "2027-01-01",
            "ends_on": "2029-12-31",
            "exclusive": True,
            "signatory_id": holders[0],
        },
        headers=owner,
    )
    assert mandate.status_code == 201, mandate.text
    return owner, work_id, holders


def _ask(work_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "work_id": work_id,
        "medium": "svod",
        "territory": "CA",
        "starts_on": "2027-01-01",
        "ends_on": "2027-12-31",
        "exclusive": True,
        "intended_use": "Plateforme SVOD au Québec",
        "budget_cents": 150000,
        **extra,
    }


def _offer(price: int = 120000) -> dict[str, Any]:
    expires = datetime.now(UTC) + timedelta(days=7)
    return {"price_cents": price, "expires_at": expires.isoformat(), "terms": "Sous-titres fr"}


async def _partner(client: AsyncTestClient, container: Container) -> dict[str, str]:
    return await verified_organisation(client, container, await sign_up_and_log_in(client))


async def _accepted(
    client: AsyncTestClient, owner: dict[str, str], partner: dict[str, str], body: dict[str, Any]
) -> str:
    asked = await client.post(DEALS, json=body, headers=partner)
    assert asked.status_code == 201, asked.text
    deal = asked.json()["id"]
    offered = await client.post(f"{DEALS}/{deal}/offer", json=_offer(), headers=owner)
    assert offered.status_code == 200, offered.text
    accepted = await client.post(f"{DEALS}/{deal}/accept", headers=partner)
    assert accepted.status_code == 200, accepted.text
    return str(deal)


async def test_a_partner_licenses_a_film_pays_and_receives_it(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, holders = await _film_with_mandate(client)
    partner = await _partner(client, container)
    # Not a verified partner: refused. Outside the mandate, or a period ending before it
    # starts: refused with its code, nothing recorded.
    stranger = await sign_up_and_log_in(client)
    assert (await client.post(DEALS, json=_ask(work_id), headers=stranger)).status_code == 403
    refused = {
        409: ("outside_mandate", _ask(work_id, territory="MX")),
        422: ("inverted_period", _ask(work_id, ends_on="2026-01-01")),
    }
    for status, (code, body) in refused.items():
        answer = await client.post(DEALS, json=body, headers=partner)
        assert answer.status_code == status, answer.text
        assert answer.json()["error"]["code"] == code
    assert (await client.get(DEALS, headers=partner)).json()["asked"] == []

    asked = await client.post(DEALS, json=_ask(work_id), headers=partner)
    assert asked.status_code == 201, asked.text
    deal = asked.json()
    assert deal["state"] == "requested"
    url = f"{DEALS}/{deal['id']}"
    # Another partner does not see it; the partner cannot quote, nor accept before an offer.
    other = await _partner(client, container)
    assert (await client.get(url, headers=other)).status_code == 404
    assert (await client.post(f"{url}/offer", json=_offer(), headers=partner)).status_code == 403
    early = await client.post(f"{url}/accept", headers=partner)
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "not_your_turn"
    # The producer sees it to answer, and quotes; a bad price changes nothing.
    answering = (await client.get(DEALS, headers=owner)).json()["answering"]
    assert [d["id"] for d in answering] == [deal["id"]]
    bad = await client.post(f"{url}/offer", json=_offer(price=0), headers=owner)
    assert bad.json()["error"]["code"] == "invalid_price"
    assert (await client.get(url, headers=owner)).json()["state"] == "requested"
    assert (await client.post(f"{url}/offer", json=_offer(), headers=owner)).status_code == 200
    accepted = await client.post(f"{url}/accept", headers=partner)
    assert accepted.json()["state"] == "accepted"
    # Both sides accept the contract; the invoice opens payment (test_licensing_paperwork.py).
    await invoiced(client, broker, worker, deal["id"], owner, partner, {"country": "CA"})

    # Paid through the cart and the test payment.
    item = {"item_kind": "licensing.deal", "item_id": deal["id"]}
    added = await client.post("/api/cart/items", json=item, headers=partner)
    assert added.status_code == 201, added.text
    # Only the partner who accepted may buy it.
    assert (await client.post("/api/cart/items", json=item, headers=other)).status_code in (
        403,
        404,
        409,
    )
    order = await client.post("/api/checkout", json={"country": "CA"}, headers=partner)
    assert order.status_code == 201, order.text
    paid = await client.post(
        f"/api/orders/{order.json()['id']}/test-payment",
        json={"client_secret": order.json()["payment"]["client_secret"], "outcome": "succeed"},
        headers=partner,
    )
    assert paid.status_code == 200, paid.text
    await deliver_events(broker, worker)

    licensed = (await client.get(url, headers=partner)).json()
    assert licensed["state"] == "licensed"
    assert licensed["order_id"] == order.json()["id"]
    spans = (
        await client.get(f"/api/licensing/availability/works/{work_id}", headers=other)
    ).json()["spans"]
    in_2027 = {s["status"]: set(s["countries"]) for s in spans if s["starts_on"] == "2027-01-01"}
    assert "CA" in in_2027["licensed"]
    assert "US" in in_2027["exclusive"]
    # Delivered: the film is in the partner's library, with counted, expiring download links.
    library = (await client.get("/api/library", headers=partner)).json()
    assert [entry["work_id"] for entry in library] == [work_id]
    # The fee is shared by the split sheet, 70/30, every cent allocated.
    shares = {
        str(as_uuid(row["holder_id"])): int(row["amount_cents"])
        for row in await LedgerEntryRow.select().where(
            (LedgerEntryRow.kind == "holder_share")
            & (LedgerEntryRow.order_id == order.json()["id"])
        )
    }
    assert set(shares) == set(holders)
    assert shares[holders[0]] * 3 // 7 in range(shares[holders[1]] - 1, shares[holders[1]] + 2)
    # The same window again: licensed, so refused.
    again = await client.post(DEALS, json=_ask(work_id), headers=other)
    assert again.json()["error"]["code"] == "exclusive_conflict"


async def test_exclusivity_holds_between_deals(
    client: AsyncTestClient, container: Container
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    first, second, third = [await _partner(client, container) for _ in range(3)]
    shared = _ask(work_id, territory="US", exclusive=False)
    # An accepted non-exclusive deal blocks a new exclusive one, not another non-exclusive.
    await _accepted(client, owner, first, shared)
    over = await client.post(DEALS, json={**shared, "exclusive": True}, headers=second)
    assert over.status_code == 409
    assert over.json()["error"]["code"] == "exclusive_conflict"
    await _accepted(client, owner, second, shared)
    # Two exclusive requests over the same Canadian year, both quoted, accepted at the same
    # instant: the work's rights lock lets exactly one through.
    asked = []
    for partner in (second, third):
        answer = await client.post(DEALS, json=_ask(work_id), headers=partner)
        assert answer.status_code == 201, answer.text
        deal = answer.json()["id"]
        assert (
            await client.post(f"{DEALS}/{deal}/offer", json=_offer(), headers=owner)
        ).status_code == 200
        asked.append((deal, partner))
    answers = await asyncio.gather(
        *(client.post(f"{DEALS}/{deal}/accept", headers=partner) for deal, partner in asked)
    )
    assert sorted(a.status_code for a in answers) == [200, 409]
    states = [
        (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"]
        for deal, partner in asked
    ]
    assert sorted(states) == ["accepted", "offered"]
    # The loser's deal frees nothing and takes nothing; cancelled deals free their window.
    winner = next(deal for (deal, partner), a in zip(asked, answers, strict=True) if a.is_success)
    holder = next(partner for (deal, partner) in asked if deal == winner)
    cancelled = await client.post(f"{DEALS}/{winner}/cancel", headers=holder)
    assert cancelled.json()["state"] == "cancelled"
    loser, loser_partner = next((d, p) for d, p in asked if d != winner)
    retried = await client.post(f"{DEALS}/{loser}/accept", headers=loser_partner)
    assert retried.status_code == 200, retried.text


async def test_the_rights_side_declines_and_nothing_moves_after(
    client: AsyncTestClient, container: Container
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    deal = (await client.post(DEALS, json=_ask(work_id), headers=partner)).json()["id"]
    declined = await client.post(
        f"{DEALS}/{deal}/decline", json={"note": "Déjà en discussion"}, headers=owner
    )
    assert declined.json()["state"] == "declined"
    late = await client.post(f"{DEALS}/{deal}/offer", json=_offer(), headers=owner)
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "deal_state"
    item = {"item_kind": "licensing.deal", "item_id": deal}
    assert (await client.post("/api/cart/items", json=item, headers=partner)).status_code >= 400


async def _pay(client: AsyncTestClient, partner: dict[str, str], deal: str) -> str:
    item = {"item_kind": "licensing.deal", "item_id": deal}
    assert (await client.post("/api/cart/items", json=item, headers=partner)).status_code == 201
    order = (await client.post("/api/checkout", json={"country": "CA"}, headers=partner)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=partner,
    )
    assert paid.status_code == 200, paid.text
    return str(order["id"])


async def test_a_refund_takes_the_licence_back_and_frees_the_window(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner, other = [await _partner(client, container) for _ in range(2)]
    deal = await _accepted(client, owner, partner, _ask(work_id))
    await invoiced(client, broker, worker, deal, owner, partner, {"country": "CA"})
    order = await _pay(client, partner, deal)
    await deliver_events(broker, worker)
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "licensed"
    # Paying twice is impossible: the deal is no longer for sale.
    item = {"item_kind": "licensing.deal", "item_id": deal}
    assert (await client.post("/api/cart/items", json=item, headers=partner)).status_code >= 400

    staff = await staff_headers(client, container)
    refund = await client.post(f"/api/orders/{order}/refunds", json={}, headers=staff)
    assert refund.status_code == 200, refund.text
    await deliver_events(broker, worker)
    assert (await client.get(f"{DEALS}/{deal}", headers=partner)).json()["state"] == "cancelled"
    assert (await client.get("/api/library", headers=partner)).json() == []
    # The Canadian window is free again: another partner may take it exclusively.
    again = await client.post(DEALS, json=_ask(work_id), headers=other)
    assert again.status_code == 201, again.text
