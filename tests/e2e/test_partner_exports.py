"""The partner API's catalogue exports (every public work as CSV or JSON) and its markets list,
with a key."""

from __future__ import annotations

import csv
import io
import json

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.e2e.test_markets_api import market_body, open_market, organiser
from tests.helpers import published_work, sign_up_and_log_in
from tests.organisation_helpers import ensure_notifier, verified_organisation


async def _key(client: AsyncTestClient, container: Container, scope: str) -> dict[str, str]:
    ensure_notifier(container)
    owner = await sign_up_and_log_in(client, "audience")
    organisation = (await verified_organisation(client, container, owner))["X-Lakou-Organisation"]
    made = await client.post(
        f"/api/organisations/{organisation}/api-keys",
        json={"name": "Export", "scopes": [scope]},
        headers=owner,
    )
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['secret']}"}


async def test_the_exports_hold_every_public_work_and_nothing_else(
    client: AsyncTestClient, container: Container
) -> None:
    creator = await sign_up_and_log_in(client, "creator")
    public = {await published_work(client, creator) for _ in range(2)}
    public.add(await published_work(client, creator, titles={"fr": '=HYPERLINK("x")'}))
    await published_work(client, creator, visibility="private")
    key = await _key(client, container, "catalogue:read")

    exported = await client.get("/api/partner/v1/works/export.csv", headers=key)
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert {row["id"] for row in rows} == public
    assert '\'=HYPERLINK("x")' in {row["title_fr"] for row in rows}  # opens as text

    as_json = await client.get("/api/partner/v1/works/export.json", headers=key)
    assert as_json.status_code == 200
    items = json.loads(as_json.text)
    assert {item["id"] for item in items} == public
    assert all(item["visibility"] == "public" for item in items)

    refused = await client.get(
        "/api/partner/v1/works/export.csv", headers=await _key(client, container, "markets:read")
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "api_key_scope_missing")


async def test_a_markets_key_lists_the_published_markets_and_not_the_drafts(
    client: AsyncTestClient, container: Container
) -> None:
    festival = await organiser(client, container)
    published = await open_market(client, festival)
    draft = await client.post("/api/markets", json=market_body(), headers=festival)
    assert draft.status_code == 201, draft.text
    key = await _key(client, container, "markets:read")
    listed = await client.get("/api/partner/v1/markets", headers=key)
    assert listed.status_code == 200, listed.text
    assert [market["id"] for market in listed.json()] == [published["id"]]
    refused = await client.get(
        "/api/partner/v1/markets", headers=await _key(client, container, "catalogue:read")
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "api_key_scope_missing")
