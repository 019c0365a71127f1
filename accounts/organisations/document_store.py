"""Where an organisation's verification documents are kept: the bytes once per organisation
(known by their SHA-256), listed without their content. Piccolo, both engines.

Part of `OrganisationRepository`, which inherits it; `documents` says what is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from accounts.organisations.tables import DocumentRow
from infra.db.values import as_utc, as_uuid


@dataclass(frozen=True)
class Document:
    id: UUID
    organisation_id: UUID
    sha256: str
    content_type: str
    filename: str
    size: int
    uploaded_at: datetime


class DocumentStore:
    async def add_document(self, document: Document, content: bytes, by: UUID) -> Document:
        """Stored once per organisation: the same file again is the document already kept."""
        found = await self._document_by_hash(document.organisation_id, document.sha256)
        if found is not None:
            return found
        await DocumentRow.insert(
            DocumentRow(
                id=document.id,
                organisation=document.organisation_id,
                sha256=document.sha256,
                content_type=document.content_type,
                filename=document.filename,
                size=document.size,
                content=content,
                uploaded_by=by,
                uploaded_at=document.uploaded_at,
            )
        )
        return document

    async def _document_by_hash(self, organisation_id: UUID, sha256: str) -> Document | None:
        row = (
            await DocumentRow.select(*_DOCUMENT_COLUMNS)
            .where((DocumentRow.organisation == organisation_id) & (DocumentRow.sha256 == sha256))
            .first()
        )
        return _document(row) if row else None

    async def documents(self, organisation_id: UUID) -> list[Document]:
        rows = (
            await DocumentRow.select(*_DOCUMENT_COLUMNS)
            .where(DocumentRow.organisation == organisation_id)
            .order_by(DocumentRow.uploaded_at)
        )
        return [_document(row) for row in rows]

    async def document_content(
        self, organisation_id: UUID, document_id: UUID
    ) -> tuple[Document, bytes] | None:
        row = (
            await DocumentRow.select(*_DOCUMENT_COLUMNS, DocumentRow.content)
            .where((DocumentRow.organisation == organisation_id) & (DocumentRow.id == document_id))
            .first()
        )
        return (_document(row), bytes(row["content"])) if row else None


_DOCUMENT_COLUMNS = (
    DocumentRow.id,
    DocumentRow.organisation,
    DocumentRow.sha256,
    DocumentRow.content_type,
    DocumentRow.filename,
    DocumentRow.size,
    DocumentRow.uploaded_at,
)


def _document(row: dict[str, Any]) -> Document:
    return Document(
        id=as_uuid(row["id"]),
        organisation_id=as_uuid(row["organisation"]),
        sha256=row["sha256"],
        content_type=row["content_type"],
        filename=row["filename"],
        size=int(row["size"]),
        uploaded_at=as_utc(row["uploaded_at"]),
    )
