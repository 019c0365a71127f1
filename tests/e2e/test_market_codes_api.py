"""Stand codes over the API: an exhibitor's batch, its printable sheet, the cash sale that makes
it a sale of the market, and each code redeemed once into a library, even at the same instant;
guessing is rate limited."""

from __future__ import annotations

import asyncio
import io
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from infra.db.values import as_uuid
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.markets.codes.domain import CodeKeys, grouped
from marketplace.revenue.ledger_repository import PiccoloLedgerRepository
from marketplace.revenue.tables import LedgerEntryRow
from media.assets.tables import EntitlementRow
from tests.e2e.test_markets_api import creator_stand, open_market, organiser
from tests.helpers import create_work, deliver_events, sign_up_and_log_in
from tests.organisation_helpers import ensure_notifier


@pytest.fixture(autouse=True)
def _ports(container: Container) -> None:
    ensure_notifier(container)


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


async def stand_with_work(
    client: AsyncTestClient, container: Container
) -> tuple[dict[str, str], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """An open market's stand showing one published work: the exhibitor, market, stand, work."""
    headers = await organiser(client, container)
    market = await open_market(client, headers)
    exhibitor, creator, stand = await creator_stand(client, headers, market["id"])
    work = await create_work(client, exhibitor, creator["id"], discipline="music")
    await client.post(f"/api/works/{work['id']}/publish", headers=exhibitor)
    chosen = await client.put(
        f"/api/stands/{stand['id']}/works", json={"work_ids": [work["id"]]}, headers=exhibitor
    )
    assert chosen.status_code == 200, chosen.text
    return exhibitor, market, stand, work


async def new_batch(
    client: AsyncTestClient, headers: dict[str, str], stand_id: str, work_id: str, count: int = 3
) -> dict[str, Any]:
    made = await client.post(
        f"/api/stands/{stand_id}/code-batches",
        json={"work_id": work_id, "count": count, "price_cents": 500},
        headers=headers,
    )
    assert made.status_code == 201, made.text
    return dict(made.json())


def codes_of(container: Container, batch: dict[str, Any]) -> list[str]:
    keys = CodeKeys(container.settings.secret_key)
    return [keys.code(UUID(batch["id"]), place) for place in range(1, batch["count"] + 1)]


async def test_a_batch_sold_at_the_stand_delivers_each_code_once(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    exhibitor, market, stand, work = await stand_with_work(client, container)
    batches = f"/api/stands/{stand['id']}/code-batches"

    # Bad input changes nothing.
    for body, code in (
        ({"work_id": work["id"], "count": 0, "price_cents": 500}, "invalid_count"),
        ({"work_id": work["id"], "count": 501, "price_cents": 500}, "invalid_count"),
        ({"work_id": work["id"], "count": 3, "price_cents": 10}, "invalid_price"),
        ({"work_id": stand["id"], "count": 3, "price_cents": 500}, "not_on_stand"),
    ):
        refused = await client.post(batches, json=body, headers=exhibitor)
        assert refused.status_code == 422, refused.text
        assert _code(refused) == code
    stranger = await sign_up_and_log_in(client, "audience")
    body = {"work_id": work["id"], "count": 3, "price_cents": 500}
    assert (await client.post(batches, json=body, headers=stranger)).status_code == 403
    assert (await client.get(batches, headers=stranger)).status_code == 403
    assert (await client.get(batches, headers=exhibitor)).json() == []

    # Two rights holders share the work: the cash sale is allocated by their sheet.
    sheet_of_shares = await client.put(
        f"/api/works/{work['id']}/splits",
        json={
            "holders": [
                {"name": "Léna", "role": "composer", "share_bp": 6000},
                {"name": "Kasika", "role": "performer", "share_bp": 4000},
            ]
        },
        headers=exhibitor,
    )
    assert sheet_of_shares.status_code == 200, sheet_of_shares.text
    batch = await new_batch(client, exhibitor, stand["id"], work["id"])
    assert (batch["state"], batch["count"], batch["total_cents"]) == ("printed", 3, 1500)
    codes = codes_of(container, batch)

    # The sheet: the stand's editors only; every code's URL on it, in full.
    assert (await client.get(batch["sheet_url"], headers=stranger)).status_code == 404
    sheet = await client.get(batch["sheet_url"], headers=exhibitor)
    assert sheet.status_code == 200
    assert sheet.headers["content-type"] == "application/pdf"
    assert sheet.headers["content-disposition"].startswith("attachment;")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.content)).pages)
    public = container.settings.http.public_url.rstrip("/")
    for code in codes:
        assert f"{public}/codes/{code}" in text
        assert grouped(code) in text

    # Not sold yet: the codes do not work.
    buyer = await sign_up_and_log_in(client, "audience")
    early = await client.post("/api/codes/redeem", json={"code": codes[0]}, headers=buyer)
    assert early.status_code == 409
    assert _code(early) == "code_not_sold"

    # Sold at the stand: an order paid in cash, the market's sale in the same transaction.
    sold = await client.post(f"/api/code-batches/{batch['id']}/sale", headers=exhibitor)
    assert sold.status_code == 200, sold.text
    assert sold.json()["state"] == "sold"
    order = (await client.get(f"/api/orders/{sold.json()['order_id']}", headers=exhibitor)).json()
    assert order["total_cents"] == 1500
    assert order["status"] == "fulfilled"
    [line] = order["lines"]
    assert (line["gross_cents"], line["vat_rate_bp"], line["work_ids"]) == (1500, 850, [work["id"]])
    again = await client.post(f"/api/code-batches/{batch['id']}/sale", headers=exhibitor)
    assert again.status_code == 409
    assert _code(again) == "batch_closed"
    assert (
        await client.post(f"/api/code-batches/{batch['id']}/void", headers=exhibitor)
    ).status_code == 409
    sales = await OutboxMessage.select().where(OutboxMessage.event_type == "market.sale")
    assert len(sales) == 1
    assert (
        '"channel": "stand"' in str(sales[0]["payload"])
        or sales[0]["payload"]["channel"] == "stand"
    )

    # Redeemed: the work enters the buyer's library, once.
    redeemed = await client.post(
        "/api/codes/redeem", json={"code": grouped(codes[0])}, headers=buyer
    )
    assert redeemed.status_code == 200, redeemed.text
    assert redeemed.json()["work_id"] == work["id"]
    assert redeemed.json()["market_id"] == market["id"]
    twice = await client.post("/api/codes/redeem", json={"code": codes[0]}, headers=buyer)
    assert twice.status_code == 409
    assert _code(twice) == "code_already_redeemed"
    unknown = await client.post(
        "/api/codes/redeem", json={"code": "ZZZZ-ZZZZ-ZZZZZ"}, headers=buyer
    )
    assert unknown.status_code == 404
    assert _code(unknown) == "unknown_code"
    # Typed loosely (lower case, no dashes, O for 0 and l for 1): still the code.
    loose = codes[1].lower().replace("0", "o").replace("1", "l")
    other = await sign_up_and_log_in(client, "audience")
    assert (
        await client.post("/api/codes/redeem", json={"code": loose}, headers=other)
    ).status_code == 200

    await deliver_events(broker, worker)
    # 15.00 in Martinique: 1.18 VAT, no fee (cash), 10 % commission of 13.82; the codes' own
    # zero-total orders add nothing.
    summary = (await client.get("/api/revenue/summary", headers=exhibitor)).json()
    assert summary["gross_cents"] == 1500
    assert summary["holders_cents"] == 1382 - 138
    # The exhibitor kept the 15.00 in cash: the ledger says they owe it. The sheet names no
    # account of theirs (two holders by name), so the debt sits on the exhibitor's own holder,
    # which no payout pays while it is negative; the sheet's holders are paid their shares by
    # Lakou as for any sale (their money is in the exhibitor's hands, owed to Lakou).
    [collected] = await LedgerEntryRow.select().where(LedgerEntryRow.kind == "cash_collected")
    assert collected["amount_cents"] == -1500
    debtor = as_uuid(collected["holder_id"])
    shares = {
        as_uuid(row["holder_id"]): int(row["amount_cents"])
        for row in await LedgerEntryRow.select().where(LedgerEntryRow.kind == "holder_share")
    }
    assert debtor not in shares
    assert sum(shares.values()) == 1382 - 138
    balances = await PiccoloLedgerRepository().unpaid_balances()
    assert balances[debtor] == -1500
    assert all(balances[holder] == cents for holder, cents in shares.items() if holder != debtor)
    library = (await client.get("/api/library", headers=buyer)).json()
    assert [entry["work_id"] for entry in library] == [work["id"]]
    assert await OutboxMessage.count().where(OutboxMessage.event_type == "code.redeemed") == 2
    listed = (await client.get(batches, headers=exhibitor)).json()
    assert (listed[0]["state"], listed[0]["redeemed"]) == ("sold", 2)


async def test_a_voided_batch_never_works(client: AsyncTestClient, container: Container) -> None:
    exhibitor, _, stand, work = await stand_with_work(client, container)
    batch = await new_batch(client, exhibitor, stand["id"], work["id"], count=1)
    stranger = await sign_up_and_log_in(client, "audience")
    hidden = await client.post(f"/api/code-batches/{batch['id']}/void", headers=stranger)
    assert hidden.status_code == 404
    voided = await client.post(f"/api/code-batches/{batch['id']}/void", headers=exhibitor)
    assert voided.status_code == 200
    assert voided.json()["state"] == "void"
    late = await client.post(f"/api/code-batches/{batch['id']}/sale", headers=exhibitor)
    assert late.status_code == 409
    [code] = codes_of(container, batch)
    refused = await client.post("/api/codes/redeem", json={"code": code}, headers=stranger)
    assert refused.status_code == 409
    assert _code(refused) == "code_void"
    assert await OutboxMessage.count().where(OutboxMessage.event_type == "market.sale") == 0


async def test_two_redemptions_of_one_code_at_once_give_one_library_entry(
    client: AsyncTestClient, container: Container
) -> None:
    exhibitor, _, stand, work = await stand_with_work(client, container)
    batch = await new_batch(client, exhibitor, stand["id"], work["id"], count=1)
    # Two clicks on "sold" at once: one sale.
    sale = f"/api/code-batches/{batch['id']}/sale"
    sold = await asyncio.gather(*(client.post(sale, headers=exhibitor) for _ in range(2)))
    assert sorted(response.status_code for response in sold) == [200, 409]
    assert await OutboxMessage.count().where(OutboxMessage.event_type == "market.sale") == 1
    [code] = codes_of(container, batch)
    people = [await sign_up_and_log_in(client, "audience") for _ in range(4)]

    results = await asyncio.gather(
        *(client.post("/api/codes/redeem", json={"code": code}, headers=p) for p in people)
    )

    assert sorted(r.status_code for r in results) == [200, 409, 409, 409]
    assert {_code(r) for r in results if r.status_code == 409} == {"code_already_redeemed"}
    work_id = UUID(work["id"])
    assert await EntitlementRow.count().where(EntitlementRow.work_id == work_id) == 1
    assert await OutboxMessage.count().where(OutboxMessage.event_type == "code.redeemed") == 1


async def test_guessing_codes_is_rate_limited_per_person_and_per_address(
    client: AsyncTestClient, container: Container
) -> None:
    first, second, third = [await sign_up_and_log_in(client, "audience") for _ in range(3)]

    async def guess(headers: dict[str, str]) -> Any:
        return await client.post(
            "/api/codes/redeem", json={"code": "AAAA-BBBB-CCCCC"}, headers=headers
        )

    for _ in range(10):
        assert (await guess(first)).status_code == 404
    limited = await guess(first)
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    # Other people from the same address: its own limit (30 tries) stops them too, whoever
    # tries (the refused 11th try of the first person was not counted against the address).
    for _ in range(10):
        assert (await guess(second)).status_code == 404
    answers = [(await guess(third)).status_code for _ in range(11)]
    assert answers == [404] * 10 + [429]
