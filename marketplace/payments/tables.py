"""Provider notifications seen (each handled once) and the reconciliation checkpoint."""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, create_tables, run_sql


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


TABLES: tuple[type[Table], ...] = (PaymentEventRow, PaymentCheckpointRow)
MIGRATIONS = (
    Migration("payments.0001_events", create_tables(PaymentEventRow, PaymentCheckpointRow)),
    Migration(
        "payments.0002_event_once",
        run_sql(
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_payment_events_once "
            "ON lakou_payment_events (gateway, event_id)"
        ),
    ),
)
