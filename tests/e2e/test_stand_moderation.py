"""A market's stand reported and hidden by staff: visitors no longer find it (list and page),
its exhibitor still does and is told why, and staff can restore it. A stand only its
exhibitors may see cannot be reported."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.e2e.test_markets_api import _ports, creator_stand, open_market, organiser
from tests.helpers import page_log_in, sign_up_and_log_in, staff_headers

__all__ = ["_ports"]


async def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


async def _email(client: AsyncTestClient, headers: dict[str, str]) -> str:
    return str((await _ok(await client.get("/api/auth/me", headers=headers)))["email"])


async def test_staff_hide_a_reported_stand_then_restore_it(
    client: AsyncTestClient, container: Container
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    exhibitor, _, stand = await creator_stand(client, manager, market["id"])
    stand_url = f"/api/markets/{market['id']}/stands/{stand['id']}"
    visitor = await sign_up_and_log_in(client, role="audience")

    # The report form is on the stand's page for visitors (signed in), not for its exhibitor.
    page_path = f"/marches/{market['slug']}/stands/{stand['id']}"
    await page_log_in(client, await _email(client, visitor))
    assert 'name="target_kind" value="stand"' in (await client.get(page_path)).text
    await page_log_in(client, await _email(client, exhibitor))
    assert 'id="report"' not in (await client.get(page_path)).text
    client.cookies.clear()

    report = await _ok(
        await client.post(
            "/api/moderation/reports",
            json={"target_kind": "stand", "target_id": stand["id"], "reason": "rights"},
            headers=visitor,
        ),
        201,
    )
    staff = await staff_headers(client, container)
    decision = await _ok(
        await client.post(
            f"/api/staff/moderation/reports/{report['id']}/decision",
            json={"action": "hide", "reason": "Visuels repris sans autorisation."},
            headers=staff,
        ),
        201,
    )

    # Hidden: not listed, not found by visitors; its exhibitor still sees it and was told.
    listed = await _ok(await client.get(f"/api/markets/{market['id']}/stands"))
    assert stand["id"] not in [item["id"] for item in listed]
    assert (await client.get(stand_url)).status_code == 404
    assert (await client.get(stand_url, headers=visitor)).status_code == 404
    assert (await client.get(stand_url, headers=exhibitor)).status_code == 200
    told = await _ok(await client.get("/api/notifications/", headers=exhibitor))
    assert "moderation.decided" in [item["kind"] for item in told["items"]]
    # An exhibitor's edit does not lift the staff's decision.
    await _ok(await client.put(f"/api/stands/{stand['id']}", json={"tables": 2}, headers=exhibitor))
    assert (await client.get(stand_url)).status_code == 404
    # Hidden, it cannot be reported again by someone who cannot see it.
    other = await sign_up_and_log_in(client, role="audience")
    again = await client.post(
        "/api/moderation/reports",
        json={"target_kind": "stand", "target_id": stand["id"], "reason": "spam"},
        headers=other,
    )
    assert again.status_code == 404, again.text

    await _ok(
        await client.post(
            f"/api/staff/moderation/decisions/{decision['id']}/restore", headers=staff
        )
    )
    assert (await client.get(stand_url)).status_code == 200
    listed = await _ok(await client.get(f"/api/markets/{market['id']}/stands"))
    assert stand["id"] in [item["id"] for item in listed]
