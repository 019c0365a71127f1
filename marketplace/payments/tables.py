"""Provider notifications seen (each handled once) and the reconciliation checkpoint."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, BigInt, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, run_sql, sql_files


class PaymentEventRow(Table, tablename="lakou_payment_events"):
    id = UUID(primary_key=True)
    gateway = Varchar(length=20)
    event_id = Varchar(length=100)
    kind = Varchar(length=30)
    provider_type = Varchar(length=60)
    payment_id = Varchar(length=100, null=True, default=None)
    created = BigInt()
    received_at = Timestamptz()


class PaymentCheckpointRow(Table, tablename="lakou_payment_checkpoints"):
    gateway = Varchar(length=20, primary_key=True)
    last_created = BigInt()
    updated_at = Timestamptz()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (PaymentEventRow, PaymentCheckpointRow)
MIGRATIONS = (
    sql_files(FROZEN, "payments.0001_events"),
    Migration(
        "payments.0002_event_once",
        run_sql(
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_payment_events_once "
            "ON lakou_payment_events (gateway, event_id)"
        ),
    ),
)
