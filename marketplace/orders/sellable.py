"""The `Sellable` port: anything a module sells goes through the same cart, checkout and ledger.

Works and bundles (the offers module) are the first implementation; market prices, stand
codes, licence fees, bookings, course seats and call fees are the next. A module implements
`Sellable` for its own kind of item and registers it in its spec's `wire` (or the composition
root does for core modules); orders never import it. Each item says what it is, what it costs
and under which VAT category, who sells it, which works' split sheets share its revenue (none:
the seller keeps it), and what happens once it is paid or fully refunded.

Item kinds are namespaced by their module: `offer` (works and bundles), `shelf.pass`...
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from marketplace.offers.domain import Terms
from marketplace.pricing.vat import VatCategory


@dataclass(frozen=True)
class InvoicedVat:
    """The VAT an invoice already fixed for an item (a licence deal's Factur-X invoice, by
    the business-to-business rule table): its line carries exactly this, not the consumer
    table's, and no receipt is issued for it (the invoice is the document)."""

    invoice_number: str
    rate_bp: int
    vat_cents: int
    category: str  # EN 16931 code: S, AE, G, O


@dataclass(frozen=True)
class SaleItem:
    """One thing a cart can hold, as its module prices it now."""

    sellable: str  # the Sellable's kind, e.g. "offer"
    id: UUID  # the item's id within that kind
    label: str  # what a line shows as its kind: "work", "bundle", "pass"...
    seller_id: UUID
    title: str
    terms: Terms
    vat_category: VatCategory
    # The works whose split sheets share the revenue, and by how much; empty: the seller's.
    work_ids: tuple[UUID, ...] = ()
    work_weights: tuple[int, ...] = ()
    # False while it may not be sold (a work withdrawn, a market window closed...).
    available: bool = True
    # The item's title in every language its seller gave (shown in the buyer's language;
    # `title` is what order lines keep).
    titles: Mapping[str, str] = field(default_factory=dict)
    # The only person who may buy it (a submission's entry fee is its applicant's); None: all.
    buyer_id: UUID | None = None
    # Set when an invoice fixed the item's VAT (its price is then the invoice's total).
    invoiced: InvoicedVat | None = None

    def sold_to(self, user_id: UUID) -> bool:
        return self.buyer_id is None or self.buyer_id == user_id


@dataclass(frozen=True)
class Sale:
    """A paid (or refunded) order line, as the item's module needs to act on it."""

    order_id: UUID
    line_id: UUID
    buyer_id: UUID
    item_id: UUID
    work_ids: tuple[UUID, ...]
    # What the purchase's grants are recorded under, so a refund takes back exactly them.
    source: str


class Sellable(Protocol):
    kind: str

    async def items(self, ids: Sequence[UUID]) -> Mapping[UUID, SaleItem]:
        """The items that exist among `ids` (missing ones are absent)."""
        ...

    async def paid(self, sale: Sale) -> None:
        """The line is paid: grant what was bought. Runs in the settlement's transaction,
        possibly more than once for one sale (make it idempotent)."""
        ...

    async def refunded(self, sale: Sale) -> None:
        """The order was fully refunded: take back what was granted (idempotent too)."""
        ...


class UnknownSellable(LookupError):
    """An item of a kind no enabled module sells."""


class Sellables:
    """The sellables of the enabled modules, by kind."""

    def __init__(self, sellables: Sequence[Sellable] = ()) -> None:
        self._by_kind: dict[str, Sellable] = {}
        for sellable in sellables:
            self.add(sellable)

    def add(self, sellable: Sellable) -> None:
        if sellable.kind in self._by_kind:
            raise ValueError(f"two sellables of kind {sellable.kind!r}")
        self._by_kind[sellable.kind] = sellable

    def of(self, kind: str) -> Sellable:
        try:
            return self._by_kind[kind]
        except KeyError:
            raise UnknownSellable(kind) from None

    def __contains__(self, kind: str) -> bool:
        return kind in self._by_kind
