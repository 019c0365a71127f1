"""The ledger's consumers: `order.paid` allocates every cent, `order.refunded` takes some back.

Both run through `handle_once`, so a duplicate delivery writes nothing; the effect and the
"handled" mark commit together. Sheets are read as they were when the order was paid.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from marketplace.orders.events import ORDER_PAID, ORDER_REFUNDED, OrderPaid, PaidLine
from marketplace.revenue.domain.allocation import (
    SaleLine,
    WorkSplit,
    allocate_order,
    reversal,
)
from marketplace.revenue.domain.money import BASIS_POINTS
from marketplace.revenue.domain.splits import (
    MAX_NAME,
    HolderRole,
    RightsHolder,
    SplitSheet,
    owner_holder_id,
)
from marketplace.revenue.ledger_repository import PiccoloLedgerRepository
from marketplace.revenue.ports import SellerNames, WorkDirectory
from marketplace.revenue.split_repository import SplitRepository

log = logging.getLogger("lakou.revenue")

PAID_CONSUMER = "revenue.allocate_sale"
REFUNDED_CONSUMER = "revenue.reverse_refund"
DIRECT_CONSUMER = "revenue.allocate_direct_sale"
DIRECT_REFUND_CONSUMER = "revenue.reverse_direct_refund"
DIRECT_GATEWAY = "direct"


@dataclass(frozen=True)
class DirectSale:
    """A sale paid outside the orders module (a licence invoice paid by bank transfer), as
    the module that sold it tells it: one line, allocated like an order's under `key` (where
    an order's id goes: refunds find it there), Lakou's commission as for any sale."""

    key: str  # unique per sale, at most 64 characters
    line_id: UUID
    paid_at: datetime
    seller_id: UUID
    work_ids: tuple[UUID, ...]
    gross_cents: int
    net_cents: int
    vat_cents: int
    vat_rate_bp: int
    payment_fee_cents: int = 0
    master_bp: int | None = None  # the master side's share (a sync fee); None: whole sheet

    def as_paid(self) -> OrderPaid:
        line = PaidLine(
            line_id=self.line_id,
            offer_id=None,
            kind="direct",
            item_kind="direct",
            seller_id=self.seller_id,
            work_ids=list(self.work_ids),
            work_weights=[1] * len(self.work_ids),
            quantity=1,
            gross_cents=self.gross_cents,
            net_cents=self.net_cents,
            vat_cents=self.vat_cents,
            vat_rate_bp=self.vat_rate_bp,
            discount_cents=0,
        )
        return OrderPaid(
            order_id=self.line_id,
            buyer_id=self.seller_id,
            buyer_country="",
            currency="EUR",
            gateway=DIRECT_GATEWAY,
            payment_id=self.key,
            paid_at=self.paid_at,
            total_cents=self.gross_cents,
            payment_fee_cents=self.payment_fee_cents,
            lines=[line],
        )


class OrderNotAllocatedYet(RuntimeError):
    """A refund arrived before its sale was allocated; the actor retries it later."""


# How an order paid outside the gateway says its money stayed with the seller
# (marketplace/orders/recorded.py: cash at a market stand).
COLLECTED_BY_SELLER = frozenset({"stand"})


def _lines(
    paid: OrderPaid,
    collectors: Mapping[UUID, UUID] | None = None,
    sides: Mapping[str, int] | None = None,
) -> list[SaleLine]:
    """`collectors`: the holder who kept each cash line's money, by line id; `sides`: the
    master side's share of the lines shared between sides (sync fees), by line id."""
    return [
        SaleLine(
            line_id=str(line.line_id),
            work_ids=tuple(line.work_ids),
            work_weights=tuple(line.work_weights),
            gross_cents=line.gross_cents,
            net_cents=line.net_cents,
            vat_cents=line.vat_cents,
            seller_holder=owner_holder_id(line.seller_id) if line.seller_id else None,
            collected_by=(collectors or {}).get(line.line_id),
            master_bp=(sides or {}).get(str(line.line_id)),
        )
        for line in paid.lines
    ]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class LedgerService:
    def __init__(
        self,
        splits: SplitRepository,
        ledger: PiccoloLedgerRepository,
        works: WorkDirectory,
        sellers: SellerNames,
        commission_bp: int,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._splits = splits
        self._ledger = ledger
        self._works = works
        self._sellers = sellers
        self._commission_bp = commission_bp
        self._now = clock

    async def handle_order_paid(self, event: EventEnvelope) -> bool:
        return await handle_once(PAID_CONSUMER, event, self._allocate)

    async def handle_order_refunded(self, event: EventEnvelope) -> bool:
        return await handle_once(REFUNDED_CONSUMER, event, self._reverse)

    async def handle_direct_sale(self, event: EventEnvelope, sale: DirectSale) -> bool:
        """Once per event (`handle_once`) and once per sale: the same sale told again under
        another event id finds its entries and adds none (the sales' unique key,
        `revenue.0004_direct_sales`, would refuse a second set)."""

        async def allocate(_: EventEnvelope) -> None:
            if await self._ledger.sale_entries(sale.key):
                return
            sides = {str(sale.line_id): sale.master_bp} if sale.master_bp is not None else {}
            await self._allocate_paid(sale.as_paid(), sale.key, sides)

        return await handle_once(DIRECT_CONSUMER, event, allocate)

    async def _allocate(self, event: EventEnvelope) -> None:
        paid = ORDER_PAID.decode(event)
        key = str(paid.order_id)
        await self._allocate_paid(paid, key, await self._ledger.line_sides(key))

    async def _allocate_paid(self, paid: OrderPaid, key: str, sides: Mapping[str, int]) -> None:
        paid_at = _aware(paid.paid_at)
        splits: dict[UUID, WorkSplit] = {}
        owners: dict[UUID, UUID] = {}
        sheet_holders: dict[UUID, tuple[RightsHolder, ...]] = {}
        for work_id in {work_id for line in paid.lines for work_id in line.work_ids}:
            work = await self._works.facts(work_id)
            if work is None:
                # Works are never deleted while sold; a missing one is a bug to look at, and
                # the message goes to the dead letters after its retries rather than lose cents.
                raise LookupError(f"order {paid.order_id}: unknown work {work_id}")
            sheet = await self._splits.sheet_at(work_id, paid_at)
            if sheet is None:
                sheet = SplitSheet.default_for(work_id, work.owner_id, work.owner_name, paid_at)
                await self._splits.ensure_holder(work.owner_id, sheet.holders[0], self._now())
            splits[work_id] = WorkSplit(
                work_id, sheet.version, tuple(sheet.shares()), sheet.sided_shares()
            )
            owners[work_id] = work.owner_id
            sheet_holders[work_id] = sheet.holders
        collectors: dict[UUID, UUID] = {}
        for line in paid.lines:
            if line.seller_id is None:
                continue
            if paid.gateway in COLLECTED_BY_SELLER:
                collectors[line.line_id] = await self._collector(
                    line.seller_id, line.work_ids, sheet_holders
                )
            elif not line.work_ids:
                await self._ensure_seller_holder(line.seller_id)
        lines = _lines(paid, collectors, sides)
        allocation = allocate_order(lines, paid.payment_fee_cents, self._commission_bp, splits)
        await self._ledger.add_sale(key, paid_at, allocation, owners)

    async def _collector(
        self,
        seller_id: UUID,
        work_ids: Sequence[UUID],
        sheet_holders: Mapping[UUID, tuple[RightsHolder, ...]],
    ) -> UUID:
        """Who owes a cash line's money: the seller's own share on the sold work's sheet, so
        the debt is set against what that sale earns them; else the seller's own holder."""
        for work_id in work_ids:
            for holder in sheet_holders.get(work_id, ()):
                if holder.user_id == seller_id:
                    return holder.holder_id
        await self._ensure_seller_holder(seller_id)
        return owner_holder_id(seller_id)

    async def _ensure_seller_holder(self, seller_id: UUID) -> None:
        """The seller's own holder, as for a work without a sheet: paid out like any holder."""
        name = await self._sellers.display_name(seller_id) or "seller"
        holder = RightsHolder(
            holder_id=owner_holder_id(seller_id),
            name=name[:MAX_NAME],
            role=HolderRole.CREATOR,
            share_bp=BASIS_POINTS,
            user_id=seller_id,
        )
        await self._splits.ensure_holder(seller_id, holder, self._now())

    async def record_line_sides(self, order_id: UUID, line_id: UUID, master_bp: int) -> None:
        """A selling module says how a line it sells is shared between a music work's sides
        (a sync licence's terms), in the transaction that records the line paid: before the
        `order.paid` it commits with is allocated here."""
        if not 0 <= master_bp <= BASIS_POINTS:
            raise ValueError("the master side's share is between 0 and 10000 basis points")
        await self._ledger.record_line_sides(str(order_id), str(line_id), master_bp, self._now())

    async def handle_direct_refund(
        self, event: EventEnvelope, key: str, refund_id: str, amount_cents: int
    ) -> bool:
        """A refund of a `DirectSale` (under its key): reversed as an order's refund is."""

        async def reverse(_: EventEnvelope) -> None:
            await self._reverse_amount(key, refund_id, amount_cents, event.occurred_at)

        return await handle_once(DIRECT_REFUND_CONSUMER, event, reverse)

    async def _reverse(self, event: EventEnvelope) -> None:
        refunded = ORDER_REFUNDED.decode(event)
        await self._reverse_amount(
            str(refunded.order_id), refunded.refund_id, refunded.amount_cents, event.occurred_at
        )

    async def _reverse_amount(
        self, order_id: str, refund_id: str, amount_cents: int, occurred_at: datetime
    ) -> None:
        if await self._ledger.refund_recorded(order_id, refund_id):
            return  # the same refund told twice under two event ids
        originals = await self._ledger.sale_entries(order_id)
        if not originals:
            raise OrderNotAllocatedYet(f"order {order_id} has no ledger entries yet")
        taken = await self._ledger.reversed_cents(order_id)
        remaining = [entry.amount_cents - taken.get(entry.id, 0) for entry in originals]
        amount = amount_cents
        if amount > sum(remaining):
            log.error(
                "refund %s of order %s asks %s cents back but only %s remain allocated",
                refund_id,
                order_id,
                amount,
                sum(remaining),
            )
            amount = sum(remaining)
        parts = reversal(amount, remaining)
        await self._ledger.add_reversals(refund_id, occurred_at, originals, parts)
