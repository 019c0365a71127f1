"""Organisations, their members, invitations, verification documents and review history.
Only the repository (and the frozen data migration) read and write them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, Bytea, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from accounts.organisations.migration_steps import organisations_for_former_roles
from accounts.tables import User
from infra.db.migrations import Migration, sql_files


class OrganisationRow(Table, tablename="lakou_organisations"):
    id = UUID(primary_key=True)
    kind = Varchar(length=30, index=True)
    partner_kind = Varchar(length=30, null=True, default=None)
    name = Varchar(length=200)
    legal_scheme = Varchar(length=10, null=True, default=None)
    legal_id = Varchar(length=60, null=True, default=None)
    legal_country = Varchar(length=2, null=True, default=None)
    # "<scheme>:<number>" while claimed; unique among organisations not refused (migration).
    claim_key = Varchar(length=80, null=True, default=None)
    street = Varchar(length=300)
    postcode = Varchar(length=300)
    city = Varchar(length=300)
    country = Varchar(length=2)
    commune_code = Varchar(length=5, null=True, default=None)  # INSEE, accounts.territory
    state = Varchar(length=20, index=True)
    state_reason = Text()
    state_changed_at = Timestamptz(null=True, default=None)
    created_by = UUID()
    created_at = Timestamptz()
    updated_at = Timestamptz()


class MembershipRow(Table, tablename="lakou_organisation_members"):
    id = UUID(primary_key=True)
    organisation = ForeignKey(OrganisationRow, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=10)
    joined_at = Timestamptz()


class InvitationRow(Table, tablename="lakou_organisation_invitations"):
    """A single-use invitation: only its token's hash is kept."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(OrganisationRow, on_delete=OnDelete.cascade, index=True)
    email = Varchar(length=254)
    role = Varchar(length=10)
    token_hash = Varchar(length=64, unique=True)
    invited_by = UUID()
    created_at = Timestamptz()
    expires_at = Timestamptz()
    accepted_at = Timestamptz(null=True, default=None)


class DocumentRow(Table, tablename="lakou_organisation_documents"):
    """A verification document, kept with its organisation (docs/decisions.md, Organisations)."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(OrganisationRow, on_delete=OnDelete.cascade, index=True)
    sha256 = Varchar(length=64)
    content_type = Varchar(length=40)
    filename = Varchar(length=200)
    size = Integer()
    content = Bytea()
    uploaded_by = UUID()
    uploaded_at = Timestamptz()


class ReviewRow(Table, tablename="lakou_organisation_reviews"):
    """The verification history: each transition, who made it and why."""

    id = UUID(primary_key=True)
    organisation = ForeignKey(OrganisationRow, on_delete=OnDelete.cascade, index=True)
    from_state = Varchar(length=20)
    to_state = Varchar(length=20)
    by = UUID()
    reason = Text()
    at = Timestamptz()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (
    OrganisationRow,
    MembershipRow,
    InvitationRow,
    DocumentRow,
    ReviewRow,
)
MIGRATIONS = (
    sql_files(FROZEN, "organisations.0001_organisations"),
    Migration("organisations.0002_former_roles_requests", organisations_for_former_roles),
)
