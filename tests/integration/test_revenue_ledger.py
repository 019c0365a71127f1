"""The ledger's consumers against the real database: allocation, idempotency, refunds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lakou.bootstrap import Container
from marketplace.revenue.domain.splits import HolderInput, owner_holder_id
from marketplace.revenue.ledger_repository import PiccoloLedgerRepository
from marketplace.revenue.ledger_service import OrderNotAllocatedYet
from tests.integration.revenue_support import (
    attach_revenue,
    creator_principal,
    line,
    make_work,
    paid_event,
    refunded_event,
)


async def test_a_sale_is_allocated_once_with_the_sheet_of_its_time(container: Container) -> None:
    revenue = await attach_revenue(container)
    owner = creator_principal()
    work = await make_work(container, owner)
    sold_before = datetime.now(UTC) - timedelta(seconds=5)
    sheet = await revenue.splits.replace(
        owner,
        work,
        [HolderInput("Léna", "composer", 7000), HolderInput("Studio", "label", 3000)],
    )
    early = paid_event([line([work], 1000, vat=78)], fee=40, paid_at=sold_before)
    late = paid_event([line([work], 1000, vat=78)], fee=40)
    assert await revenue.ledger.handle_order_paid(early)
    assert not await revenue.ledger.handle_order_paid(early)  # a duplicate delivery
    assert await revenue.ledger.handle_order_paid(late)

    ledger = PiccoloLedgerRepository()
    early_entries = await ledger.sale_entries(early.payload["order_id"])
    assert sum(e.amount_cents for e in early_entries) == 1000
    # Sold before the sheet existed: everything for the holders went to the owner.
    holder_entries = [e for e in early_entries if e.holder_id]
    assert [(e.holder_id, e.amount_cents, e.sheet_version) for e in holder_entries] == [
        (owner_holder_id(owner.user_id), 794, 0)
    ]
    late_entries = await ledger.sale_entries(late.payload["order_id"])
    shares = {e.holder_id: e.amount_cents for e in late_entries if e.holder_id}
    lena, studio = sheet.holders
    assert shares == {lena.holder_id: 556, studio.holder_id: 238}  # 794 by 70/30, LR


async def test_refunds_reverse_proportionally_and_never_more_than_allocated(
    container: Container,
) -> None:
    revenue = await attach_revenue(container)
    owner = creator_principal()
    first, second = await make_work(container, owner), await make_work(container, owner, "Kont")
    sale = paid_event([line([first, second], 2000, vat=170, weights=[3, 1])], fee=55)
    order_id = sale.payload["order_id"]
    await revenue.ledger.handle_order_paid(sale)
    ledger = PiccoloLedgerRepository()

    refund = refunded_event(order_id, 999, 2000, 999)
    assert await revenue.ledger.handle_order_refunded(refund)
    assert not await revenue.ledger.handle_order_refunded(refund)
    taken = await ledger.reversed_cents(order_id)
    assert sum(taken.values()) == 999
    rest = refunded_event(order_id, 1001, 2000, 2000)
    await revenue.ledger.handle_order_refunded(rest)
    taken = await ledger.reversed_cents(order_id)
    originals = await ledger.sale_entries(order_id)
    assert all(taken[e.id] == e.amount_cents for e in originals)  # exactly everything back
    # Asking again (a provider dispute on top) cannot take more than what was allocated.
    await revenue.ledger.handle_order_refunded(refunded_event(order_id, 50, 2000, 2050))
    assert sum((await ledger.reversed_cents(order_id)).values()) == 2000


async def test_a_refund_before_its_sale_waits_and_leaves_no_mark(container: Container) -> None:
    revenue = await attach_revenue(container)
    owner = creator_principal()
    work = await make_work(container, owner)
    sale = paid_event([line([work], 500)])
    refund = refunded_event(sale.payload["order_id"], 500, 500, 500)
    with pytest.raises(OrderNotAllocatedYet):
        await revenue.ledger.handle_order_refunded(refund)
    await revenue.ledger.handle_order_paid(sale)
    assert await revenue.ledger.handle_order_refunded(refund)  # the retry is not skipped
    ledger = PiccoloLedgerRepository()
    assert sum((await ledger.reversed_cents(sale.payload["order_id"])).values()) == 500
