"""Reading the audit log: filtered, newest first, a page at a time (keyset on the id)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from piccolo.columns.combination import WhereRaw
from piccolo.query import Select

from accounts.audit.filters import AuditFilter
from accounts.audit.tables import AuditEntryRow
from infra.db.values import as_json, as_utc, as_uuid

EXPORT_BATCH = 500


@dataclass(frozen=True)
class AuditEntry:
    id: UUID
    occurred_at: datetime
    actor_id: UUID | None
    action: str
    object_type: str
    object_id: str
    organisation_id: UUID | None
    before: dict[str, Any]
    after: dict[str, Any]
    request_id: str | None
    client_ip: str | None


async def find_entries(
    found: AuditFilter, before_id: UUID | None = None, limit: int = 50
) -> list[AuditEntry]:
    """Entries matching `found`, newest first, older than `before_id` when given."""
    select = _filtered(found).order_by(AuditEntryRow.id, ascending=False).limit(limit)
    if before_id is not None:
        select = select.where(AuditEntryRow.id < before_id)
    return [_entry(row) for row in await select]


async def all_entries(found: AuditFilter) -> AsyncIterator[AuditEntry]:
    """Every matching entry, newest first, read in batches (the CSV export streams them)."""
    before_id: UUID | None = None
    while True:
        batch = await find_entries(found, before_id, EXPORT_BATCH)
        for entry in batch:
            yield entry
        if len(batch) < EXPORT_BATCH:
            return
        before_id = batch[-1].id


def _filtered(found: AuditFilter) -> Select[AuditEntryRow]:
    select = AuditEntryRow.select()
    if found.actor_id is not None:
        select = select.where(AuditEntryRow.actor_id == found.actor_id)
    if found.action_prefix is not None:
        select = select.where(_starts_with("action", found.action_prefix))
    if found.object_type is not None:
        select = select.where(AuditEntryRow.object_type == found.object_type)
    if found.object_id is not None:
        select = select.where(AuditEntryRow.object_id == found.object_id)
    if found.organisation_id is not None:
        select = select.where(AuditEntryRow.organisation_id == found.organisation_id)
    if found.since is not None:
        select = select.where(AuditEntryRow.occurred_at >= found.since)
    if found.until is not None:
        select = select.where(AuditEntryRow.occurred_at < found.until)
    return select


def _starts_with(column: str, prefix: str) -> WhereRaw:
    """`column LIKE 'prefix%'` with `_` (and `%`, `\\`) matched as themselves."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return WhereRaw(f"\"{column}\" LIKE {{}} ESCAPE '\\'", escaped + "%")


def _entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        id=as_uuid(row["id"]),
        occurred_at=as_utc(row["occurred_at"]),
        actor_id=as_uuid(row["actor_id"]) if row["actor_id"] else None,
        action=row["action"],
        object_type=row["object_type"],
        object_id=row["object_id"],
        organisation_id=as_uuid(row["organisation_id"]) if row["organisation_id"] else None,
        before=as_json(row["before"]) or {},
        after=as_json(row["after"]) or {},
        request_id=row["request_id"],
        client_ip=row["client_ip"],
    )
