from __future__ import annotations

from litestar.testing import AsyncTestClient

from tests.helpers import create_creator, create_work, sign_up_and_log_in


async def test_creator_creates_and_publishes_a_work_seen_in_listing(
    client: AsyncTestClient,
) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    assert work["status"] == "draft"

    anonymous = await client.get("/api/works")
    assert anonymous.json()["items"] == []

    published = await client.post(f"/api/works/{work['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    listing = await client.get("/api/works")
    assert [item["id"] for item in listing.json()["items"]] == [work["id"]]
