"""The log read for the batch fold: one streamed query, each page folded while the next is read.

The rebuild reads every folded event of the outbox's history once. Paging by id with piccolo
(one query per page, each row converted to UUIDs and datetimes by the driver, then wrapped as
an envelope) cost as much CPU as folding the events. Here the whole history is one query on
one connection, read in pages through a cursor (PostgreSQL: a server-side cursor in a
read-only transaction; SQLite: the statement stepped by aiosqlite's thread), with no order (the
fold does not depend on it) and the columns cast to text so the SQLite driver runs no
converter; only what the fold reads is decoded (the payload by msgspec). The next page is asked for before the current
one is handed out, so the database (PostgreSQL's process, or SQLite's thread) reads it while
the caller folds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

import msgspec

from infra.db.engine import is_postgres
from marketplace.indicators.domain.fold import FOLDED
from marketplace.indicators.tables import FactRow

# msgspec decodes a payload to the same dicts as `json.loads`, in a third of the time.
_decode = msgspec.json.Decoder().decode


class LoggedEvent(NamedTuple):
    """What the fold reads of a logged event (its `Event` protocol), the id as text."""

    id: str
    type: str
    payload: Mapping[str, Any]
    occurred_at: datetime


def _logged(row: Mapping[str, Any]) -> LoggedEvent:
    payload, occurred_at = row["payload"], row["occurred_at"]
    if isinstance(payload, str | bytes):
        payload = _decode(payload)
    if isinstance(occurred_at, str):
        occurred_at = datetime.fromisoformat(occurred_at)
    if occurred_at.tzinfo is None:  # SQLite keeps what it was given: UTC, as piccolo reads it
        occurred_at = occurred_at.replace(tzinfo=UTC)
    return LoggedEvent(str(row["id"]), row["event_type"], payload, occurred_at)


async def logged_pages(
    page: int = 5000, types: Sequence[str] = FOLDED
) -> AsyncIterator[list[LoggedEvent]]:
    """Every logged event of the given types (sent or not), page by page, in no order."""
    db = FactRow._meta.db
    postgres = is_postgres(db)
    marks = ", ".join(f"${n + 1}" if postgres else "?" for n in range(len(types)))
    id_text = "id::text AS id" if postgres else "CAST(id AS TEXT) AS id"
    when = "occurred_at" if postgres else "CAST(occurred_at AS TEXT) AS occurred_at"
    # SQLite would walk the event type's index and look every row up: a plain scan is faster
    # when nearly every row is wanted ("+" keeps the index out).
    plus = "" if postgres else "+"
    sql = (
        f"SELECT {id_text}, event_type, payload, {when} FROM lakou_outbox "  # noqa: S608
        f"WHERE {plus}event_type IN ({marks})"
    )
    async with db.transaction():
        transaction = db.current_transaction.get()
        assert transaction is not None
        connection = transaction.connection
        fetch: Callable[[], Awaitable[Sequence[Mapping[str, Any]]]]
        if postgres:
            cursor = await connection.cursor(sql, *types)

            def fetch() -> Awaitable[Sequence[Mapping[str, Any]]]:
                return cursor.fetch(page)  # type: ignore[no-any-return]
        else:
            cursor = await connection.execute(sql, tuple(types))

            def fetch() -> Awaitable[Sequence[Mapping[str, Any]]]:
                return cursor.fetchmany(page)  # type: ignore[no-any-return]

        pending = asyncio.ensure_future(fetch())
        try:
            while rows := await pending:
                pending = asyncio.ensure_future(fetch())
                yield [_logged(row) for row in rows]
        finally:
            # A read left in flight (the caller stopped early) ends before the transaction.
            with contextlib.suppress(Exception):
                await pending
            if not postgres:
                await cursor.close()
