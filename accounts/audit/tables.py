"""The audit log's one table: appended to, never updated (docs/decisions.md, "Audit log")."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import sql_files


class AuditEntryRow(Table, tablename="lakou_audit_entries"):
    # Time-ordered (infra.ids): the newest-first listing pages on the id alone.
    id = UUID(primary_key=True)
    occurred_at = Timestamptz(index=True)
    # No foreign key: a deleted person's entries stay, detached from anyone.
    actor_id = UUID(null=True, default=None, index=True)
    action = Varchar(length=100, index=True)
    object_type = Varchar(length=60)
    object_id = Varchar(length=100)
    organisation_id = UUID(null=True, default=None, index=True)
    # Only the fields that changed, JSON values, secrets left out (accounts.audit.changes).
    before = JSON()
    after = JSON()
    request_id = Varchar(length=64, null=True, default=None)
    client_ip = Varchar(length=64, null=True, default=None)


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (AuditEntryRow,)
MIGRATIONS = (sql_files(FROZEN, "audit.0001_entries"),)
