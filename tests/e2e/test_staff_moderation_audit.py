"""Staff acting on someone else's work or offer is moderation: each act is in the audit log with
what it changed; a creator's own acts are not."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from accounts.audit.tables import AuditEntryRow
from infra.db.values import as_json
from lakou.bootstrap import Container
from tests.helpers import priced, published_work, sign_up_and_log_in, staff_headers


async def _entries(action: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = await AuditEntryRow.select().where(
        AuditEntryRow.action == action
    )
    return rows


async def test_staff_withdrawing_and_repricing_another_creators_work_is_recorded(
    client: AsyncTestClient, container: Container
) -> None:
    creator = await sign_up_and_log_in(client)
    work_id = await published_work(client, creator)
    offer = await priced(client, creator, work_id)
    # The creator's own acts: nothing in the audit log.
    assert await _entries("work.published") == []
    assert await _entries("offer.set") == []

    staff = await staff_headers(client, container)
    repriced = await client.put(
        f"/api/works/{work_id}/offer",
        json={"pricing": "fixed", "price_cents": 1200},
        headers=staff,
    )
    assert repriced.status_code == 200, repriced.text
    withdrawn = await client.post(
        f"/api/works/{work_id}/withdraw", json={"reason": "droits contestés"}, headers=staff
    )
    assert withdrawn.status_code == 200, withdrawn.text
    gone = await client.delete(f"/api/offers/{offer['id']}", headers=staff)
    assert gone.status_code in (204, 404), gone.text  # replaced by the repricing already

    [price] = await _entries("offer.set")
    assert as_json(price["before"])["price_cents"] == 800
    assert as_json(price["after"])["price_cents"] == 1200
    [withdrawal] = await _entries("work.withdrawn")
    assert as_json(withdrawal["before"])["status"] == "published"
    assert as_json(withdrawal["after"])["status"] == "withdrawn"
    assert as_json(withdrawal["after"])["reason"] == "droits contestés"
    assert withdrawal["object_id"] == work_id
