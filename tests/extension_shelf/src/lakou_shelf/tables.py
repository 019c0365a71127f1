"""The shelf's tables: pins, and the works it saw published."""

from __future__ import annotations

from piccolo.columns import UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, run_sql


class PinRow(Table, tablename="lakou_shelf_pins"):
    id = UUID(primary_key=True)
    owner_id = UUID(index=True)
    work_id = UUID()
    pinned_at = Timestamptz()


class SeenWorkRow(Table, tablename="lakou_shelf_seen_works"):
    id = UUID(primary_key=True)  # the event id
    work_id = UUID()
    seen_at = Timestamptz()


class PassRow(Table, tablename="lakou_shelf_passes"):
    """A supporter pass a creator sells for their shelf: sold through the orders' Sellable."""

    id = UUID(primary_key=True)
    seller_id = UUID(index=True)
    title = Varchar(length=120)
    price_cents = Integer()


class PassHolderRow(Table, tablename="lakou_shelf_pass_holders"):
    id = UUID(primary_key=True)
    pass_id = UUID(index=True)
    buyer_id = UUID(index=True)
    source = Varchar(length=60)  # the purchase that granted it


TABLES: tuple[type[Table], ...] = (PinRow, SeenWorkRow, PassRow, PassHolderRow)
MIGRATIONS = (
    Migration(
        "shelf.0001_pins",
        run_sql(
            "CREATE TABLE lakou_shelf_pins (id UUID PRIMARY KEY, owner_id UUID NOT NULL, "
            "work_id UUID NOT NULL, pinned_at TIMESTAMP WITH TIME ZONE NOT NULL)",
            "CREATE INDEX lakou_shelf_pins_owner ON lakou_shelf_pins (owner_id)",
            "CREATE TABLE lakou_shelf_seen_works (id UUID PRIMARY KEY, work_id UUID NOT NULL, "
            "seen_at TIMESTAMP WITH TIME ZONE NOT NULL)",
        ),
    ),
    Migration(
        "shelf.0002_passes",
        run_sql(
            "CREATE TABLE lakou_shelf_passes (id UUID PRIMARY KEY, seller_id UUID NOT NULL, "
            "title VARCHAR(120) NOT NULL, price_cents INTEGER NOT NULL)",
            "CREATE TABLE lakou_shelf_pass_holders (id UUID PRIMARY KEY, "
            "pass_id UUID NOT NULL, buyer_id UUID NOT NULL, source VARCHAR(60) NOT NULL)",
            # One grant per pass and purchase: a settlement run twice grants once.
            "CREATE UNIQUE INDEX lakou_shelf_pass_holders_once "
            "ON lakou_shelf_pass_holders (pass_id, source)",
        ),
    ),
)
