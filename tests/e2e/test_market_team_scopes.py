"""A market's managers own its calendars and calls: the "market" scope kind is the market's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.calls_helpers import MATRIX_CALL
from tests.e2e.test_markets_api import _ports, open_market, organiser
from tests.helpers import sign_up_and_log_in

__all__ = ["_ports"]


async def test_a_market_manager_opens_its_calendar_and_no_one_else_does(
    client: AsyncTestClient, container: Container
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    stranger = await sign_up_and_log_in(client, "audience")
    other_organiser = await organiser(client, container)

    def body(scope_id: str) -> dict[str, str]:
        return {"scope_kind": "market", "scope_id": scope_id, "name": "Rendez-vous"}

    own = await client.post("/api/scheduling/calendars", json=body(market["id"]), headers=manager)
    assert own.status_code == 201, own.text
    for headers in (stranger, other_organiser):
        refused = await client.post(
            "/api/scheduling/calendars", json=body(market["id"]), headers=headers
        )
        assert refused.status_code == 403, refused.text
    # A scope id naming no market gives its managers nothing to manage.
    unknown = await client.post(
        "/api/scheduling/calendars", json=body(str(uuid4())), headers=manager
    )
    assert unknown.status_code == 403, unknown.text
    seen = await client.get(f"/api/scheduling/calendars/{own.json()['id']}", headers=manager)
    assert seen.status_code == 200, seen.text

    # Its tables and rooms are booked through the market's own pages, never the generic
    # routes: nobody may hold a programme room's quarter or a stand's table behind its back.
    base = f"/api/scheduling/calendars/{own.json()['id']}"
    day = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    window = {"day": day, "starts": "09:00", "ends": "12:00"}
    assert (await client.post(f"{base}/windows", json=window, headers=manager)).is_success
    room = await client.post(
        f"{base}/resources", json={"kind": "room", "name": "Salle", "capacity": 5}, headers=manager
    )
    assert room.status_code == 201, room.text
    slots = await client.get(
        f"/api/scheduling/resources/{room.json()['id']}/slots", headers=stranger
    )
    for action in ("bookings", "waiting-list"):
        held = await client.post(
            f"/api/scheduling/resources/{room.json()['id']}/{action}",
            json={"slot_start": slots.json()[0]["starts_at"]},
            headers=stranger,
        )
        assert held.status_code == 403, held.text
        assert held.json()["error"]["code"] == "booked_through_owner"


async def test_a_market_manager_opens_its_call_for_entries_and_no_one_else_does(
    client: AsyncTestClient, container: Container
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    other_organiser = await organiser(client, container)
    body = {**MATRIX_CALL, "scope": {"kind": "market", "id": market["id"]}}

    refused = await client.post("/api/calls", json=body, headers=other_organiser)
    assert refused.status_code == 403, refused.text
    made = await client.post("/api/calls", json=body, headers=manager)
    assert made.status_code == 201, made.text
    assert made.json()["scope"] == {"kind": "market", "id": market["id"]}
