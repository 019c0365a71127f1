"""Cart, order and download rows. Only the orders repository reads and writes them."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, create_tables, run_sql


class CartItemRow(Table, tablename="lakou_cart_items"):
    id = UUID(primary_key=True)
    buyer_id = UUID(index=True)
    offer_id = UUID()
    offered_cents = Integer(null=True, default=None)
    added_at = Timestamptz()


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


TABLES: tuple[type[Table], ...] = (CartItemRow, OrderRow, DownloadRow)
MIGRATIONS = (
    Migration("orders.0001_orders", create_tables(CartItemRow, OrderRow, DownloadRow)),
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
)
