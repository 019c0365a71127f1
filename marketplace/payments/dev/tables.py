"""Test payments of the embedded default: stored so a restart or another process sees them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import sql_files


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


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (DevPaymentRow,)
MIGRATIONS = (sql_files(FROZEN, "payments.0003_test_payments"),)
