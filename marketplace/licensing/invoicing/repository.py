"""Reads and writes licence invoices (`invoicing/tables.py`). The row keeps what the download,
the payment and the audits need; the parties and the line are in the stored PDF and its XML."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from piccolo.query.functions.aggregate import Sum

from infra.db.values import as_utc, as_uuid
from marketplace.licensing.invoicing.domain import Invoice
from marketplace.licensing.invoicing.tables import CreditNoteRow, InvoiceRow


class InvoiceRepository:
    async def add(self, invoice: Invoice, subject: str = "deal") -> None:
        await InvoiceRow.insert(
            InvoiceRow(
                id=invoice.id,
                subject=subject,
                deal_id=invoice.deal_id,
                number=invoice.number,
                issuer=invoice.issuer,
                issued_by=invoice.issued_by.value,
                issued_at=invoice.issued_at,
                due_on=invoice.due_on,
                language=invoice.language,
                vat_rule=invoice.rule.code,
                vat_rate_bp=invoice.rule.rate_bp,
                net_cents=invoice.amounts.net_cents,
                vat_cents=invoice.amounts.vat_cents,
                gross_cents=invoice.amounts.gross_cents,
                buyer_vat_number=invoice.buyer.vat_number,
                vies=invoice.vies,
                vies_name=invoice.vies_name,
                storage_key=invoice.storage_key,
                sha256=invoice.sha256,
                size=invoice.size,
            )
        )

    async def of_deal(self, deal_id: UUID) -> dict[str, Any] | None:
        row = await InvoiceRow.select().where(InvoiceRow.deal_id == deal_id).first()
        return _normal(row) if row else None

    async def of_deals(self, deal_ids: list[UUID]) -> dict[UUID, dict[str, Any]]:
        if not deal_ids:
            return {}
        rows = await InvoiceRow.select().where(InvoiceRow.deal_id.is_in(deal_ids))
        return {as_uuid(row["deal_id"]): _normal(row) for row in rows}

    async def numbers(self, issuer: str) -> list[str]:
        rows = (
            await InvoiceRow.select(InvoiceRow.number)
            .where(InvoiceRow.issuer == issuer)
            .order_by(InvoiceRow.number)
        )
        return [str(row["number"]) for row in rows]

    async def paid(
        self, deal_id: UUID, at: datetime, via: str, reference: str, by: UUID | None
    ) -> bool:
        """Marked paid once (a second payment of the same invoice changes nothing)."""
        changed = (
            await InvoiceRow.update(
                {
                    InvoiceRow.paid_at: at,
                    InvoiceRow.paid_via: via,
                    InvoiceRow.payment_reference: reference,
                    InvoiceRow.recorded_by: by,
                }
            )
            .where((InvoiceRow.deal_id == deal_id) & InvoiceRow.paid_at.is_null())
            .returning(InvoiceRow.id)
        )
        return bool(changed)

    async def unpaid(self, limit: int = 200) -> list[dict[str, Any]]:
        """Invoices waiting for their payment, the oldest due first (staff's transfers page)."""
        rows = (
            await InvoiceRow.select()
            .where(InvoiceRow.paid_at.is_null())
            .order_by(InvoiceRow.due_on)
            .limit(limit)
        )
        return [_normal(row) for row in rows]

    async def paid_by_transfer(self, limit: int = 200) -> list[dict[str, Any]]:
        """Invoices a bank transfer paid, the latest first (staff's refunds page)."""
        rows = (
            await InvoiceRow.select()
            .where(InvoiceRow.paid_via == "bank_transfer")
            .order_by(InvoiceRow.paid_at, ascending=False)
            .limit(limit)
        )
        return [_normal(row) for row in rows]

    async def overdue(self, today: date, limit: int = 100) -> list[UUID]:
        """Deals whose invoice is unpaid past its due day."""
        rows = (
            await InvoiceRow.select(InvoiceRow.deal_id)
            .where(InvoiceRow.paid_at.is_null() & (InvoiceRow.due_on < today))
            .limit(limit)
        )
        return [as_uuid(row["deal_id"]) for row in rows]


class CreditNoteRepository:
    async def add(
        self,
        note: Invoice,
        invoice_id: UUID,
        refund_key: str,
        storage_key: str,
        sha256: str,
        size: int,
    ) -> None:
        await CreditNoteRow.insert(
            CreditNoteRow(
                id=note.id,
                invoice_id=invoice_id,
                deal_id=note.deal_id,
                number=note.number,
                issuer=note.issuer,
                issued_at=note.issued_at,
                refund_key=refund_key,
                net_cents=note.amounts.net_cents,
                vat_cents=note.amounts.vat_cents,
                gross_cents=note.amounts.gross_cents,
                storage_key=storage_key,
                sha256=sha256,
                size=size,
            )
        )

    async def exists(self, refund_key: str) -> bool:
        return await CreditNoteRow.exists().where(CreditNoteRow.refund_key == refund_key)

    async def credited(self, invoice_id: UUID) -> int:
        """What the invoice's credit notes already gave back (gross cents)."""
        row = (
            await CreditNoteRow.select(Sum(CreditNoteRow.gross_cents, alias="total"))
            .where(CreditNoteRow.invoice_id == invoice_id)
            .first()
        )
        return int(row["total"] or 0) if row else 0

    async def credited_many(self, invoice_ids: list[UUID]) -> dict[UUID, int]:
        """What each invoice's credit notes gave back so far (gross cents; absent: nothing)."""
        if not invoice_ids:
            return {}
        rows = (
            await CreditNoteRow.select(
                CreditNoteRow.invoice_id, Sum(CreditNoteRow.gross_cents, alias="total")
            )
            .where(CreditNoteRow.invoice_id.is_in(invoice_ids))
            .group_by(CreditNoteRow.invoice_id)
        )
        return {as_uuid(row["invoice_id"]): int(row["total"] or 0) for row in rows}

    async def get(self, note_id: UUID) -> dict[str, Any] | None:
        row = await CreditNoteRow.select().where(CreditNoteRow.id == note_id).first()
        return _note(row) if row else None

    async def of_deal(self, deal_id: UUID) -> list[dict[str, Any]]:
        rows = (
            await CreditNoteRow.select()
            .where(CreditNoteRow.deal_id == deal_id)
            .order_by(CreditNoteRow.number)
        )
        return [_note(row) for row in rows]


def _note(row: dict[str, Any]) -> dict[str, Any]:
    found = dict(row)
    for name in ("id", "invoice_id", "deal_id"):
        found[name] = as_uuid(row[name])
    found["issued_at"] = as_utc(row["issued_at"])
    return found


def _normal(row: dict[str, Any]) -> dict[str, Any]:
    found = dict(row)
    found["id"] = as_uuid(row["id"])
    found["deal_id"] = as_uuid(row["deal_id"])
    found["issued_at"] = as_utc(row["issued_at"])
    due = row["due_on"]
    found["due_on"] = due if isinstance(due, date) else date.fromisoformat(str(due)[:10])
    found["paid_at"] = as_utc(row["paid_at"]) if row["paid_at"] else None
    return found
