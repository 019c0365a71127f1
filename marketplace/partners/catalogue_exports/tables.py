"""Catalogue exports a worker builds into the object storage (CSV, JSON, EMA Avails)."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, BigInt, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from accounts.organisations.tables import OrganisationRow
from infra.db.migrations import sql_files


class ExportJobRow(Table, tablename="lakou_partner_exports"):
    """One export an organisation asked for: pending, building, ready (a stored file, for
    7 days), failed or expired. Its storage key is derived from its id, so a retried build
    replaces the file it had begun instead of leaving a second one."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(OrganisationRow, on_delete=OnDelete.cascade, index=True)
    requested_by = UUID(null=True, default=None)  # the key's maker, told when it is ready
    api_key = UUID(null=True, default=None)
    format = Varchar(length=10)  # csv | json | avails
    params = Text()  # JSON: territory, media, saved search (the Avails export)
    status = Varchar(length=10)
    works_done = Integer()
    builds = Integer()  # how many times a worker began it (a killed one begins again)
    requested_at = Timestamptz()
    started_at = Timestamptz(null=True, default=None)
    ready_at = Timestamptz(null=True, default=None)
    expires_at = Timestamptz(null=True, default=None)
    storage_key = Varchar(length=200, null=True, default=None)
    size_bytes = BigInt(null=True, default=None)
    error = Varchar(length=300)


FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (ExportJobRow,)
MIGRATIONS = (sql_files(FROZEN, "partners.0002_catalogue_exports"),)
