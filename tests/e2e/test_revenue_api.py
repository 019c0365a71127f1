"""The revenue API over HTTP: split sheets, payout runs, statements, the creator summary."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.revenue.services import RevenueServices
from tests.helpers import create_creator, create_work, sign_up_and_log_in, staff_headers
from tests.integration.revenue_support import attach_revenue, line, paid_event
from tests.shared_apps import client_of

ACCOUNT = "acct_1LakouApiHolder"


@pytest.fixture
async def api(container: Container) -> AsyncIterator[tuple[AsyncTestClient, RevenueServices]]:

    revenue = await attach_revenue(container)
    async with client_of(container) as client:
        yield client, revenue


async def _owned_work(client: AsyncTestClient) -> tuple[dict[str, str], str]:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"], titles={"fr": "@SUM(1)"})
    return headers, work["id"]


SHEET = {
    "holders": [
        {"name": "Léna", "role": "composer", "share_bp": 6000, "payout_account": ACCOUNT},
        {"name": "Studio Lakou", "role": "label", "share_bp": 4000},
    ]
}


async def test_split_sheets_for_the_owner_only(
    api: tuple[AsyncTestClient, RevenueServices],
) -> None:
    client, _ = api
    headers, work_id = await _owned_work(client)
    default = (await client.get(f"/api/works/{work_id}/splits", headers=headers)).json()
    assert default["version"] == 0
    assert default["is_default"]
    assert [h["role"] for h in default["holders"]] == ["creator"]

    saved = await client.put(f"/api/works/{work_id}/splits", json=SHEET, headers=headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 1
    ids = [h["holder_id"] for h in saved.json()["holders"]]
    # Naming the same holders again keeps their ids; the version goes up.
    body = {"holders": [{**h, "holder_id": i} for h, i in zip(SHEET["holders"], ids, strict=True)]}
    again = await client.put(f"/api/works/{work_id}/splits", json=body, headers=headers)
    assert again.json()["version"] == 2
    assert [h["holder_id"] for h in again.json()["holders"]] == ids

    bad = {
        "shares_not_100": {"holders": [{"name": "A", "role": "author", "share_bp": 9999}]},
        "invalid_role": {"holders": [{"name": "A", "role": "boss", "share_bp": 10000}]},
        "invalid_payout_account": {
            "holders": [{"name": "A", "role": "author", "share_bp": 10000, "payout_account": "x"}]
        },
        "too_many_holders": {
            "holders": [{"name": f"H{i}", "role": "other", "share_bp": 1} for i in range(51)]
        },
    }
    for code, sheet in bad.items():
        response = await client.put(f"/api/works/{work_id}/splits", json=sheet, headers=headers)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == code
    current = (await client.get(f"/api/works/{work_id}/splits", headers=headers)).json()
    assert current["version"] == 2  # nothing changed

    stranger = await sign_up_and_log_in(client)
    # A draft of someone else: as if it did not exist.
    assert (await client.get(f"/api/works/{work_id}/splits", headers=stranger)).status_code == 404
    await client.post(f"/api/works/{work_id}/publish", headers=headers)
    seen = await client.put(f"/api/works/{work_id}/splits", json=SHEET, headers=stranger)
    assert seen.status_code == 403
    assert seen.json()["error"]["code"] == "not_owner"
    # Someone else's holder cannot be named on a stranger's own sheet.
    other_owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, other_owner)
    theirs = await create_work(client, other_owner, creator["id"])
    steal = {"holders": [{**SHEET["holders"][0], "holder_id": ids[0], "share_bp": 10000}]}
    response = await client.put(
        f"/api/works/{theirs['id']}/splits", json=steal, headers=other_owner
    )
    assert response.json()["error"]["code"] == "unknown_holder"


async def test_payout_run_statement_and_summary(
    api: tuple[AsyncTestClient, RevenueServices], container: Container
) -> None:
    client, revenue = api
    headers, work_id = await _owned_work(client)
    sheet = (await client.put(f"/api/works/{work_id}/splits", json=SHEET, headers=headers)).json()
    lena = sheet["holders"][0]["holder_id"]
    await revenue.ledger.handle_order_paid(paid_event([line([UUID(work_id)], 2000, vat=157)], 55))

    assert (await client.post("/api/revenue/payout-runs", headers=headers)).status_code == 403
    staff = await staff_headers(client, container)
    requested = await client.post("/api/revenue/payout-runs", headers=staff)
    assert requested.status_code == 202, requested.text
    run_id = requested.json()["id"]
    # The worker's job (the `revenue.execute_payout_run` actor) done in-line here.
    await revenue.payouts.execute(UUID(run_id))
    run = (await client.get(f"/api/revenue/payout-runs/{run_id}", headers=staff)).json()
    assert run["status"] == "completed"
    [payout] = run["payouts"]
    assert payout["transfer_id"].startswith("test_tr_")

    response = await client.get(f"/api/revenue/holders/{lena}/statement.csv", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"  # once (fuzzing)
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["work_title"] == "'@SUM(1)"
    assert rows[0]["payout"] == payout["transfer_id"]
    stranger = await sign_up_and_log_in(client)
    denied = await client.get(f"/api/revenue/holders/{lena}/statement.csv", headers=stranger)
    assert denied.status_code == 404

    summary = (await client.get("/api/revenue/summary", headers=headers)).json()
    assert summary["sales"] == 1
    assert summary["gross_cents"] == 2000
    # 2000 - 157 VAT - 55 fee = 1788; 10 % commission floor 178; 1610 for the holders.
    assert summary["holders_cents"] == 1610
    assert summary["paid_out_cents"] == payout["amount_cents"] == 966
    assert summary["balance_cents"] == 644
    assert (await client.get("/api/revenue/summary", headers=stranger)).json()["works"] == []
