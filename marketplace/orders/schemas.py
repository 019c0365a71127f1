"""JSON shapes for the cart, orders (with their receipts), payments and the library."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from infra.i18n.context import N_, gettext
from marketplace.orders.checkout import CartEntry
from marketplace.orders.domain import OFFER_ITEMS, Order, OrderLine
from marketplace.orders.library import DownloadLink, OwnedWork
from marketplace.payments.port import PaymentInfo

Cents = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31)]
# Shown with a test payment, in the request's language.
TEST_PAYMENT_LABEL = N_("Paiement de test — aucun argent ne circule")


ItemKind = Annotated[str, msgspec.Meta(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_.-]*$")]


class CartItemIn(msgspec.Struct, forbid_unknown_fields=True):
    """An offer (a work or a bundle) by `offer_id`, or any module's item by `item_kind` and
    `item_id` (what the module's Sellable sells, e.g. a market pass)."""

    offer_id: UUID | None = None
    item_kind: ItemKind | None = None
    item_id: UUID | None = None
    amount_cents: Cents | None = None  # pay what you want: what the buyer chooses
    quantity: Cents = 1

    def item(self) -> tuple[str, UUID] | None:
        """(kind, id), or None unless exactly one of the two forms is given."""
        if self.offer_id is not None and self.item_kind is None and self.item_id is None:
            return OFFER_ITEMS, self.offer_id
        if self.offer_id is None and self.item_kind is not None and self.item_id is not None:
            return self.item_kind, self.item_id
        return None


class CartItemOut(msgspec.Struct):
    id: UUID
    offer_id: UUID | None
    item_kind: str
    item_id: UUID
    title: str
    kind: str
    work_ids: list[UUID]
    pricing: str
    amount_cents: int
    minimum_cents: int
    # Every title the seller gave, by language tag (empty for a bundle: `title` names it).
    titles: dict[str, str] = {}

    @classmethod
    def of(cls, entry: CartEntry) -> CartItemOut:
        sale = entry.sale
        return cls(
            id=entry.item.id,
            offer_id=sale.id if sale.sellable == OFFER_ITEMS else None,
            item_kind=sale.sellable,
            item_id=sale.id,
            title=sale.title,
            kind=sale.label,
            work_ids=list(sale.work_ids),
            pricing=sale.terms.pricing.value,
            amount_cents=entry.amount_cents,
            minimum_cents=sale.terms.minimum_cents,
            titles=dict(sale.titles),
        )


class CartOut(msgspec.Struct):
    items: list[CartItemOut]
    subtotal_cents: int
    currency: str = "eur"


class CheckoutIn(msgspec.Struct, forbid_unknown_fields=True):
    country: Annotated[str, msgspec.Meta(max_length=8)]
    codes: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=60)]], msgspec.Meta(max_length=10)
    ] = []


class LineOut(msgspec.Struct):
    id: UUID
    offer_id: UUID | None
    item_kind: str
    item_id: UUID
    kind: str
    title: str
    work_ids: list[UUID]
    pricing: str
    list_cents: int
    discount_cents: int
    net_cents: int
    vat_rate_bp: int
    vat_cents: int
    gross_cents: int

    @classmethod
    def of(cls, line: OrderLine) -> LineOut:
        return cls(
            id=line.id,
            offer_id=line.offer_id,
            item_kind=line.item_kind,
            item_id=line.item_id,
            kind=line.kind,
            title=line.title,
            work_ids=list(line.work_ids),
            pricing=line.pricing,
            list_cents=line.list_cents,
            discount_cents=line.discount_cents,
            net_cents=line.net_cents,
            vat_rate_bp=line.vat_rate_bp,
            vat_cents=line.vat_cents,
            gross_cents=line.gross_cents,
        )


class PaymentOut(msgspec.Struct):
    gateway: str
    id: str
    status: str
    client_secret: str | None
    publishable_key: str | None
    test_payment: bool
    label: str | None


class OrderOut(msgspec.Struct):
    id: UUID
    status: str
    buyer_country: str
    currency: str
    lines: list[LineOut]
    net_cents: int
    vat_cents: int
    total_cents: int
    refunded_cents: int
    gateway: str | None
    test_payment: bool
    needs_review: bool
    failure_reason: str | None
    created_at: datetime
    paid_at: datetime | None
    payment: PaymentOut | None = None

    @classmethod
    def of(cls, order: Order, payment: PaymentOut | None = None) -> OrderOut:
        return cls(
            id=order.id,
            status=order.status.value,
            buyer_country=order.buyer_country,
            currency=order.currency,
            lines=[LineOut.of(line) for line in order.lines],
            net_cents=sum(line.net_cents for line in order.lines),
            vat_cents=sum(line.vat_cents for line in order.lines),
            total_cents=order.total_cents,
            refunded_cents=order.refunded_cents,
            gateway=order.gateway,
            test_payment=order.gateway == "test",
            needs_review=order.review_reason is not None,
            failure_reason=order.failure_reason,
            created_at=order.created_at,
            paid_at=order.paid_at,
            payment=payment,
        )


def payment_out(
    payment: PaymentInfo | None, gateway: str, is_test: bool, publishable_key: str | None
) -> PaymentOut | None:
    if payment is None:
        return None
    return PaymentOut(
        gateway=gateway,
        id=payment.id,
        status=payment.status.value,
        client_secret=payment.client_secret,
        publishable_key=publishable_key,
        test_payment=is_test,
        label=gettext(TEST_PAYMENT_LABEL) if is_test else None,
    )


class DevPaymentIn(msgspec.Struct, forbid_unknown_fields=True):
    client_secret: Annotated[str, msgspec.Meta(max_length=100)]
    outcome: Literal["succeed", "decline"]


class RefundIn(msgspec.Struct, forbid_unknown_fields=True):
    amount_cents: Cents | None = None
    reason: Annotated[str, msgspec.Meta(max_length=500)] | None = None


class RefundOut(msgspec.Struct):
    order: OrderOut
    refunded_now_cents: int


class OwnedWorkOut(msgspec.Struct):
    work_id: UUID
    title: str
    order_id: UUID
    bought_at: datetime
    downloads_used: int
    downloads_allowed: int
    formats: list[dict[str, str]]
    # The work's titles by language tag, as its creator gave them.
    titles: dict[str, str] = {}

    @classmethod
    def of(cls, owned: OwnedWork) -> OwnedWorkOut:
        return cls(
            work_id=owned.work_id,
            title=owned.title,
            order_id=owned.order_id,
            bought_at=owned.bought_at,
            downloads_used=owned.downloads_used,
            downloads_allowed=owned.downloads_allowed,
            formats=owned.formats,
            titles=dict(owned.titles),
        )


class DownloadIn(msgspec.Struct, forbid_unknown_fields=True):
    format: Annotated[str, msgspec.Meta(max_length=40)]


class DownloadOut(msgspec.Struct):
    url: str
    expires_at: int
    downloads_left: int

    @classmethod
    def of(cls, link: DownloadLink) -> DownloadOut:
        return cls(url=link.url, expires_at=link.expires_at, downloads_left=link.downloads_left)
