"""Document rows: written by the issuer in its transaction, read by the download route."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from infra.db.values import as_utc, as_uuid
from marketplace.documents.domain import DocumentKind, IssuedDocument
from marketplace.documents.tables import DocumentRow


async def add(document: IssuedDocument) -> None:
    await DocumentRow.insert(
        DocumentRow(
            id=document.id,
            number=document.number,
            issuer=document.issuer,
            kind=document.kind.value,
            order_id=document.order_id,
            buyer_id=document.buyer_id,
            issued_at=document.issued_at,
            language=document.language,
            net_cents=document.net_cents,
            vat_cents=document.vat_cents,
            gross_cents=document.gross_cents,
            storage_key=document.storage_key,
            sha256=document.sha256,
            size=document.size,
        )
    )


async def of_order(order_id: UUID, kind: DocumentKind) -> IssuedDocument | None:
    row = (
        await DocumentRow.select()
        .where((DocumentRow.order_id == order_id) & (DocumentRow.kind == kind.value))
        .order_by(DocumentRow.number)
        .first()
    )
    return _document(row) if row else None


async def all_of_order(order_id: UUID) -> list[IssuedDocument]:
    rows = (
        await DocumentRow.select()
        .where(DocumentRow.order_id == order_id)
        .order_by(DocumentRow.number)
    )
    return [_document(row) for row in rows]


async def by_number(number: str) -> IssuedDocument | None:
    row = await DocumentRow.select().where(DocumentRow.number == number).first()
    return _document(row) if row else None


async def numbers(issuer: str) -> list[str]:
    """Every number the issuer gave out, in order (audits and tests check the series)."""
    rows = (
        await DocumentRow.select(DocumentRow.number)
        .where(DocumentRow.issuer == issuer)
        .order_by(DocumentRow.number)
    )
    return [str(row["number"]) for row in rows]


def _document(row: dict[str, Any]) -> IssuedDocument:
    return IssuedDocument(
        id=as_uuid(row["id"]),
        number=row["number"],
        issuer=row["issuer"],
        kind=DocumentKind(row["kind"]),
        order_id=as_uuid(row["order_id"]),
        buyer_id=as_uuid(row["buyer_id"]),
        issued_at=as_utc(row["issued_at"]),
        language=row["language"],
        net_cents=int(row["net_cents"]),
        vat_cents=int(row["vat_cents"]),
        gross_cents=int(row["gross_cents"]),
        storage_key=row["storage_key"],
        sha256=row["sha256"],
        size=int(row["size"]),
    )
