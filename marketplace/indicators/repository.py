"""The indicators' rows: facts upserted with their support, orders' records, the log read back.

Plain SQL where piccolo would build a Table instance per row (the rebuild writes a million),
written once for both engines: `ON CONFLICT ... DO UPDATE` is PostgreSQL's and SQLite's.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from infra.db.engine import is_postgres
from infra.db.values import as_json
from infra.events.envelope import EventEnvelope
from infra.events.relay import envelope_of
from infra.events.tables import OutboxMessage
from marketplace.indicators.domain.fold import FOLDED, Fact, OrderRecord
from marketplace.indicators.tables import FactRow

SEPARATOR = "\x1f"
_COLUMNS = "key, indicator, day, subject, channel, country, country_source, member_kind, support"
# SQLite allows 999 bound values per statement in old builds: 100 rows of 9.
_ROWS_PER_INSERT = 100


class Tables:
    """One set of fact, order and cell tables: the live one or the rebuilt one."""

    def __init__(self, facts: str, orders: str, cells: str) -> None:
        self.facts = facts
        self.orders = orders
        self.cells = cells


LIVE = Tables("lakou_indicator_facts", "lakou_indicator_orders", "lakou_indicator_cells")
REBUILT = Tables(
    "lakou_indicator_facts_rebuilt",
    "lakou_indicator_orders_rebuilt",
    "lakou_indicator_cells_rebuilt",
)


FACT_COLUMNS = "indicator, day, subject, channel, country, country_source, member_kind"


def facts_of_rows(rows: Iterable[Mapping[str, Any]]) -> list[Fact]:
    return [
        Fact(
            str(r["indicator"]),
            str(r["day"]),
            str(r["subject"]),
            str(r["channel"]),
            str(r["country"]),
            str(r["country_source"]),
            str(r["member_kind"]),
        )
        for r in rows
    ]


def fact_key(fact: Fact) -> str:
    return SEPARATOR.join(fact)


async def raw(sql: str, *values: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await FactRow.raw(sql, *values)
    return rows


async def add_support(tables: Tables, deltas: Mapping[Fact, int]) -> dict[Fact, int]:
    """Add each delta to its fact's support; two consumers adding at once both add. Returns
    the changed facts' supports after."""
    items = [(fact, delta) for fact, delta in deltas.items() if delta]
    by_key = {fact_key(fact): fact for fact, _ in items}
    after: dict[Fact, int] = {}
    for start in range(0, len(items), _ROWS_PER_INSERT):
        chunk = items[start : start + _ROWS_PER_INSERT]
        placeholders = ", ".join("({}, {}, {}, {}, {}, {}, {}, {}, {})" for _ in chunk)
        values = [v for fact, delta in chunk for v in (fact_key(fact), *fact, delta)]
        rows = await raw(
            f"INSERT INTO {tables.facts} ({_COLUMNS}) VALUES {placeholders} "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET support = {tables.facts}.support + EXCLUDED.support "
            "RETURNING key, support",
            *values,
        )
        after |= {by_key[str(row["key"])]: int(row["support"]) for row in rows}
    return after


_FACT_COLUMNS = tuple(column.strip() for column in _COLUMNS.split(","))


async def insert_facts(tables: Tables, facts: Mapping[Fact, int]) -> None:
    """The rebuild's facts into its cleared table (see `bulk`)."""
    rows = [(fact_key(fact), *fact, support) for fact, support in facts.items() if support]
    await bulk(tables.facts, _FACT_COLUMNS, rows)


async def insert_orders(tables: Tables, records: Mapping[str, OrderRecord]) -> None:
    """The rebuild's order records into its cleared table (see `bulk`)."""
    rows = [(order_id, json.dumps(record.to_json())) for order_id, record in records.items()]
    await bulk(tables.orders, ("order_id", "record"), rows)


async def bulk(table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows into a cleared table on the open transaction's own connection: COPY on
    PostgreSQL, one prepared `executemany` on SQLite. Piccolo's query strings cost more than
    the database here (every one of a million bound values checked in Python). The rows go in
    their first column's order (the primary key in every caller): the key's b-tree is then
    appended to instead of split at random places."""
    rows.sort(key=itemgetter(0))
    db = FactRow._meta.db
    transaction = db.current_transaction.get()
    if transaction is None:
        raise RuntimeError("bulk inserts run inside the rebuild's transaction")
    if is_postgres(db):
        await transaction.connection.copy_records_to_table(
            table, records=rows, columns=list(columns)
        )
        return
    marks = ", ".join("?" for _ in columns)
    await transaction.connection.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
        rows,
    )


# SQLite's page cache for a bulk write's connection (negative: KiB): 64 MB instead of 2 MB.
_BULK_CACHE_KIB = 65536


async def roomy_cache() -> None:
    """In a bulk write's transaction (SQLite: its own connection, closed after): a page cache
    that holds the tables' growing b-trees, instead of spilling pages to the write-ahead log
    as they fill (an eighth of the rebuild's writing CPU, a third of its wall time at 200,000
    events). PostgreSQL's buffers are the server's: nothing to do."""
    if not is_postgres(FactRow._meta.db):
        await raw(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")


async def lock_order(tables: Tables, order_id: str) -> OrderRecord:
    """The order's record, locked until the caller's transaction ends (made if missing)."""
    await raw(
        f"INSERT INTO {tables.orders} (order_id, record) VALUES ({{}}, {{}}) "  # noqa: S608
        "ON CONFLICT (order_id) DO NOTHING",
        order_id,
        json.dumps(OrderRecord().to_json()),
    )
    lock = " FOR UPDATE" if is_postgres(FactRow._meta.db) else ""
    rows = await raw(
        f"SELECT record FROM {tables.orders} WHERE order_id = {{}}{lock}",  # noqa: S608
        order_id,
    )
    return OrderRecord.from_json(as_json(rows[0]["record"]))


async def save_orders(tables: Tables, records: Mapping[str, OrderRecord]) -> None:
    items = list(records.items())
    for start in range(0, len(items), _ROWS_PER_INSERT):
        chunk = items[start : start + _ROWS_PER_INSERT]
        await raw(
            f"INSERT INTO {tables.orders} (order_id, record) VALUES "  # noqa: S608
            + ", ".join("({}, {})" for _ in chunk)
            + " ON CONFLICT (order_id) DO UPDATE SET record = EXCLUDED.record",
            *(v for order_id, record in chunk for v in (order_id, json.dumps(record.to_json()))),
        )


async def clear(tables: Tables) -> None:
    await raw(f"DELETE FROM {tables.facts}")  # noqa: S608
    await raw(f"DELETE FROM {tables.orders}")  # noqa: S608
    await raw(f"DELETE FROM {tables.cells}")  # noqa: S608


async def supports(tables: Tables) -> dict[Fact, int]:
    """Every fact still supported (a refunded sale leaves rows at zero: they count for nothing)."""
    rows = await raw(
        f"SELECT indicator, day, subject, channel, country, country_source, member_kind, "  # noqa: S608
        f"support FROM {tables.facts} WHERE support <> 0"
    )
    return {
        Fact(
            r["indicator"],
            r["day"],
            r["subject"],
            r["channel"],
            r["country"],
            r["country_source"],
            r["member_kind"],
        ): int(r["support"])
        for r in rows
    }


async def orders(tables: Tables) -> dict[str, OrderRecord]:
    rows = await raw(f"SELECT order_id, record FROM {tables.orders}")  # noqa: S608
    return {str(r["order_id"]): OrderRecord.from_json(as_json(r["record"])) for r in rows}


async def history(page: int = 5000, types: Sequence[str] = FOLDED) -> AsyncIterator[EventEnvelope]:
    """The outbox's history of the folded events, page by page in id order (sent or not)."""
    after: Any = None
    while True:
        query = (
            OutboxMessage.select(
                OutboxMessage.id,
                OutboxMessage.event_type,
                OutboxMessage.aggregate_id,
                OutboxMessage.payload,
                OutboxMessage.occurred_at,
            )
            .where(OutboxMessage.event_type.is_in(list(types)))
            .order_by(OutboxMessage.id)
            .limit(page)
        )
        if after is not None:
            query = query.where(OutboxMessage.id > after)
        rows: Iterable[dict[str, Any]] = await query
        rows = list(rows)
        for row in rows:
            yield envelope_of(row)
        if len(rows) < page:
            return
        after = rows[-1]["id"]
