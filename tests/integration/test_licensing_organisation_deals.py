"""Licence deals belong to the partner organisation: every member sees them and acts by role
(a read-only member only reads), another organisation gets 404, a member removed from the
organisation loses them at once; the colleague who pays takes the deal into their own cart.
The lists filter by stage. Real PostgreSQL or SQLite, Redis worker, test payment."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.helpers import deliver_events, sign_up_and_log_in
from tests.integration.test_licensing_deals import _ask, _film_with_mandate, _offer, _partner
from tests.licensing_paperwork import drawn_contract
from tests.organisation_helpers import recording_notifier

DEALS = "/api/licensing/deals"


async def _join(
    client: AsyncTestClient, container: Container, owner: dict[str, str], role: str
) -> tuple[dict[str, str], str]:
    """A new person joins the owner's organisation with `role` through a real invitation:
    their headers acting as it, and their user id."""
    organisation = owner["X-Lakou-Organisation"]
    mail = recording_notifier(container)
    email = f"{role}-{uuid4().hex[:12]}@example.test"
    invited = await client.post(
        f"/api/organisations/{organisation}/invitations",
        json={"email": email, "role": role},
        headers=owner,
    )
    assert invited.status_code == 201, invited.text
    token = str(mail.last("organisations.invitation").params["link"]).rsplit("/", 1)[-1]
    headers = await sign_up_and_log_in(client, "audience", email=email)
    joined = await client.post(
        "/api/organisations/invitations/accept", json={"token": token}, headers=headers
    )
    assert joined.status_code == 200, joined.text
    assert joined.json()["role"] == role
    user_id = (await client.get("/api/auth/me", headers=headers)).json()["id"]
    return {**headers, "X-Lakou-Organisation": organisation}, str(user_id)


def _code(answer: Any) -> str:
    return str(answer.json()["error"]["code"])


async def _stages(client: AsyncTestClient, headers: dict[str, str], stage: str) -> list[str]:
    answer = await client.get(DEALS, params={"stage": stage}, headers=headers)
    assert answer.status_code == 200, answer.text
    return [deal["id"] for deal in answer.json()["asked"]]


async def test_every_member_of_the_partner_organisation_sees_its_deal_and_acts_by_role(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    asker = await _partner(client, container)
    colleague, colleague_id = await _join(client, container, asker, "member")
    reader, _ = await _join(client, container, asker, "viewer")
    other = await _partner(client, container)

    # A read-only member asks for nothing.
    refused = await client.post(DEALS, json=_ask(work_id), headers=reader)
    assert refused.status_code == 403
    assert _code(refused) == "read_only"
    deal = (await client.post(DEALS, json=_ask(work_id), headers=asker)).json()["id"]
    url = f"{DEALS}/{deal}"
    assert (await client.post(f"{url}/offer", json=_offer(), headers=owner)).status_code == 200

    # Every member reads it and lists it; partner B does neither.
    for member in (colleague, reader):
        assert (await client.get(url, headers=member)).json()["state"] == "offered"
        assert await _stages(client, member, "quoted") == [deal]
    assert (await client.get(url, headers=other)).status_code == 404
    assert (await client.get(DEALS, headers=other)).json()["asked"] == []
    assert (await client.post(f"{url}/accept", headers=other)).status_code == 404

    # The read-only member cannot accept; nothing moves. The colleague accepts.
    read_only = await client.post(f"{url}/accept", headers=reader)
    assert read_only.status_code == 403
    assert _code(read_only) == "read_only"
    assert (await client.get(url, headers=asker)).json()["state"] == "offered"
    assert (await client.post(f"{url}/accept", headers=colleague)).json()["state"] == "accepted"

    # The contract: the read-only member may read it, not accept it; the colleague accepts.
    contract = await drawn_contract(client, broker, worker, deal, reader)
    accept = {"name": "Ti Jo", "sha256": contract["sha256"], "billing": {"country": "CA"}}
    refused = await client.post(f"{url}/contract/accept", json=accept, headers=reader)
    assert refused.status_code == 403
    assert _code(refused) == "read_only"
    assert (await client.post(f"{url}/contract/accept", json=accept, headers=colleague)).is_success
    assert await _stages(client, asker, "contract") == [deal]
    rights = {"name": "Man Ya", "sha256": contract["sha256"]}
    assert (await client.post(f"{url}/contract/accept", json=rights, headers=owner)).is_success
    await deliver_events(broker, worker)
    assert await _stages(client, asker, "invoiced") == [deal]
    assert await _stages(client, asker, "contract") == []

    # The colleague pays: the deal goes to their cart, no longer the asker's.
    item = {"item_kind": "licensing.deal", "item_id": deal}
    assert (await client.post(f"{url}/payer", headers=reader)).status_code == 403
    taken = await client.post(f"{url}/payer", headers=colleague)
    assert taken.status_code == 200, taken.text
    assert taken.json()["paid_by"] == colleague_id
    assert (await client.post("/api/cart/items", json=item, headers=asker)).status_code == 404
    assert (await client.post("/api/cart/items", json=item, headers=colleague)).status_code == 201
    # Made read-only meanwhile, the colleague finds it gone from their cart; a member again,
    # back.
    roles = f"/api/organisations/{asker['X-Lakou-Organisation']}/members/{colleague_id}"
    for role, in_cart in (("viewer", 0), ("member", 1)):
        changed = await client.put(roles, json={"role": role}, headers=asker)
        assert changed.status_code == 204, changed.text
        cart = (await client.get("/api/cart", headers=colleague)).json()
        assert len(cart["items"]) == in_cart, cart
    order = (await client.post("/api/checkout", json={"country": "CA"}, headers=colleague)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=colleague,
    )
    assert paid.status_code == 200, paid.text
    await deliver_events(broker, worker)
    assert (await client.get(url, headers=reader)).json()["state"] == "licensed"
    assert await _stages(client, reader, "licensed") == [deal]
    # Paid: nobody takes it to pay again.
    again = await client.post(f"{url}/payer", headers=asker)
    assert again.status_code == 409
    assert _code(again) == "deal_state"

    # The colleague leaves the organisation (removed by its owner): at once, the deal is gone.
    organisation = asker["X-Lakou-Organisation"]
    removed = await client.delete(
        f"/api/organisations/{organisation}/members/{colleague_id}", headers=asker
    )
    assert removed.status_code == 204, removed.text
    assert (await client.get(url, headers=colleague)).status_code == 404
    assert (await client.get(DEALS, headers=colleague)).json()["asked"] == []


async def test_the_lists_filter_by_stage_and_refuse_an_unknown_one(
    client: AsyncTestClient, container: Container
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partner = await _partner(client, container)
    asked = (await client.post(DEALS, json=_ask(work_id), headers=partner)).json()["id"]
    declined = (
        await client.post(DEALS, json=_ask(work_id, exclusive=False), headers=partner)
    ).json()["id"]
    answer = await client.post(f"{DEALS}/{declined}/decline", json={"note": "Non"}, headers=owner)
    assert answer.status_code == 200, answer.text
    assert await _stages(client, partner, "requested") == [asked]
    assert await _stages(client, partner, "closed") == [declined]
    answering = await client.get(DEALS, params={"stage": "closed"}, headers=owner)
    assert [d["id"] for d in answering.json()["answering"]] == [declined]
    assert answering.json()["answering"][0]["stage"] == "closed"
    unknown = await client.get(DEALS, params={"stage": "paid-ish"}, headers=partner)
    assert unknown.status_code == 422
    assert _code(unknown) == "unknown_stage"
