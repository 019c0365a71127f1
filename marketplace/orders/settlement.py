"""Settling orders from what the payment provider says now, whatever arrived in which order.

Every path ends here — Stripe's webhooks, the test-payment form, `lakou reconcile`, a staff
refund: the payment is re-read from the provider, then the order moves forward (never back)
inside one transaction that also grants or revokes what was bought (each line through the
`Sellable` that sold it) and records the events.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from accounts.audit.port import AuditTrail
from accounts.domain import Principal
from accounts.errors import AccountError
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from marketplace.offers.repository import OfferRepository
from marketplace.orders.domain import (
    SETTLED,
    ObservedPayment,
    Order,
    OrderStatus,
    entitlement_source,
)
from marketplace.orders.errors import OrderError
from marketplace.orders.repository import OrderRepository
from marketplace.orders.sellable import Sale, Sellable, Sellables
from marketplace.payments.port import PaymentGateway, PaymentInfo, PaymentStatus
from marketplace.pricing.money import percent_of

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


class Settlement:
    def __init__(
        self,
        *,
        gateway: PaymentGateway,
        sellables: Sellables,
        unit_of_work: Callable[[], UnitOfWork],
        livemode: bool,
        fee_bp: int,
        fee_fixed_cents: int,
        orders: OrderRepository,
        offers: OfferRepository,
        audit: AuditTrail,
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._gateway = gateway
        self._sellables = sellables
        self._uow = unit_of_work
        self._livemode = livemode
        self._fee_bp = fee_bp
        self._fee_fixed = fee_fixed_cents
        self._orders = orders
        self._offers = offers
        self._audit = audit
        self._now = now

    async def settle(self, payment_id: str) -> Order | None:
        return await self._settle(payment_id)

    async def _settle(
        self, payment_id: str, also: Callable[[Order], Awaitable[None]] | None = None
    ) -> Order | None:
        """`also` runs in the same transaction, once the order is saved (the audit entry)."""
        payment = await self._gateway.get_payment(payment_id)
        async with self._uow() as uow:
            order = await self._orders.by_payment(payment_id, for_update=True)
            if order is None and payment.order_id:
                order = await self._order_from_metadata(payment)
            if order is None:
                log.warning("payment %s belongs to no order; ignored", payment_id)
                return None
            if order.payment_id is None:
                order.attach_payment(self._gateway.name, payment.id, self._now())
            await self._apply(order, payment)
            await self._orders.save(order)
            if also is not None:
                await also(order)
            uow.track(order)
        return order

    async def settle_free(self, order: Order, uow: UnitOfWork) -> None:
        """A zero-total order (free works, 100 % codes): owned at once, no payment."""
        await self.settle_outside(order, uow, "none")

    async def settle_outside(self, order: Order, uow: UnitOfWork, gateway: str) -> None:
        """An order paid outside the payment gateway (cash a seller took, or nothing to pay),
        settled at once in the caller's transaction: no provider to re-read, no fee."""
        now = self._now()
        order.gateway = gateway
        observed = ObservedPayment("", order.total_cents, order.currency, self._livemode)
        if order.settle_paid(observed, self._livemode, 0, now):
            order.fulfil(now)
            await self._grant(order)
        await self._orders.save(order)

    async def refund(
        self,
        who: Principal,
        order_id: UUID,
        amount_cents: int | None,
        *,
        reason: str = "",
        request_key: str | None = None,
    ) -> tuple[Order, int]:
        """Staff refund through the provider; the same request repeated refunds once. The
        reason (the back office's form requires one) goes into the audit entry; a form sends
        its own key, so a second click that arrives after the first refund settled is still
        the same refund."""
        if not who.is_staff:
            raise Forbidden(AccountError.STAFF_ONLY)
        order = await self._orders.get(order_id)
        if order is None:
            raise NotFound(OrderError.ORDER_NOT_FOUND)
        if order.status not in SETTLED or not order.payment_id or order.total_cents == 0:
            raise Conflict(OrderError.NOT_REFUNDABLE)
        left = order.total_cents - order.refunded_cents
        if left == 0:
            raise Conflict(OrderError.ALREADY_REFUNDED)
        amount = left if amount_cents is None else amount_cents
        if isinstance(amount, bool) or not 1 <= amount <= left:
            raise InvalidInput(OrderError.INVALID_REFUND_AMOUNT, left=left)
        # Keyed by what was refunded before: a repeated click asks for the same refund.
        key = f"lakou-refund-{order.id}-{order.refunded_cents}-{amount}"
        if request_key:
            key = f"lakou-refund-{order.id}-{request_key}"
        await self._gateway.refund(order.payment_id, amount, key)
        before = _refund_fields(order)

        async def audit(settled: Order) -> None:
            await self._audit.record(
                actor_id=who.user_id,
                action="order.refunded",
                object_type="order",
                object_id=str(settled.id),
                before=before,
                after={
                    **_refund_fields(settled),
                    "refund_asked_cents": amount,
                    **({"reason": reason} if reason else {}),
                },
            )

        settled = await self._settle(order.payment_id, audit)
        assert settled is not None
        # What this call refunded: nothing when it repeated an earlier request's key.
        return settled, settled.refunded_cents - order.refunded_cents

    async def settle_stale(self, older_than: timedelta) -> int:
        """Re-read payments of orders still pending (a notification was lost)."""
        stale = await self._orders.pending_with_payment(self._now() - older_than)
        for order in stale:
            assert order.payment_id is not None
            await self.settle(order.payment_id)
        return len(stale)

    async def _apply(self, order: Order, payment: PaymentInfo) -> None:
        now = self._now()
        if payment.status is PaymentStatus.SUCCEEDED:
            if payment.id != order.payment_id:
                # A second payment for an order already paid by another one.
                order.review_reason = "duplicate_payment"
            else:
                observed = ObservedPayment(
                    payment.id,
                    payment.amount_cents,
                    payment.currency,
                    payment.livemode,
                    card_country=payment.card_country or "",
                )
                if order.settle_paid(observed, self._livemode, self._fee(order), now):
                    order.fulfil(now)
                    await self._grant(order)
        elif _failed(payment) and order.fail(payment.failure_code or "canceled", now):
            for code_id in order.discount_code_ids:
                await self._offers.give_back_use(code_id)
        if payment.amount_refunded_cents > order.refunded_cents:
            was_refunded = order.status is OrderStatus.REFUNDED
            order.settle_refunds(payment.amount_refunded_cents, payment.id, now)
            if order.status is OrderStatus.REFUNDED and not was_refunded:
                # Only a full refund takes back what was bought.
                for sellable, sale in self._sales(order):
                    await sellable.refunded(sale)

    async def _grant(self, order: Order) -> None:
        for sellable, sale in self._sales(order):
            await sellable.paid(sale)

    def _sales(self, order: Order) -> list[tuple[Sellable, Sale]]:
        return [
            (
                self._sellables.of(line.item_kind),
                Sale(
                    order_id=order.id,
                    line_id=line.id,
                    buyer_id=order.buyer_id,
                    item_id=line.item_id,
                    work_ids=line.work_ids,
                    source=entitlement_source(order.id),
                ),
            )
            for line in order.lines
        ]

    async def _order_from_metadata(self, payment: PaymentInfo) -> Order | None:
        try:
            order_id = UUID(str(payment.order_id))
        except ValueError:
            return None
        # A payment whose attach was lost; `_apply` flags a second payment for one order.
        return await self._orders.get(order_id, for_update=True)

    def _fee(self, order: Order) -> int:
        if self._gateway.is_test or order.total_cents == 0:
            return 0
        return percent_of(order.total_cents, self._fee_bp) + self._fee_fixed


def _refund_fields(order: Order) -> dict[str, object]:
    return {"status": order.status.value, "refunded_cents": order.refunded_cents}


def _failed(payment: PaymentInfo) -> bool:
    if payment.status is PaymentStatus.CANCELED:
        return True
    return payment.status is PaymentStatus.REQUIRES_PAYMENT and payment.failure_code is not None
