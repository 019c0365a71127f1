"""The API keys' one table: only the repository reads and writes it."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from accounts.organisations.tables import OrganisationRow
from infra.db.migrations import sql_files


class ApiKeyRow(Table, tablename="lakou_api_keys"):
    id = UUID(primary_key=True)
    organisation = ForeignKey(OrganisationRow, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=80)
    prefix = Varchar(length=12)
    # HMAC-SHA256 of the key under the server secret, hex (accounts.apikeys.domain).
    key_hash = Varchar(length=64, unique=True)
    scopes = Varchar(length=200)  # space-separated scope names
    rate_per_minute = Integer()
    # No foreign key: a deleted person's keys stay with their organisation.
    created_by = UUID(null=True, default=None)
    created_at = Timestamptz()
    expires_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)
    replaces = UUID(null=True, default=None)


FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (ApiKeyRow,)
MIGRATIONS = (sql_files(FROZEN, "apikeys.0001_keys"),)
