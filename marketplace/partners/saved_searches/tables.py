"""Saved searches and the works each has matched (once: the unique index the fan-out relies on)."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, Boolean, Date, ForeignKey, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from accounts.organisations.tables import OrganisationRow
from infra.db.migrations import sql_files


class SavedSearchRow(Table, tablename="lakou_partner_saved_searches"):
    id = UUID(primary_key=True)
    organisation = ForeignKey(OrganisationRow, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=100)
    query_text = Varchar(length=200)
    filters = Text()  # JSON: search API parameter -> values
    period_start = Date(null=True, default=None)
    period_end = Date(null=True, default=None)  # inclusive; none: open
    created_by = UUID(null=True, default=None)
    created_at = Timestamptz()
    # What a new match does besides being recorded (partners.0003): tell the members; send
    # `saved_search.matched` to the organisation's webhook endpoints.
    notify_members = Boolean(default=True)
    send_webhooks = Boolean(default=True)


class SavedSearchMatchRow(Table, tablename="lakou_partner_saved_search_matches"):
    """A work that matched a saved search; unique on both, so it is told once."""

    id = UUID(primary_key=True)
    saved_search = ForeignKey(SavedSearchRow, on_delete=OnDelete.cascade, index=True)
    work_id = UUID()
    matched_at = Timestamptz()


FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (SavedSearchRow, SavedSearchMatchRow)
MIGRATIONS = (sql_files(FROZEN, "partners.0001_saved_searches"),)
# After the exports' partners.0002: the module lists them in order.
LATER_MIGRATIONS = (sql_files(FROZEN, "partners.0003_saved_search_switches"),)
