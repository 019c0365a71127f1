"""Mandates (rights held), licensed windows (rights sold), the precomputed availability per work
and medium, and one row per work that is locked while its rights change. Only the repository
reads and writes them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Boolean, Date, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import sql_files
from marketplace.licensing.contracts.tables import ContractRow
from marketplace.licensing.deliverables.tables import DeliverableRow, DeliveryLinkRow
from marketplace.licensing.invoicing.tables import CreditNoteRow, InvoiceRow


class WorkRightsRow(Table, tablename="lakou_licensing_work_rights"):
    """Locked (FOR UPDATE on PostgreSQL) by every change to a work's mandates or windows."""

    work_id = UUID(primary_key=True)
    version = Integer(default=0)
    release_on = Date(null=True, default=None)


class MandateRow(Table, tablename="lakou_licensing_mandates"):
    id = UUID(primary_key=True)
    work_id = UUID(index=True)
    medium = Varchar(length=20)
    language = Varchar(length=20)
    territory = Text()
    countries = JSON()
    starts_on = Date(null=True, default=None)
    ends_on = Date(null=True, default=None)
    release_offset_days = Integer(null=True, default=None)
    length_days = Integer(null=True, default=None)
    exclusive = Boolean(default=False)
    signatory_id = UUID()
    created_by = UUID()
    created_at = Timestamptz()
    # The organisation that holds the mandate (licensing.0008); NULL: the person who declared it.
    holder_org_id = UUID(null=True, default=None)


class LicensedWindowRow(Table, tablename="lakou_licensing_windows"):
    id = UUID(primary_key=True)
    work_id = UUID(index=True)
    medium = Varchar(length=20)
    language = Varchar(length=20)
    territory = Text()
    countries = JSON()
    starts_on = Date()
    ends_on = Date(null=True, default=None)
    exclusive = Boolean(default=False)
    licensee = Text()
    deal_id = UUID(null=True, default=None)  # the licence deal behind it, when deals arrive
    created_by = UUID()
    created_at = Timestamptz()


class AvailabilityRow(Table, tablename="lakou_licensing_availability"):
    """Per work and medium: the spans (a country set with its period and status)."""

    id = UUID(primary_key=True)
    work_id = UUID(index=True)
    medium = Varchar(length=20)
    spans = JSON()
    # The first day offered and the day after the last (spans not licensed): a search drops
    # the works that cannot cover its period before reading any JSON.
    offered_from = Date()
    offered_until = Date()
    version = Integer(default=0)


class DealRow(Table, tablename="lakou_licensing_deals"):
    """A licence deal from the partner's request to its licensed window (`deals/domain.py`)."""

    id = UUID(primary_key=True)
    work_id = UUID(index=True)
    medium = Varchar(length=20)
    language = Varchar(length=20)
    territory = Text()
    countries = JSON()
    starts_on = Date()
    ends_on = Date(null=True, default=None)
    exclusive = Boolean(default=False)
    partner_org_id = UUID(index=True)
    partner_user_id = UUID(index=True)
    licensee = Text()
    rights_user_id = UUID(index=True)
    signatory_id = UUID()
    intended_use = Text()
    budget_cents = Integer(null=True, default=None)
    state = Varchar(length=20)
    price_cents = Integer(null=True, default=None)
    terms = Text(default="")
    offer_expires_at = Timestamptz(null=True, default=None)
    note = Text(default="")
    order_id = UUID(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    # The partner organisation's member who pays (licensing.0006); NULL: the one who asked.
    payer_user_id = UUID(null=True, default=None)
    # The organisation holding the mandate the deal was asked under (licensing.0008): its
    # members are the rights side; NULL: the work's owner, as before.
    rights_org_id = UUID(null=True, default=None, index=True)


class SyncTierRow(Table, tablename="lakou_licensing_sync_tiers"):
    """A music work's ready-made sync tier as its rights holder set it (`sync/domain.py`);
    a tier without a row is offered at its default price."""

    id = UUID(primary_key=True)  # derived from the work and the tier: one row each
    work_id = UUID(index=True)
    tier = Varchar(length=20)
    price_cents = Integer()
    master_bp = Integer()
    offered = Boolean(default=True)
    updated_by = UUID()
    updated_at = Timestamptz()


class SyncLicenceRow(Table, tablename="lakou_licensing_sync_licences"):
    """A ready-made sync licence bought by a partner, its tier's terms copied when bought."""

    id = UUID(primary_key=True)
    work_id = UUID(index=True)
    work_title = Text()
    tier = Varchar(length=20)
    price_cents = Integer()
    master_bp = Integer()
    medium = Varchar(length=20)
    territory = Text()
    term_months = Integer(null=True, default=None)
    use = Text()
    licensee = Text()
    partner_org_id = UUID(index=True)
    buyer_id = UUID(index=True)
    seller_id = UUID(index=True)
    state = Varchar(length=20)
    order_id = UUID(null=True, default=None)
    starts_on = Date(null=True, default=None)
    number = Varchar(length=40, default="")
    created_at = Timestamptz()
    # Billed to the buyer's verified organisation, the VAT rule fixed when bought
    # (`licensing.0007_sync_invoices`; "" for licences bought before: the consumer rate).
    billing_country = Varchar(length=2, default="")
    billing_address = Text(default="")  # lines joined by newlines
    buyer_vat_number = Varchar(length=20, default="")
    vies = Varchar(length=12, default="")
    vies_name = Text(default="")
    vat_rule = Varchar(length=30, default="")


FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (
    WorkRightsRow,
    MandateRow,
    LicensedWindowRow,
    AvailabilityRow,
    DealRow,
    SyncTierRow,
    SyncLicenceRow,
    ContractRow,
    InvoiceRow,
    CreditNoteRow,
    DeliverableRow,
    DeliveryLinkRow,
)
MIGRATIONS = (
    sql_files(FROZEN, "licensing.0001_rights"),
    sql_files(FROZEN, "licensing.0002_deals"),
    sql_files(FROZEN, "licensing.0003_contracts"),
    sql_files(FROZEN, "licensing.0004_sync_tiers"),
    sql_files(FROZEN, "licensing.0005_credit_notes"),
    sql_files(FROZEN, "licensing.0006_deal_payer"),
    sql_files(FROZEN, "licensing.0007_sync_invoices"),
    sql_files(FROZEN, "licensing.0008_mandate_organisation"),
)
