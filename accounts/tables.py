"""Accounts, access tokens, single-use account tokens and recovery codes."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, Boolean, ForeignKey, Integer, Timestamptz, Varchar
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
    # The interface language mails are written in (a BCP 47 tag of infra.i18n.languages).
    language = Varchar(length=10, default="fr")
    email_verified_at = Timestamptz(null=True, default=None)
    # TOTP second factor: the base32 secret (set at enrolment, kept once confirmed), when it
    # was confirmed, and the last 30-second step accepted (a code is never taken twice).
    totp_secret = Varchar(length=64, null=True, default=None)
    totp_enabled_at = Timestamptz(null=True, default=None)
    totp_last_step = Integer(null=True, default=None)


class AccessToken(Table, tablename="lakou_access_tokens"):
    """Bearer tokens for the API and session cookies for pages; only a hash is stored."""

    id = UUID(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade)
    token_hash = Varchar(length=64, unique=True)
    kind = Varchar(length=10)  # "api" | "session"
    created_at = Timestamptz()
    expires_at = Timestamptz()
    # Updated at most once a minute per token (accounts.service.LAST_USED_EVERY).
    last_used_at = Timestamptz(null=True, default=None)


class AccountToken(Table, tablename="lakou_account_tokens"):
    """A single-use link's token (address check, password reset, address change, a login's
    second step): only its sha256 is stored; `used_at` is set once, when it is used."""

    id = UUID(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    token_hash = Varchar(length=64, unique=True)
    purpose = Varchar(length=20)
    # The address an e-mail change moves to (empty for the other purposes).
    new_email = Varchar(length=254, default="")
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class RecoveryCode(Table, tablename="lakou_recovery_codes"):
    """One-time codes that stand in for the TOTP code when the phone is lost (hashed)."""

    id = UUID(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    code_hash = Varchar(length=64)
    used_at = Timestamptz(null=True, default=None)


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (User, AccessToken, AccountToken, RecoveryCode)
MIGRATIONS = (
    sql_files(FROZEN, "identity.0001_users"),
    sql_files(FROZEN, "identity.0002_account_security"),
)
