"""The authorisation matrix's API key: one of the partner's verified organisation. The rows
name it under the owner's (unverified) organisation, so they also check that a key is reached
only through its own organisation."""

from __future__ import annotations

from litestar.testing import AsyncTestClient


async def matrix_api_key(client: AsyncTestClient, partner: dict[str, str]) -> dict[str, str]:
    organisation = partner["X-Lakou-Organisation"]
    made = await client.post(
        f"/api/organisations/{organisation}/api-keys",
        json={"name": "Matrice", "scopes": ["catalogue:read"]},
        headers=partner,
    )
    assert made.status_code == 201, made.text
    # The partner API's webhook routes answer 401 to every caller before reading their ids
    # (no caller holds a partner key): ids of nothing do.
    return {
        "key_id": made.json()["key"]["id"],
        "endpoint_id": "00000000-0000-7000-8000-000000000001",
        "delivery_id": "00000000-0000-7000-8000-000000000002",
        "saved_search_id": "00000000-0000-7000-8000-000000000003",
    }
