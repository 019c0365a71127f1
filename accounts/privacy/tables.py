"""Consents a person gave and the archives of their data they asked for."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, BigInt, ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from accounts.tables import User
from infra.db.migrations import sql_files


class ConsentRow(Table, tablename="lakou_privacy_consents"):
    """A document (terms, privacy notice) in a version, accepted at a time, and how."""

    id = UUID(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    document = Varchar(length=20)  # "terms" | "privacy"
    version = Varchar(length=20)
    accepted_at = Timestamptz()
    how = Varchar(length=20)  # "sign_up"


class ExportRow(Table, tablename="lakou_privacy_exports"):
    """An archive of a person's data: asked, built by a worker, downloadable for 7 days."""

    id = UUID(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=10)  # pending | ready | expired
    requested_at = Timestamptz()
    ready_at = Timestamptz(null=True, default=None)
    expires_at = Timestamptz(null=True, default=None)
    storage_key = Varchar(length=200, null=True, default=None)
    size_bytes = BigInt(null=True, default=None)


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (ConsentRow, ExportRow)
MIGRATIONS = (sql_files(FROZEN, "privacy.0001_consents_exports"),)
