"""Helpers for the partner API's tests: an organisation's key, a film with rights to offer."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.helpers import published_work, sign_up_and_log_in
from tests.organisation_helpers import verified_organisation


async def partner_key(
    client: AsyncTestClient, container: Container, *scopes: str, **organisation: Any
) -> dict[str, str]:
    """A key of a new verified organisation (an export partner unless `organisation` says)."""
    owner = await verified_organisation(
        client, container, await sign_up_and_log_in(client), **organisation
    )
    made = await client.post(
        f"/api/organisations/{owner['X-Lakou-Organisation']}/api-keys",
        json={"name": "Droits", "scopes": list(scopes)},
        headers=owner,
    )
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['secret']}"}


async def film_with_rights(
    client: AsyncTestClient,
    *,
    territory: str = "north_america -MX",
    medium: str = "svod",
    exclusive: bool = True,
    **work: Any,
) -> tuple[dict[str, str], str]:
    """A published film (its owner's headers, its id) with a mandate for `medium` in
    `territory` over 2027-2029, its producer holding the whole split sheet."""
    owner = await sign_up_and_log_in(client)
    work_id = await published_work(client, owner, **{"discipline": "film", **work})
    sheet = await client.put(
        f"/api/works/{work_id}/splits",
        json={"holders": [{"name": "Man Ya", "role": "producer", "share_bp": 10000}]},
        headers=owner,
    )
    assert sheet.status_code == 200, sheet.text
    mandate = await client.post(
        f"/api/licensing/works/{work_id}/mandates",
        json={
            "medium": medium,
            "territory": territory,
            "starts_on": "2027-01-01",
            "ends_on": "2029-12-31",
            "exclusive": exclusive,
            "signatory_id": sheet.json()["holders"][0]["holder_id"],
        },
        headers=owner,
    )
    assert mandate.status_code == 201, mandate.text
    return owner, work_id
