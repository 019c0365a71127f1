"""Tables of the event kernel: the transactional outbox and the consumers' ledger."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, run_sql, sql_files


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


class OutboxDelivery(Table, tablename="lakou_outbox_deliveries"):
    """One event handed to one consumer: sent by the relay, done when the consumer's actor
    finished. A delivery sent long ago and not done was lost on the way (a broker restarted
    without its data, a worker killed after its retries ran out) and is sent again."""

    id = UUID(primary_key=True)
    event_id = UUID()
    actor = Varchar(length=200)
    queue = Varchar(length=100)
    sent_at = Timestamptz()
    # When it counts as lost if still not done: the sending plus the consumer's patience.
    due_at = Timestamptz()
    done_at = Timestamptz(null=True, default=None)
    attempts = Integer(default=1)


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (OutboxMessage, HandledEvent, OutboxDelivery)

MIGRATIONS = (
    sql_files(FROZEN, "events.0001_outbox"),
    Migration(
        "events.0002_handled_once",
        run_sql(
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_handled_events_once "
            "ON lakou_handled_events (consumer, event_id)"
        ),
    ),
    sql_files(FROZEN, "events.0003_deliveries"),
    sql_files(FROZEN, "events.0004_unsent_index"),
)
