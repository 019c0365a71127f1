"""Cart, order and download rows. Only the orders repository reads and writes them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, run_sql, sql_files


class CartItemRow(Table, tablename="lakou_cart_items"):
    id = UUID(primary_key=True)
    buyer_id = UUID(index=True)
    # What is in the cart: an item of one module's Sellable (`offer`: a work or a bundle).
    item_id = UUID()
    offered_cents = Integer(null=True, default=None)
    added_at = Timestamptz()
    item_kind = Varchar(length=40, default="offer")


class OrderRow(Table, tablename="lakou_orders"):
    id = UUID(primary_key=True)
    buyer_id = UUID(index=True)
    buyer_country = Varchar(length=2)
    status = Varchar(length=20, index=True)
    lines = JSON()  # the lines exactly as sold (see marketplace/orders/domain.py OrderLine)
    total_cents = Integer()
    currency = Varchar(length=3)
    checkout_key = Varchar(length=100)
    gateway = Varchar(length=20, null=True, default=None)
    payment_id = Varchar(length=100, null=True, default=None)
    payment_fee_cents = Integer(default=0)
    refunded_cents = Integer(default=0)
    discount_code_ids = JSON()
    review_reason = Varchar(length=60, null=True, default=None)
    failure_reason = Varchar(length=200, null=True, default=None)
    vat_table_version = Varchar(length=40)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    paid_at = Timestamptz(null=True, default=None)


class DownloadRow(Table, tablename="lakou_downloads"):
    id = UUID(primary_key=True)
    order_id = UUID(index=True)
    work_id = UUID()
    buyer_id = UUID()
    role = Varchar(length=40)
    created_at = Timestamptz()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (CartItemRow, OrderRow, DownloadRow)
MIGRATIONS = (
    sql_files(FROZEN, "orders.0001_orders"),
    Migration(
        "orders.0002_unique_keys",
        run_sql(
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_cart_items_once "
            "ON lakou_cart_items (buyer_id, offer_id)",
            # A double click sends the same checkout key: one order, never two.
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_orders_checkout_once "
            "ON lakou_orders (buyer_id, checkout_key)",
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_orders_payment_once "
            "ON lakou_orders (payment_id) WHERE payment_id IS NOT NULL",
        ),
    ),
    sql_files(FROZEN, "orders.0003_cart_any_sellable"),
)
