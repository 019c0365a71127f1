"""Reports and decisions. Only the repository reads and writes them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, ForeignKey, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from accounts.tables import User
from infra.db.migrations import sql_files


class DecisionRow(Table, tablename="lakou_moderation_decisions"):
    id = UUID(primary_key=True)
    target_kind = Varchar(length=30)
    target_id = UUID()
    owner_id = UUID(index=True)
    action = Varchar(length=12)
    reason = Text()
    decided_by = UUID()
    decided_at = Timestamptz()
    undo = JSON()
    appeal_text = Text(null=True, default=None)
    appealed_at = Timestamptz(null=True, default=None)
    outcome = Varchar(length=10, null=True, default=None)
    outcome_reason = Text(null=True, default=None)
    outcome_by = UUID(null=True, default=None)
    outcome_at = Timestamptz(null=True, default=None)
    restored_by = UUID(null=True, default=None)
    restored_at = Timestamptz(null=True, default=None)


class ReportRow(Table, tablename="lakou_moderation_reports"):
    id = UUID(primary_key=True)
    target_kind = Varchar(length=30)
    target_id = UUID()
    reporter = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    reason = Varchar(length=12)
    details = Text()
    created_at = Timestamptz()
    decision = ForeignKey(DecisionRow, on_delete=OnDelete.set_null, null=True, default=None)


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (DecisionRow, ReportRow)
MIGRATIONS = (sql_files(FROZEN, "moderation.0001_reports"),)
