"""A licence invoice: who issues it, to whom, its number, its VAT by the rule table and when it
falls due. Pure Python."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from marketplace.licensing.invoicing.vat_rules import Amounts, VatRule


def credited(gross_cents: int, invoice_gross_cents: int, invoice_vat_cents: int) -> Amounts:
    """A credit note's amounts for `gross_cents` of an invoice: the VAT in the invoice's
    proportion (rounded half up), the net the rest; the whole invoice gives its own figures."""
    if not 0 < gross_cents <= invoice_gross_cents:
        raise ValueError("a credit note credits between one cent and the invoice's total")
    vat = (2 * gross_cents * invoice_vat_cents + invoice_gross_cents) // (2 * invoice_gross_cents)
    return Amounts(gross_cents - vat, vat, gross_cents)


class IssuedBy(StrEnum):
    LAKOU = "lakou"  # Lakou invoices in its own name for the holder (its receipts' series)
    HOLDER = "holder"  # the mandate's holder invoices itself (a series of its own)


def holder_series(holder_id: UUID) -> str:
    """A holder's issuer code: H and five letters from its id (the counters' issuer column
    holds six characters). Two holders sharing a code would share one series: numbers stay
    unique and gap-free over the pair, but not per holder (about one chance in 33 million per
    pair; docs/decisions.md)."""
    digest = hashlib.sha256(holder_id.bytes).digest()
    return "H" + base64.b32encode(digest).decode("ascii")[:5]


@dataclass(frozen=True)
class Party:
    name: str
    address: tuple[str, ...]
    country: str
    vat_number: str = ""
    siret: str = ""


@dataclass(frozen=True)
class Invoice:
    id: UUID
    deal_id: UUID
    number: str
    issuer: str
    issued_by: IssuedBy
    issued_at: datetime
    due_on: date
    language: str
    seller: Party
    buyer: Party
    line: str  # what is invoiced: the licence, its work, medium, territory and period
    rule: VatRule
    amounts: Amounts
    vies: str  # the VIES answer recorded (valid, invalid, unreachable, not_asked)
    vies_name: str = ""
    storage_key: str = ""
    sha256: str = ""
    size: int = 0
    paid_at: datetime | None = None
    paid_via: str = ""

    def overdue(self, today: date) -> bool:
        return self.paid_at is None and today > self.due_on
