"""Cart and checkout: price the cart, create one order and one payment, never two.

A checkout is keyed (the page's Idempotency-Key, or the cart's content): repeating it — a
double click, a retry after a timeout — finds the same order, and the payment is created with
an idempotency key derived from the order, so the provider returns the same payment too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, InvalidInput, NotFound
from infra.ids import new_id
from marketplace.offers.repository import OfferRepository
from marketplace.orders.domain import Order, OrderStatus
from marketplace.orders.errors import OrderError
from marketplace.orders.quote import CartChoice, quote
from marketplace.orders.repository import CartItem, OrderRepository
from marketplace.orders.sellable import SaleItem, Sellables, UnknownSellable
from marketplace.orders.settlement import Settlement
from marketplace.payments.port import PaymentGateway, PaymentInfo, PaymentRequest
from marketplace.pricing.discounts import DiscountCode, normalise_code
from marketplace.pricing.errors import PricingError
from marketplace.pricing.vat import VatTable, normalise_country

MAX_CART_ITEMS = 50


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class CartEntry:
    item: CartItem
    sale: SaleItem  # the item as its module prices it now
    amount_cents: int


@dataclass(frozen=True)
class CheckoutResult:
    order: Order
    payment: PaymentInfo | None  # None for a free order, settled at once


class CheckoutService:
    def __init__(
        self,
        *,
        sellables: Sellables,
        gateway: PaymentGateway,
        settlement: Settlement,
        vat_table: VatTable,
        unit_of_work: Callable[[], UnitOfWork],
        offers: OfferRepository,
        orders: OrderRepository,
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._sellables = sellables
        self._gateway = gateway
        self._settlement = settlement
        self._vat = vat_table
        self._uow = unit_of_work
        # Discount codes live with the offers; the cart can hold any module's items.
        self._offers = offers
        self._orders = orders
        self._now = now

    # Cart
    async def cart(self, who: Principal) -> list[CartEntry]:
        """The cart's items that still exist, priced as their modules price them now."""
        items = await self._orders.cart(who.user_id)
        found: dict[tuple[str, UUID], SaleItem] = {}
        for kind in dict.fromkeys(item.item_kind for item in items):
            if kind not in self._sellables:
                continue  # sold by a module that is no longer enabled
            ids = [item.item_id for item in items if item.item_kind == kind]
            for item_id, priced in (await self._sellables.of(kind).items(ids)).items():
                found[(kind, item_id)] = priced
        entries = []
        for item in items:
            sale = found.get((item.item_kind, item.item_id))
            if sale is not None and sale.sold_to(who.user_id):
                entries.append(CartEntry(item, sale, sale.terms.amount_for(item.offered_cents)))
        return entries

    async def add_to_cart(
        self, who: Principal, item_kind: str, item_id: UUID, offered_cents: int | None
    ) -> None:
        try:
            found = (await self._sellables.of(item_kind).items([item_id])).get(item_id)
        except UnknownSellable:
            found = None
        if found is None or not found.sold_to(who.user_id):
            raise NotFound(OrderError.OFFER_NOT_FOUND)  # someone else's fee: not found either
        _check_available(found)
        found.terms.amount_for(offered_cents)  # refuses an amount under the minimum now
        async with self._uow():
            if len(await self._orders.cart(who.user_id)) >= MAX_CART_ITEMS:
                raise Conflict(OrderError.CART_FULL, limit=MAX_CART_ITEMS)
            await self._orders.put_in_cart(
                who.user_id, item_kind, item_id, offered_cents, self._now()
            )

    async def remove_from_cart(self, who: Principal, item_id: UUID) -> None:
        async with self._uow():
            if not await self._orders.remove_from_cart(who.user_id, item_id):
                raise NotFound(OrderError.ITEM_NOT_FOUND)

    # Checkout
    async def checkout(
        self, who: Principal, country: str, codes: list[str], key: str | None
    ) -> CheckoutResult:
        country = normalise_country(country)
        if key is not None:
            repeated = await self._orders.by_checkout_key(who.user_id, key)
            if repeated is not None:
                return await self.resume(who, repeated)
        entries = await self.cart(who)
        if not entries:
            raise Conflict(OrderError.CART_EMPTY)
        checkout_key = key or _cart_key(entries, country, codes)
        existing = await self._orders.by_checkout_key(who.user_id, checkout_key)
        if existing is not None:
            return await self.resume(who, existing)
        for entry in entries:
            _check_available(entry.sale)
        discounts = await self._discount_codes(codes)
        choices = [_choice(entry) for entry in entries]
        priced = quote(choices, discounts, country, self._vat)
        for code in discounts:
            if priced.code_use.get(code.id, 0) == 0:
                raise InvalidInput(OrderError.DISCOUNT_NOT_APPLICABLE, code=code.code)
        now = self._now()
        order = Order(
            id=new_id(),
            buyer_id=who.user_id,
            buyer_country=country,
            status=OrderStatus.PENDING,
            lines=priced.lines,
            checkout_key=checkout_key,
            created_at=now,
            updated_at=now,
            discount_code_ids=tuple(code.id for code in discounts),
            vat_table_version=self._vat.version,
        )
        async with self._uow() as uow:
            if not await self._orders.add(order):
                # The same checkout ran at the same moment: use the order it created.
                found = await self._orders.by_checkout_key(who.user_id, checkout_key)
                assert found is not None
                return await self.resume(who, found)
            for code in discounts:
                if not await self._offers.take_use(code.id):
                    raise Conflict(PricingError.DISCOUNT_EXHAUSTED, code=code.code)
            await self._orders.empty_cart(who.user_id)
            if order.total_cents == 0:
                await self._settlement.settle_free(order, uow)
            uow.track(order)
        return await self.resume(who, order)

    async def resume(self, who: Principal, order: Order) -> CheckoutResult:
        """The order's payment, created now if the first attempt never reached the provider."""
        if order.buyer_id != who.user_id:
            raise NotFound(OrderError.ORDER_NOT_FOUND)
        if order.total_cents == 0 or order.status not in (OrderStatus.PENDING, OrderStatus.FAILED):
            payment = (
                await self._gateway.get_payment(order.payment_id) if order.payment_id else None
            )
            return CheckoutResult(order, payment)
        if order.payment_id is not None:
            return CheckoutResult(order, await self._gateway.get_payment(order.payment_id))
        payment = await self._gateway.create_payment(
            PaymentRequest(
                order_id=str(order.id),
                amount_cents=order.total_cents,
                currency=order.currency,
                buyer_country=order.buyer_country,
                buyer_email=who.email,
                idempotency_key=f"lakou-order-{order.id}",
                description=f"Lakou {order.id}",
                metadata={"order_id": str(order.id)},
            )
        )
        async with self._uow():
            current = await self._orders.get(order.id, for_update=True)
            assert current is not None
            current.attach_payment(self._gateway.name, payment.id, self._now())
            await self._orders.save(current)
        if current.payment_id != payment.id:
            # Another request attached its payment first: offer that one, drop ours.
            await self._gateway.cancel_payment(payment.id)
            assert current.payment_id is not None
            payment = await self._gateway.get_payment(current.payment_id)
        return CheckoutResult(current, payment)

    async def order(self, who: Principal, order_id: UUID) -> Order:
        order = await self._orders.get(order_id)
        if order is None or not (who.is_staff or order.buyer_id == who.user_id):
            raise NotFound(OrderError.ORDER_NOT_FOUND)
        return order

    async def own_order(self, who: Principal, order_id: UUID) -> Order:
        """The buyer's own order: acting on a payment is theirs alone, staff included (staff
        read any order, refund through their own route)."""
        order = await self._orders.get(order_id)
        if order is None or order.buyer_id != who.user_id:
            raise NotFound(OrderError.ORDER_NOT_FOUND)
        return order

    async def orders_of(self, who: Principal) -> list[Order]:
        return await self._orders.of_buyer(who.user_id)

    async def _discount_codes(self, raw: list[str]) -> list[DiscountCode]:
        wanted = [normalise_code(code) for code in raw]
        found = await self._offers.codes(wanted)
        now = self._now()
        codes = []
        for code in wanted:
            discount = found.get(code)
            if discount is None:
                raise InvalidInput(OrderError.UNKNOWN_DISCOUNT_CODE, code=code)
            discount.check_usable(now)
            codes.append(discount)
        return codes


def _check_available(sale: SaleItem) -> None:
    if not sale.available:
        raise Conflict(OrderError.WORK_NOT_AVAILABLE)


def _choice(entry: CartEntry) -> CartChoice:
    sale = entry.sale
    return CartChoice(
        item_kind=sale.sellable,
        item_id=sale.id,
        kind=sale.label,
        seller_id=sale.seller_id,
        title=sale.title,
        work_ids=sale.work_ids,
        work_weights=sale.work_weights,
        terms=sale.terms,
        offered_cents=entry.item.offered_cents,
        vat_category=sale.vat_category,
        invoiced=sale.invoiced,
    )


def _cart_key(entries: list[CartEntry], country: str, codes: list[str]) -> str:
    parts = [country, *sorted(code.upper() for code in codes)]
    parts += [f"{entry.item.id}:{entry.item.offered_cents}" for entry in entries]
    return "cart-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]
