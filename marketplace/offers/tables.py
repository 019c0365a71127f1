"""Offer and discount-code rows. Only the offers repository reads and writes them."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Boolean, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, create_tables, run_sql


class OfferRow(Table, tablename="lakou_offers"):
    id = UUID(primary_key=True)
    seller_id = UUID(index=True)
    kind = Varchar(length=10)
    # Set for a single work's offer (one active per work, see the partial unique index).
    work_id = UUID(null=True, default=None, index=True)
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


TABLES: tuple[type[Table], ...] = (OfferRow, OfferWorkRow, DiscountCodeRow)
MIGRATIONS = (
    Migration("offers.0001_offers", create_tables(OfferRow, OfferWorkRow, DiscountCodeRow)),
    Migration(
        "offers.0002_one_active_offer_per_work",
        run_sql(
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_offers_one_active_per_work "
            "ON lakou_offers (work_id) WHERE active AND work_id IS NOT NULL"
        ),
    ),
)
