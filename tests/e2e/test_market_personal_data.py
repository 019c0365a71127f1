"""A person's market data: in their archive, and detached or removed when they leave."""

from __future__ import annotations

from uuid import UUID, uuid4

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.markets.personal_data import erase, export
from marketplace.markets.tables import AccreditationRow, StandVisitRow
from tests.e2e.test_markets_api import _ports, creator_stand, open_market, organiser
from tests.helpers import sign_up_and_log_in
from tests.organisation_helpers import verified_organisation

__all__ = ["_ports"]


async def _me(client: AsyncTestClient, headers: dict[str, str]) -> UUID:
    return UUID((await client.get("/api/auth/me", headers=headers)).json()["id"])


async def test_a_buyers_market_data_is_exported_then_erased(
    client: AsyncTestClient, container: Container
) -> None:
    team = await organiser(client, container)
    market = await open_market(client, team)
    _, _, stand = await creator_stand(client, team, market["id"])
    base = f"/api/markets/{market['id']}"
    buyer = await verified_organisation(
        client, container, await sign_up_and_log_in(client, "audience")
    )
    other = await verified_organisation(
        client, container, await sign_up_and_log_in(client, "audience")
    )
    for person in (buyer, other):
        asked = await client.post(
            f"{base}/accreditations", json={"category": "buyer"}, headers=person
        )
        assert asked.status_code == 201, asked.text
        seen = await client.get(f"{base}/stands/{stand['id']}", headers=person)
        assert seen.status_code == 200, seen.text
    buyer_id, other_id = await _me(client, buyer), await _me(client, other)

    data = await export(container.services, buyer_id)
    assert [row["category"] for row in data["accreditations"]] == ["buyer"]
    assert [row["stand_id"] for row in data["stand_visits"]] == [stand["id"]]
    assert data["team_places"] == []

    tombstone = uuid4()
    await erase(container.services, buyer_id, tombstone)
    after = await export(container.services, buyer_id)
    assert all(rows == [] for rows in after.values()), after
    # The visit still counts, for no one; the other person's data is untouched.
    assert await StandVisitRow.count().where(StandVisitRow.visitor == tombstone.hex) == 1
    assert await AccreditationRow.count().where(AccreditationRow.user_id == other_id) == 1
    assert len((await export(container.services, other_id))["stand_visits"]) == 1
