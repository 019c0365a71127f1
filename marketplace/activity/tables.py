"""The activity log: what happened to works, as the event consumer recorded it."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import sql_files


class ActivityEntry(Table, tablename="lakou_activity"):
    id = UUID(primary_key=True)  # the event id: one entry per event
    kind = Varchar(length=60)
    work_id = UUID(index=True)
    creator_id = UUID()
    owner_id = UUID(index=True)
    actor_id = UUID()
    title = Varchar(length=300)
    occurred_at = Timestamptz()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (ActivityEntry,)
MIGRATIONS = (sql_files(FROZEN, "activity.0001_entries"),)
