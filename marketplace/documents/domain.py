"""Documents Lakou issues (receipts; later invoices and credit notes). Pure Python.

A document's number is `<issuer prefix>-<year>-<sequence>`: one sequence per issuer and per
year, without gaps (French invoicing rules ask for a continuous chronological series, CGI annex
II art. 242 nonies A). The sequence is allocated by `numbering.py` in the transaction that
writes the document, so a rolled-back document never consumes a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from marketplace.pricing.money import largest_remainder, vat_included

# Six digits is a million documents per issuer per year; more digits follow when needed.
SEQUENCE_DIGITS = 6


class DocumentKind(StrEnum):
    RECEIPT = "receipt"
    CREDIT_NOTE = "credit_note"


def document_number(prefix: str, year: int, sequence: int) -> str:
    """LK-2026-000001: sorts in issue order within a year, by text as well as by number."""
    if sequence < 1:
        raise ValueError(f"a document sequence starts at 1, got {sequence}")
    return f"{prefix}-{year}-{sequence:0{SEQUENCE_DIGITS}d}"


@dataclass(frozen=True)
class ReceiptLine:
    title: str
    creator: str
    quantity: int
    net_cents: int
    vat_rate_bp: int
    vat_cents: int
    gross_cents: int


@dataclass(frozen=True)
class Receipt:
    """What a receipt says, as it was when issued (its PDF is rendered from this)."""

    number: str
    order_id: UUID
    issued_at: datetime
    paid_at: datetime
    buyer_name: str
    buyer_country: str
    language: str
    lines: tuple[ReceiptLine, ...]
    test_payment: bool
    # Set on a credit note: the number of the receipt it corrects (a refund).
    credits: str | None = None

    @property
    def net_cents(self) -> int:
        return sum(line.net_cents for line in self.lines)

    @property
    def vat_cents(self) -> int:
        return sum(line.vat_cents for line in self.lines)

    @property
    def gross_cents(self) -> int:
        return sum(line.gross_cents for line in self.lines)

    def vat_by_rate(self) -> list[tuple[int, int, int]]:
        """(rate, net, VAT) per VAT rate, highest rate first: the totals a receipt must show."""
        totals: dict[int, tuple[int, int]] = {}
        for line in self.lines:
            net, vat = totals.get(line.vat_rate_bp, (0, 0))
            totals[line.vat_rate_bp] = (net + line.net_cents, vat + line.vat_cents)
        return [(rate, net, vat) for rate, (net, vat) in sorted(totals.items(), reverse=True)]


def receipt_share(invoiced_cents: int, total_refunded_cents: int, refund_cents: int) -> int:
    """What a refund gives back on the receipt's lines when the order also holds invoiced
    lines (licences), which their own credit notes credit first, up to their invoices:
    the refunds so far take the invoiced cents first, the rest falls on the receipt."""
    before = total_refunded_cents - refund_cents
    on_invoices = min(total_refunded_cents, invoiced_cents) - min(before, invoiced_cents)
    return refund_cents - on_invoices


def refunded_lines(lines: Sequence[ReceiptLine], refund_cents: int) -> tuple[ReceiptLine, ...]:
    """A refund shared between the receipt's lines by what each cost, VAT worked out again at
    each line's rate: every refunded cent is on one line, and no line gives back more than it
    cost."""
    refund_cents = max(0, min(refund_cents, sum(line.gross_cents for line in lines)))
    shares = largest_remainder(refund_cents, [line.gross_cents for line in lines])
    refunded = []
    for line, gross in zip(lines, shares, strict=True):
        if gross == 0:
            continue
        vat = vat_included(gross, line.vat_rate_bp)
        refunded.append(replace(line, gross_cents=gross, vat_cents=vat, net_cents=gross - vat))
    return tuple(refunded)


@dataclass(frozen=True)
class IssuedDocument:
    id: UUID
    number: str
    issuer: str
    kind: DocumentKind
    order_id: UUID
    buyer_id: UUID
    issued_at: datetime
    language: str
    net_cents: int
    vat_cents: int
    gross_cents: int
    storage_key: str
    sha256: str
    size: int

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"
