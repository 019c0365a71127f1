"""Entry fees of a market's call for entries, over the API with the test-payment gateway: an
unpaid submission is not sent, the applicant pays through the cart and checkout, then sends
it; nobody else pays or sends it; the fee reaches the organiser's ledger; a full refund
withdraws an undecided submission; the organiser may waive a named applicant's fee."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from calls.fees import EntryFeeService
from calls.tables import FeeRow
from lakou.bootstrap import Container
from marketplace.revenue.domain.splits import owner_holder_id
from tests.e2e.test_market_entries import _post, creator_with_work, entries_call, past_deadline
from tests.e2e.test_markets_api import _ports, open_market, organiser
from tests.helpers import deliver_events, page_log_in, sign_up_and_log_in, staff_headers

__all__ = ["_ports"]
FEE = 1500


async def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


async def fee_call(client: AsyncTestClient, container: Container) -> tuple[dict[str, str], str]:
    """An organiser's open market with an open call for entries at 15 € (headers, call id)."""
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    body = {**entries_call(market["id"]), "fee_cents": FEE}
    call = await _ok(await client.post("/api/calls", json=body, headers=manager), 201)
    assert call["fee_cents"] == FEE
    await _ok(await client.post(f"/api/calls/{call['id']}/open", headers=manager))
    return manager, str(call["id"])


async def draft(client: AsyncTestClient, headers: dict[str, str], call_id: str, work: str) -> str:
    body = {"answers": {"work": work}, "submit": False}
    made = await _ok(
        await client.post(f"/api/calls/{call_id}/submissions", json=body, headers=headers), 201
    )
    return str(made["id"])


async def pay_fee(
    client: AsyncTestClient, buyer: dict[str, str], submission_id: str, broker: Any, worker: Any
) -> dict[str, Any]:
    fee = await _ok(await client.get(f"/api/call-submissions/{submission_id}/fee", headers=buyer))
    item = {"item_kind": fee["item_kind"], "item_id": fee["item_id"]}
    await _ok(await client.post("/api/cart/items", json=item, headers=buyer), 201)
    order = await _ok(
        await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer), 201
    )
    secret = {"client_secret": order["payment"]["client_secret"], "outcome": "succeed"}
    await _ok(
        await client.post(f"/api/orders/{order['id']}/test-payment", json=secret, headers=buyer)
    )
    await deliver_events(broker, worker)
    return dict(order)


async def fee_state(client: AsyncTestClient, headers: dict[str, str], submission_id: str) -> str:
    fee = await client.get(f"/api/call-submissions/{submission_id}/fee", headers=headers)
    return str((await _ok(fee))["state"])


async def test_an_entry_is_sent_once_its_fee_is_paid_and_the_organiser_is_credited(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    manager, call_id = await fee_call(client, container)
    creator, _, work_id = await creator_with_work(client)

    # Sent at once without paying: refused, and no draft is kept.
    at_once = await client.post(
        f"/api/calls/{call_id}/submissions",
        json={"answers": {"work": work_id}, "submit": True},
        headers=creator,
    )
    assert at_once.status_code == 409, at_once.text
    assert _code(at_once) == "fee_unpaid"
    assert await _ok(await client.get("/api/call-submissions", headers=creator)) == []

    submission_id = await draft(client, creator, call_id, work_id)
    unpaid = await client.post(f"/api/call-submissions/{submission_id}/submit", headers=creator)
    assert unpaid.status_code == 409, unpaid.text
    assert _code(unpaid) == "fee_unpaid"
    mine = await _ok(await client.get(f"/api/call-submissions/{submission_id}", headers=creator))
    assert mine["state"] == "draft"
    fee = await _ok(await client.get(f"/api/call-submissions/{submission_id}/fee", headers=creator))
    assert fee == {
        "amount_cents": FEE,
        "currency": "EUR",
        "state": "unpaid",
        "item_kind": "calls.entry_fee",
        "item_id": submission_id,
    }

    # Someone else can neither put the fee in their cart nor send the submission.
    other = await sign_up_and_log_in(client, "audience")
    item = {"item_kind": "calls.entry_fee", "item_id": submission_id}
    stranger = await client.post("/api/cart/items", json=item, headers=other)
    assert stranger.status_code == 404, stranger.text
    assert (await client.get("/api/cart", headers=other)).json()["items"] == []
    sent_by_other = await client.post(
        f"/api/call-submissions/{submission_id}/submit", headers=other
    )
    assert sent_by_other.status_code == 404

    order = await pay_fee(client, creator, submission_id, broker, worker)
    # A service in Martinique: 8.5 % VAT inside the fee.
    assert order["total_cents"] == FEE
    assert order["lines"][0]["vat_rate_bp"] == 850
    assert await fee_state(client, creator, submission_id) == "paid"
    # Paid, the fee is no longer for sale.
    again = await client.post("/api/cart/items", json=item, headers=creator)
    assert again.status_code == 409, again.text

    # The settlement told twice, or a second order: still one payment, the first order's.
    fees = container.services.get(EntryFeeService)
    buyer = UUID((await _ok(await client.get("/api/auth/me", headers=creator)))["id"])
    await fees.paid(UUID(submission_id), buyer, UUID(order["id"]))
    await fees.paid(UUID(submission_id), buyer, UUID(int=7))
    rows = await FeeRow.select().where(FeeRow.submission == UUID(submission_id))
    assert [(row["state"], str(row["order_id"])) for row in rows] == [("paid", order["id"])]
    # The organiser was told of the sale once, however often the settlement ran.
    told = await _ok(await client.get("/api/notifications/", headers=manager))
    assert [item["kind"] for item in told["items"]].count("calls.fee_paid") == 1

    sent = await client.post(f"/api/call-submissions/{submission_id}/submit", headers=creator)
    assert (await _ok(sent))["state"] == "submitted"

    # The organiser (the organisation's owner) is the seller: the fee is in their statement.
    me = await _ok(await client.get("/api/auth/me", headers=manager))
    holder = owner_holder_id(UUID(me["id"]))
    statement = await client.get(f"/api/revenue/holders/{holder}/statement.csv", headers=manager)
    lines = [line.split(",") for line in (await _ok_text(statement)).splitlines()[1:]]
    assert [(line[1], line[5]) for line in lines] == [(order["id"], "holder_share")]
    # 15.00 with 1.18 VAT; no fee on a test payment; Lakou's commission off the 13.82 net.
    assert 0 < float(lines[0][6]) < 13.82


async def _ok_text(response: Any) -> str:
    assert response.status_code == 200, response.text
    return str(response.text)


async def test_a_full_refund_withdraws_an_undecided_entry_but_not_a_decided_one(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    manager, call_id = await fee_call(client, container)
    staff = await staff_headers(client, container)
    creator, _, work_id = await creator_with_work(client)
    refunded_id = await draft(client, creator, call_id, work_id)
    refunded_order = await pay_fee(client, creator, refunded_id, broker, worker)
    await _ok(await client.post(f"/api/call-submissions/{refunded_id}/submit", headers=creator))
    decided_id = await draft(client, creator, call_id, work_id)
    decided_order = await pay_fee(client, creator, decided_id, broker, worker)
    await _ok(await client.post(f"/api/call-submissions/{decided_id}/submit", headers=creator))

    await _ok(
        await client.post(f"/api/orders/{refunded_order['id']}/refunds", json={}, headers=staff)
    )
    await deliver_events(broker, worker)
    withdrawn = await client.get(f"/api/call-submissions/{refunded_id}", headers=creator)
    assert (await _ok(withdrawn))["state"] == "withdrawn"
    assert await fee_state(client, creator, refunded_id) == "refunded"
    ranked = await _ok(await client.get(f"/api/calls/{call_id}/submissions", headers=manager))
    assert [r["submission"]["id"] for r in ranked] == [decided_id]

    # After the deadline and the decision, a refund leaves the decision as it was.
    past_deadline(container)
    decision = {"decisions": [{"submission_id": decided_id, "decision": "accepted"}]}
    await _ok(await client.post(f"/api/calls/{call_id}/decisions", json=decision, headers=manager))
    await _ok(
        await client.post(f"/api/orders/{decided_order['id']}/refunds", json={}, headers=staff)
    )
    kept = await _ok(await client.get(f"/api/call-submissions/{decided_id}", headers=creator))
    assert (kept["state"], kept["decision"]) == ("submitted", "accepted")
    assert await fee_state(client, creator, decided_id) == "refunded"


async def test_the_organiser_waives_a_named_applicants_fee(
    client: AsyncTestClient, container: Container
) -> None:
    manager, call_id = await fee_call(client, container)
    creator, _, work_id = await creator_with_work(client)
    me = await _ok(await client.get("/api/auth/me", headers=creator))
    submission_id = await draft(client, creator, call_id, work_id)
    waiver = {"email": me["email"], "note": "Lauréat 2026"}

    # Only the call's managers waive; the applicant cannot waive their own fee.
    refused = await client.post(f"/api/calls/{call_id}/fee-waivers", json=waiver, headers=creator)
    assert refused.status_code == 403
    assert _code(refused) == "call_manager_required"
    waived = await client.post(f"/api/calls/{call_id}/fee-waivers", json=waiver, headers=manager)
    assert (await _ok(waived))["waived"] == [submission_id]
    assert await fee_state(client, creator, submission_id) == "waived"
    [row] = await FeeRow.select().where(FeeRow.submission == UUID(submission_id))
    assert (row["note"], row["amount_cents"]) == ("Lauréat 2026", 0)
    sent = await client.post(f"/api/call-submissions/{submission_id}/submit", headers=creator)
    assert (await _ok(sent))["state"] == "submitted"

    unknown = {"email": "nobody@example.test"}
    nobody = await client.post(f"/api/calls/{call_id}/fee-waivers", json=unknown, headers=manager)
    assert nobody.status_code == 404


async def test_a_market_call_takes_a_fee_that_others_refuse(
    client: AsyncTestClient, container: Container
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    body = {**entries_call(market["id"]), "fee_cents": FEE}
    made = await _ok(await client.post("/api/calls", json=body, headers=manager), 201)
    edit = {**body, "fee_cents": 2500}
    edit.pop("scope")
    edited = await client.patch(f"/api/calls/{made['id']}", json=edit, headers=manager)
    assert (await _ok(edited))["fee_cents"] == 2500

    too_low = await client.post("/api/calls", json={**body, "fee_cents": 40}, headers=manager)
    assert too_low.status_code == 422
    assert _code(too_low) == "invalid_fee"
    # Staff's platform calls have nobody to receive a fee: they stay free.
    staff = await staff_headers(client, container)
    unpaid = await client.post("/api/calls", json=edit, headers=staff)
    assert unpaid.status_code == 422
    assert _code(unpaid) == "fees_unavailable"


async def test_the_submission_page_asks_for_the_fee_then_sends_the_entry(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    _, call_id = await fee_call(client, container)
    creator, _, work_id = await creator_with_work(client)
    me = await _ok(await client.get("/api/auth/me", headers=creator))
    await page_log_in(client, me["email"])
    call_page = await client.get(f"/appels/{call_id}")
    assert 'id="call-fee"' in call_page.text
    assert "15,00" in call_page.text
    assert "Enregistrer et payer les frais" in call_page.text

    saved = await _post(client, f"/appels/{call_id}", f"/appels/{call_id}", work=work_id)
    assert saved.status_code == 303, saved.text
    page_url = saved.headers["location"]
    assert page_url.startswith("/appels/candidatures/")
    submission_id = page_url.rsplit("/", 1)[1]
    unpaid = await client.get(page_url)
    assert 'data-fee-state="unpaid"' in unpaid.text
    assert f'data-item-kind="calls.entry_fee" data-item-id="{submission_id}"' in unpaid.text
    assert "Payer les frais" in unpaid.text
    assert 'id="send-form"' not in unpaid.text

    await pay_fee(client, creator, submission_id, broker, worker)
    paid = await client.get(page_url)
    assert 'data-fee-state="paid"' in paid.text
    assert "Payer les frais" not in paid.text
    sent = await _post(client, page_url, f"{page_url}/envoi")
    assert sent.status_code == 303, sent.text
    state = await _ok(await client.get(f"/api/call-submissions/{submission_id}", headers=creator))
    assert state["state"] == "submitted"
