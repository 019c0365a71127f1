"""A work may carry a market price beside its everyday one, sold only inside the market's window.

Virtual markets (next) set these through `OfferService.set_work_offer(..., scope=...)`; the
cart, checkout and search keep working on any mix of them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient

from accounts.domain import Principal, Role
from infra.errors import InvalidInput
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.offers.domain import Pricing, Scope, Terms
from tests.helpers import create_creator, create_work, sign_up_and_log_in


async def _published_work(client: AsyncTestClient) -> tuple[Principal, str]:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    assert (
        await client.post(f"/api/works/{work['id']}/publish", headers=headers)
    ).status_code == 200
    me = (await client.get("/api/auth/me", headers=headers)).json()
    owner = Principal(UUID(me["id"]), me["email"], me["display_name"], Role.CREATOR)
    return owner, str(work["id"])


def _window(start_in: timedelta, length: timedelta) -> tuple[datetime, datetime]:
    starts = datetime.now(UTC) + start_in
    return starts, starts + length


async def test_a_market_price_sells_only_inside_its_window(
    client: AsyncTestClient, container: Container
) -> None:
    owner, work_id = await _published_work(client)
    everyday = await container.offers.set_work_offer(
        owner, UUID(work_id), Terms(Pricing.FIXED, 1000)
    )
    open_now = Scope(new_id(), *_window(-timedelta(hours=1), timedelta(days=3)))
    festival = await container.offers.set_work_offer(
        owner, UUID(work_id), Terms(Pricing.FIXED, 700), open_now
    )
    past = Scope(new_id(), *_window(-timedelta(days=10), timedelta(days=2)))
    closed = await container.offers.set_work_offer(
        owner, UUID(work_id), Terms(Pricing.FIXED, 500), past
    )

    # Three active offers of the work's own, one per scope; the closed one is not shown.
    shown = (await client.get(f"/api/works/{work_id}/offers")).json()
    assert {offer["id"] for offer in shown} == {str(everyday.id), str(festival.id)}

    buyer = await sign_up_and_log_in(client, role="audience")
    in_window = await client.post(
        "/api/cart/items", json={"offer_id": str(festival.id)}, headers=buyer
    )
    assert in_window.status_code == 201, in_window.text
    too_late = await client.post(
        "/api/cart/items", json={"offer_id": str(closed.id)}, headers=buyer
    )
    assert too_late.status_code == 409
    assert too_late.json()["error"]["code"] == "work_not_available"
    order = await client.post("/api/checkout", json={"country": "FR"}, headers=buyer)
    assert order.status_code == 201, order.text
    assert [line["list_cents"] for line in order.json()["lines"]] == [700]

    # Changing the everyday price leaves the market's alone.
    again = await container.offers.set_work_offer(owner, UUID(work_id), Terms(Pricing.FIXED, 1200))
    shown = (await client.get(f"/api/works/{work_id}/offers")).json()
    assert {offer["id"] for offer in shown} == {str(again.id), str(festival.id)}


def test_a_market_scope_needs_a_window_and_only_a_market_has_one() -> None:
    starts, ends = _window(timedelta(0), timedelta(days=1))
    with pytest.raises(InvalidInput, match="date de début et une date de fin"):
        Scope(new_id()).validated()
    with pytest.raises(InvalidInput, match="période de vente"):
        Scope(None, starts, ends).validated()
    with pytest.raises(InvalidInput, match="doit suivre son début"):
        Scope(new_id(), ends, starts).validated()
    assert Scope(new_id(), starts, ends).open_at(starts)
    assert not Scope(new_id(), starts, ends).open_at(ends)
