"""Offer and discount-code rows. Only the offers repository reads and writes them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Boolean, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, run_sql, sql_files


class OfferRow(Table, tablename="lakou_offers"):
    id = UUID(primary_key=True)
    seller_id = UUID(index=True)
    kind = Varchar(length=10)
    # Set for a single work's offer (one active per work and scope: a partial unique index).
    work_id = UUID(null=True, default=None, index=True)
    # "everywhere", or "market:<id>" for a price that applies in one market's window.
    scope_key = Varchar(length=60, default="everywhere")
    market_id = UUID(null=True, default=None)
    starts_at = Timestamptz(null=True, default=None)
    ends_at = Timestamptz(null=True, default=None)
    work_ids = JSON()
    work_weights = JSON()
    pricing = Varchar(length=20)
    price_cents = Integer()
    minimum_cents = Integer()
    title = Varchar(length=200)
    active = Boolean(default=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class OfferWorkRow(Table, tablename="lakou_offer_works"):
    """Which offers (bundles included) contain a work."""

    id = UUID(primary_key=True)
    offer_id = UUID(index=True)
    work_id = UUID(index=True)


class DiscountCodeRow(Table, tablename="lakou_discount_codes"):
    id = UUID(primary_key=True)
    code = Varchar(length=40, unique=True)
    kind = Varchar(length=10)
    value = Integer()
    issuer_id = UUID(index=True)
    seller_id = UUID(null=True, default=None)
    max_uses = Integer(null=True, default=None)
    used = Integer(default=0)
    expires_at = Timestamptz(null=True, default=None)
    stackable = Boolean(default=False)
    created_at = Timestamptz()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (OfferRow, OfferWorkRow, DiscountCodeRow)
MIGRATIONS = (
    sql_files(FROZEN, "offers.0001_offers"),
    Migration(
        "offers.0002_one_active_offer_per_work",
        run_sql(
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_offers_one_active_per_work "
            "ON lakou_offers (work_id) WHERE active AND work_id IS NOT NULL"
        ),
    ),
    sql_files(FROZEN, "offers.0003_scoped_offers"),
)
