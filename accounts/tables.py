"""Accounts and access tokens."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, Boolean, ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from infra.db.migrations import sql_files


class User(Table, tablename="lakou_users"):
    id = UUID(primary_key=True)
    email = Varchar(length=254, unique=True)
    password_hash = Varchar(length=255)
    display_name = Varchar(length=120)
    role = Varchar(length=20)
    is_active = Boolean(default=True)
    created_at = Timestamptz()


class AccessToken(Table, tablename="lakou_access_tokens"):
    """Bearer tokens for the API and session cookies for pages; only a hash is stored."""

    id = UUID(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade)
    token_hash = Varchar(length=64, unique=True)
    kind = Varchar(length=10)  # "api" | "session"
    created_at = Timestamptz()
    expires_at = Timestamptz()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (User, AccessToken)
MIGRATIONS = (sql_files(FROZEN, "identity.0001_users"),)
