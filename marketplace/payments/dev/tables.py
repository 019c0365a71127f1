"""Test payments of the embedded default: stored so a restart or another process sees them."""

from __future__ import annotations

from piccolo.columns import UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, create_tables


class DevPaymentRow(Table, tablename="lakou_test_payments"):
    id = Varchar(length=60, primary_key=True)
    order_id = UUID(index=True)
    idempotency_key = Varchar(length=100, unique=True)
    amount_cents = Integer()
    currency = Varchar(length=3)
    status = Varchar(length=20)
    failure_code = Varchar(length=40, null=True, default=None)
    refunded_cents = Integer(default=0)
    client_secret = Varchar(length=80)
    created_at = Timestamptz()


TABLES: tuple[type[Table], ...] = (DevPaymentRow,)
MIGRATIONS = (Migration("payments.0003_test_payments", create_tables(DevPaymentRow)),)
