"""Imports as stored: the import itself and one line per manifest row."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from infra.db.values import as_utc, as_uuid
from marketplace.imports.tables import ImportLineRow, ImportRow


class LineState(StrEnum):
    """What the import itself knows of a row; the upload's asset tells the rest."""

    INVALID = "invalid"  # the row, or its file, was refused: nothing was created
    PENDING = "pending"  # valid, its work and upload not created yet
    CREATED = "awaiting_file"  # a draft work and an open upload wait for the file


@dataclass(frozen=True)
class ImportRecord:
    id: UUID
    creator_id: UUID
    owner_id: UUID
    started_by: UUID
    format: str
    idempotency_key: str | None
    manifest_sha256: str
    row_count: int
    created_at: datetime


@dataclass(frozen=True)
class ImportLine:
    id: UUID
    import_id: UUID
    row_number: int
    state: LineState
    title: str | None
    file_name: str | None
    size_bytes: int | None
    error_code: str | None = None
    error_message: str | None = None
    work_id: UUID | None = None
    asset_id: UUID | None = None

    @property
    def is_pending(self) -> bool:
        return self.state is LineState.PENDING


# Rows per INSERT: well under the bound-parameter limits of SQLite and asyncpg.
_BATCH = 200


class ImportRepository:
    def reading(self) -> Any:
        """One read transaction (one connection) for a report's many small reads."""
        return ImportLineRow._meta.db.transaction()

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """Inside the caller's transaction: undo only this block's writes if it raises."""
        transaction = ImportLineRow._meta.db.current_transaction.get()
        if transaction is None:
            raise RuntimeError("a savepoint needs an open transaction")
        point = await transaction.savepoint()
        try:
            yield
        except BaseException:
            await point.rollback_to()
            raise
        await point.release()

    async def add(self, record: ImportRecord, lines: list[ImportLine]) -> None:
        await ImportRow.insert(
            ImportRow(
                id=record.id,
                creator_id=record.creator_id,
                owner_id=record.owner_id,
                started_by=record.started_by,
                format=record.format,
                idempotency_key=record.idempotency_key,
                manifest_sha256=record.manifest_sha256,
                row_count=record.row_count,
                created_at=record.created_at,
            )
        )
        for start in range(0, len(lines), _BATCH):
            batch = lines[start : start + _BATCH]
            await ImportLineRow.insert(*(ImportLineRow(**_line_fields(line)) for line in batch))

    async def get(self, import_id: UUID) -> ImportRecord | None:
        row = await ImportRow.select().where(ImportRow.id == import_id).first()
        return _record(row) if row else None

    async def by_key(self, started_by: UUID, key: str) -> ImportRecord | None:
        row = (
            await ImportRow.select()
            .where((ImportRow.started_by == started_by) & (ImportRow.idempotency_key == key))
            .first()
        )
        return _record(row) if row else None

    async def lines(self, import_id: UUID) -> list[ImportLine]:
        rows = (
            await ImportLineRow.select()
            .where(ImportLineRow.import_id == import_id)
            .order_by(ImportLineRow.row_number)
        )
        return [_line(row) for row in rows]

    async def claim(self, line_id: UUID) -> bool:
        """Take a pending line for creation (in the caller's transaction); False if taken."""
        taken = (
            await ImportLineRow.update(
                {ImportLineRow.status: LineState.CREATED.value}, use_auto_update=False
            )
            .where(
                (ImportLineRow.id == line_id) & (ImportLineRow.status == LineState.PENDING.value)
            )
            .returning(ImportLineRow.id)
        )
        return bool(taken)

    async def created(self, line_id: UUID, work_id: UUID, asset_id: UUID) -> None:
        await ImportLineRow.update(
            {ImportLineRow.work_id: work_id, ImportLineRow.asset_id: asset_id},
            use_auto_update=False,
        ).where(ImportLineRow.id == line_id)

    async def refuse(self, line_id: UUID, code: str, message: str) -> None:
        """A pending line whose work or upload could not be made becomes invalid."""
        await ImportLineRow.update(
            {
                ImportLineRow.status: LineState.INVALID.value,
                ImportLineRow.error_code: code[:60],
                ImportLineRow.error_message: message[:500],
            },
            use_auto_update=False,
        ).where((ImportLineRow.id == line_id) & (ImportLineRow.status == LineState.PENDING.value))


def _line_fields(line: ImportLine) -> dict[str, Any]:
    return {
        "id": line.id,
        "import_id": line.import_id,
        "row_number": line.row_number,
        "status": line.state.value,
        "error_code": line.error_code,
        "error_message": line.error_message,
        "title": line.title,
        "file_name": line.file_name,
        "size_bytes": line.size_bytes,
        "work_id": line.work_id,
        "asset_id": line.asset_id,
    }


def _record(row: dict[str, Any]) -> ImportRecord:
    return ImportRecord(
        id=as_uuid(row["id"]),
        creator_id=as_uuid(row["creator_id"]),
        owner_id=as_uuid(row["owner_id"]),
        started_by=as_uuid(row["started_by"]),
        format=row["format"],
        idempotency_key=row["idempotency_key"],
        manifest_sha256=row["manifest_sha256"],
        row_count=int(row["row_count"]),
        created_at=as_utc(row["created_at"]),
    )


def _line(row: dict[str, Any]) -> ImportLine:
    return ImportLine(
        id=as_uuid(row["id"]),
        import_id=as_uuid(row["import_id"]),
        row_number=int(row["row_number"]),
        state=LineState(row["status"]),
        title=row["title"],
        file_name=row["file_name"],
        size_bytes=None if row["size_bytes"] is None else int(row["size_bytes"]),
        error_code=row["error_code"],
        error_message=row["error_message"],
        work_id=as_uuid(row["work_id"]) if row["work_id"] else None,
        asset_id=as_uuid(row["asset_id"]) if row["asset_id"] else None,
    )
