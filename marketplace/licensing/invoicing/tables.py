"""Licence invoices (one per deal), numbered in their issuer's gap-free series. Only
`invoicing/repository.py` reads and writes them."""

from __future__ import annotations

from piccolo.columns import UUID, Date, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class InvoiceRow(Table, tablename="lakou_licensing_invoices"):
    id = UUID(primary_key=True)
    # The licence it is for: a deal's id, or a ready-made sync licence's (`subject` says which).
    deal_id = UUID(unique=True)
    number = Varchar(length=30, unique=True)
    issuer = Varchar(length=6)
    issued_by = Varchar(length=10)  # "lakou" (acting for the holder) or "holder"
    issued_at = Timestamptz()
    due_on = Date()
    language = Varchar(length=10)
    vat_rule = Varchar(length=30)
    vat_rate_bp = Integer()
    net_cents = Integer()
    vat_cents = Integer()
    gross_cents = Integer()
    buyer_vat_number = Varchar(length=20, default="")
    vies = Varchar(length=12)  # valid, invalid, unreachable, not_asked
    vies_name = Text(default="")
    storage_key = Varchar(length=200)
    sha256 = Varchar(length=64)
    size = Integer()
    # Paid: by the order (Stripe or the test payment) or by a bank transfer staff recorded.
    paid_at = Timestamptz(null=True, default=None)
    paid_via = Varchar(length=20, default="")
    payment_reference = Text(default="")
    recorded_by = UUID(null=True, default=None)
    subject = Varchar(length=10, default="deal")  # "deal" or "sync" (licensing.0007)


class CreditNoteRow(Table, tablename="lakou_licensing_credit_notes"):
    """A credit note (Factur-X type 381) against a licence invoice, for one refund: numbered
    in the invoice's issuer's series (`licensing.0005_credit_notes`)."""

    id = UUID(primary_key=True)
    invoice_id = UUID(index=True)
    deal_id = UUID(index=True)
    number = Varchar(length=30, unique=True)
    issuer = Varchar(length=6)
    issued_at = Timestamptz()
    # The refund it is for (the order's refund id, or the staff's transfer reference): one
    # credit note per refund, however often it is told.
    refund_key = Varchar(length=140, unique=True)
    net_cents = Integer()
    vat_cents = Integer()
    gross_cents = Integer()
    storage_key = Varchar(length=200)
    sha256 = Varchar(length=64)
    size = Integer()
