"""Members who do not manage their organisation — viewers (read-only) and plain members — on the
API keys and webhooks pages: they read the keys and the endpoints with their logs, see no form,
and every make, rotate, revoke, add, turn off or send again is refused with 403 and changes
nothing. Owners and admins keep every action (tests/e2e/test_api_keys.py, test_webhook_pages.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient

from accounts.apikeys.tables import ApiKeyRow
from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.webhooks.tables import EndpointRow
from tests.helpers import log_in, page_log_in, post_page_form, sign_up_and_log_in
from tests.organisation_helpers import add_member, verified_organisation


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("role", ["viewer", "member"])
async def test_non_managers_read_keys_and_webhooks_and_change_nothing(
    client: AsyncTestClient, container: Container, role: str
) -> None:
    owner = await verified_organisation(client, container, await sign_up_and_log_in(client))
    organisation = owner["X-Lakou-Organisation"]
    made = await client.post(
        f"/api/organisations/{organisation}/api-keys",
        json={"name": "Catalogue <sync>", "scopes": ["catalogue:read"]},
        headers=owner,
    )
    assert made.status_code == 201, made.text
    key_id = made.json()["key"]["id"]
    endpoint_id = new_id()
    await EndpointRow.insert(
        EndpointRow(id=endpoint_id, organisation=UUID(organisation), url="https://x.example/h",
                    description="", event_types="market.opened", signing_secret="whsec_x",
                    created_at=datetime.now(UTC), disabled_reason="")
    )  # fmt: skip
    email = await add_member(client, organisation, role)
    reader = await log_in(client, email)

    # The API lists the keys to any member, never their secret.
    listed = await client.get(f"/api/organisations/{organisation}/api-keys", headers=reader)
    assert [key["name"] for key in listed.json()] == ["Catalogue <sync>"], listed.text
    assert made.json()["secret"] not in listed.text

    await page_log_in(client, email)
    keys_page = f"/organisations/{organisation}/cles-api"
    hooks_page = f"/organisations/{organisation}/webhooks"
    log_page = f"{hooks_page}/{endpoint_id}"
    for page, shown in ((keys_page, "Catalogue &lt;sync&gt;"), (hooks_page, "x.example/h"),
                        (log_page, "x.example/h")):  # fmt: skip
        answer = await client.get(page)
        assert answer.status_code == 200, (page, answer.text[:300])
        assert shown in answer.text
        assert "<form" not in _main(answer.text), page
    assert "data-read-only" in (await client.get(keys_page)).text
    assert "data-read-only" in (await client.get(hooks_page)).text

    key = f"{keys_page}/{key_id}"
    for action, form in (
        (keys_page, {"name": "Nouvelle", "scopes": "catalogue:read"}),
        (f"{key}/rotation", {"overlap_hours": "0"}),
        (f"{key}/revocation", {}),
        (hooks_page, {"url": "https://hooks.example/h", "event_types": "market.opened"}),
        (f"{log_page}/desactivation", {}),
        (f"{log_page}/secret", {}),
    ):
        refused = await post_page_form(client, "/recherche", action, form)
        assert refused.status_code == 403, (action, refused.text[:300])
    assert await ApiKeyRow.count() == 1
    [row] = await ApiKeyRow.select(ApiKeyRow.revoked_at, ApiKeyRow.expires_at)
    assert row == {"revoked_at": None, "expires_at": None}
    [endpoint] = await EndpointRow.select(EndpointRow.disabled_at, EndpointRow.signing_secret)
    assert endpoint == {"disabled_at": None, "signing_secret": "whsec_x"}
    assert await EndpointRow.count() == 1
