"""The activity log: what happened to works, as the event consumer recorded it."""

from __future__ import annotations

from piccolo.columns import UUID, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, create_tables


class ActivityEntry(Table, tablename="lakou_activity"):
    id = UUID(primary_key=True)  # the event id: one entry per event
    kind = Varchar(length=60)
    work_id = UUID(index=True)
    creator_id = UUID()
    owner_id = UUID(index=True)
    actor_id = UUID()
    title = Varchar(length=300)
    occurred_at = Timestamptz()


TABLES: tuple[type[Table], ...] = (ActivityEntry,)
MIGRATIONS = (Migration("activity.0001_entries", create_tables(ActivityEntry)),)
