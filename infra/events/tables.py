"""Tables of the event kernel: the transactional outbox and the consumers' ledger."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, create_tables, run_sql


class OutboxMessage(Table, tablename="lakou_outbox"):
    # The event id; time-ordered, so ordering by it delivers events in commit-ish order.
    id = UUID(primary_key=True)
    event_type = Varchar(length=100)
    aggregate_id = UUID()
    payload = JSON()
    occurred_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None, index=True)
    attempts = Integer(default=0)


class HandledEvent(Table, tablename="lakou_handled_events"):
    id = UUID(primary_key=True)
    consumer = Varchar(length=100)
    event_id = UUID()
    handled_at = Timestamptz()


TABLES: tuple[type[Table], ...] = (OutboxMessage, HandledEvent)

MIGRATIONS = (
    Migration("events.0001_outbox", create_tables(OutboxMessage, HandledEvent)),
    Migration(
        "events.0002_handled_once",
        run_sql(
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_handled_events_once "
            "ON lakou_handled_events (consumer, event_id)"
        ),
    ),
)
