"""Orders as staff read and refund them in the back office (`/staff/commandes`).

Listing and reading are staff-only here, as the refund API is in `Settlement.refund`; a refund
from the page goes through that same method, with the reason the form requires written into its
audit entry. Who bought, the refunds so far and the order's documents come through small ports
(`adapters.py` and the documents module fill them).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol, runtime_checkable
from uuid import UUID

from accounts.domain import Principal
from accounts.errors import AccountError
from infra.errors import Forbidden, InvalidInput, NotFound
from marketplace.orders.domain import Order, OrderStatus
from marketplace.orders.errors import OrderError
from marketplace.orders.repository import OrderRepository
from marketplace.orders.settlement import Settlement

PAGE_SIZE = 50
MAX_SEARCH = 254  # the longest e-mail address
MAX_REASON = 500
REQUEST_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Euros and at most two decimals ("3", "3,50", "3.5"): no signs, exponents or thousands.
EUROS = re.compile(r"\d{1,7}(?:[.,]\d{1,2})?")


@dataclass(frozen=True)
class BuyerContact:
    name: str
    email: str


@dataclass(frozen=True)
class PastRefund:
    """One refund as the audit log has it: when, by whom, how much, why."""

    at: datetime
    staff_name: str
    amount_cents: int
    reason: str


@dataclass(frozen=True)
class OrderDocument:
    number: str
    kind: str  # receipt | credit_note
    issued_at: datetime
    gross_cents: int


class BuyerDirectory(Protocol):
    async def ids_by_email(self, email: str) -> list[UUID]: ...

    async def contacts(self, user_ids: list[UUID]) -> dict[UUID, BuyerContact]: ...


class RefundHistory(Protocol):
    async def refunds_of(self, order_id: UUID) -> list[PastRefund]: ...


# Checkable: the documents module registers it; without that module the page lists none.
@runtime_checkable
class OrderDocuments(Protocol):
    async def documents_of(self, who: Principal, order_id: UUID) -> list[OrderDocument]: ...

    async def pdf(self, who: Principal, order_id: UUID, number: str) -> tuple[str, bytes]:
        """One document's file name and PDF; NotFound when it is not the order's."""
        ...


@dataclass(frozen=True)
class OrderSearch:
    status: OrderStatus | None = None
    order_id: UUID | None = None
    email: str | None = None


@dataclass(frozen=True)
class ListedOrder:
    order: Order
    buyer: BuyerContact | None  # None: the account was erased


@dataclass(frozen=True)
class OrderFile:
    order: Order
    buyer: BuyerContact | None
    refunds: list[PastRefund]

    @property
    def left_cents(self) -> int:
        return self.order.total_cents - self.order.refunded_cents


def parse_search(status: str, text: str) -> OrderSearch:
    """The list's filters as the GET form sends them: a state, and an order id or an e-mail."""
    wanted = None
    if status:
        try:
            wanted = OrderStatus(status)
        except ValueError:
            raise InvalidInput(OrderError.INVALID_STATUS_FILTER) from None
    text = text.strip()
    if not text:
        return OrderSearch(wanted)
    try:
        return OrderSearch(wanted, order_id=UUID(text))
    except ValueError:
        pass
    if "@" not in text or len(text) > MAX_SEARCH:
        raise InvalidInput(OrderError.INVALID_ORDER_SEARCH)
    return OrderSearch(wanted, email=text.lower())


def encode_cursor(last_id: UUID) -> str:
    return base64.urlsafe_b64encode(last_id.bytes).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> UUID | None:
    if not cursor:
        return None
    try:
        return UUID(bytes=base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError:
        raise InvalidInput(OrderError.INVALID_CURSOR) from None


def parse_refund_amount(text: str) -> int | None:
    """Euros as a person types them ("3", "3,50", "3.50"): cents; blank: the whole rest."""
    text = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("€")
    if not text:
        return None
    if not EUROS.fullmatch(text):
        raise InvalidInput(OrderError.INVALID_REFUND_EUROS)
    cents = int(Decimal(text.replace(",", ".")) * 100)
    if cents <= 0:
        raise InvalidInput(OrderError.INVALID_REFUND_EUROS)
    return int(cents)


class StaffOrders:
    def __init__(
        self,
        orders: OrderRepository,
        settlement: Settlement,
        buyers: BuyerDirectory,
        history: RefundHistory,
    ) -> None:
        self._orders = orders
        self._settlement = settlement
        self._buyers = buyers
        self._history = history

    async def search(
        self, who: Principal, search: OrderSearch, before_id: UUID | None = None
    ) -> list[ListedOrder]:
        _staff(who)
        buyer_ids = None
        if search.email is not None:
            buyer_ids = await self._buyers.ids_by_email(search.email)
        found = await self._orders.search(
            status=search.status,
            order_id=search.order_id,
            buyer_ids=buyer_ids,
            before_id=before_id,
            limit=PAGE_SIZE,
        )
        contacts = await self._buyers.contacts([order.buyer_id for order in found])
        return [ListedOrder(order, contacts.get(order.buyer_id)) for order in found]

    async def file(self, who: Principal, order_id: UUID) -> OrderFile:
        _staff(who)
        order = await self._orders.get(order_id)
        if order is None:
            raise NotFound(OrderError.ORDER_NOT_FOUND)
        contacts = await self._buyers.contacts([order.buyer_id])
        refunds = await self._history.refunds_of(order_id)
        return OrderFile(order, contacts.get(order.buyer_id), refunds)

    async def refund(
        self,
        who: Principal,
        order_id: UUID,
        amount_text: str,
        reason: str,
        request_key: str | None = None,
    ) -> tuple[Order, int]:
        """The refund form: blank amount for all that is left; the reason is required; the
        form's key (one per rendering) makes a double click one refund."""
        _staff(who)
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise InvalidInput(OrderError.REFUND_REASON_REQUIRED, max=MAX_REASON)
        amount = parse_refund_amount(amount_text)
        if request_key is not None and not REQUEST_KEY.fullmatch(request_key):
            request_key = None  # not the page's: keyed by the amounts, as the API is
        return await self._settlement.refund(
            who, order_id, amount, reason=reason, request_key=request_key
        )


def _staff(who: Principal) -> None:
    if not who.is_staff:
        raise Forbidden(AccountError.STAFF_ONLY)
