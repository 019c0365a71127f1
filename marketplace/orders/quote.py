"""Turning a cart into priced order lines: offer terms, discount codes, then VAT. Pure Python."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from infra.ids import new_id
from marketplace.offers.domain import Pricing, Terms
from marketplace.orders.domain import OrderLine
from marketplace.orders.sellable import InvoicedVat
from marketplace.pricing.discounts import (
    DiscountableLine,
    DiscountCode,
    check_combination,
    discounts_for,
)
from marketplace.pricing.money import vat_included
from marketplace.pricing.vat import VatCategory, VatTable


@dataclass(frozen=True)
class CartChoice:
    """An item in the cart, with its terms as they are now and what the buyer offered."""

    item_kind: str
    item_id: UUID
    kind: str
    seller_id: UUID
    title: str
    work_ids: tuple[UUID, ...]
    work_weights: tuple[int, ...]
    terms: Terms
    offered_cents: int | None
    vat_category: VatCategory
    invoiced: InvoicedVat | None = None


@dataclass(frozen=True)
class Quote:
    lines: tuple[OrderLine, ...]
    code_use: dict[UUID, int]  # cents each discount code took

    @property
    def total_cents(self) -> int:
        return sum(line.gross_cents for line in self.lines)


def quote(
    choices: Sequence[CartChoice],
    codes: Sequence[DiscountCode],
    country: str,
    vat_table: VatTable,
) -> Quote:
    check_combination(codes)
    amounts = [choice.terms.amount_for(choice.offered_cents) for choice in choices]
    off, code_use = discounts_for(
        [
            DiscountableLine(
                seller_id=choice.seller_id,
                amount_cents=amount,
                # An invoiced price is the invoice's total: no code may change it.
                discountable=choice.terms.pricing is Pricing.FIXED and choice.invoiced is None,
            )
            for choice, amount in zip(choices, amounts, strict=True)
        ],
        codes,
    )
    lines = []
    for choice, amount, discount in zip(choices, amounts, off, strict=True):
        gross = amount - discount
        invoiced = choice.invoiced
        if invoiced is not None:
            rate, vat = invoiced.rate_bp, invoiced.vat_cents
        else:
            rate = vat_table.rate_bp(country, choice.vat_category)
            vat = vat_included(gross, rate)
        lines.append(
            OrderLine(
                id=new_id(),
                item_id=choice.item_id,
                item_kind=choice.item_kind,
                kind=choice.kind,
                seller_id=choice.seller_id,
                title=choice.title,
                work_ids=choice.work_ids,
                work_weights=choice.work_weights,
                pricing=choice.terms.pricing.value,
                list_cents=amount,
                discount_cents=discount,
                gross_cents=gross,
                vat_rate_bp=rate,
                vat_cents=vat,
                net_cents=gross - vat,
                vat_category=invoiced.category if invoiced else "",
                invoice_number=invoiced.invoice_number if invoiced else "",
            )
        )
    return Quote(tuple(lines), code_use)
