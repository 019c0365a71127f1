"""`lakou indicators rebuild --replace`: the log folded afresh becomes the live tables, while
events keep arriving, none lost and none counted twice.

The log is folded without holding anything. Then, in one transaction:
1. every folded event gets the live consumer's handled mark (`ON CONFLICT DO NOTHING`): a
   delivery still to come of an event the fold read now does nothing, and one in flight is
   waited for (it commits first; its effect is in the fold anyway). Done before any table is
   locked, so a consumer holding its mark is never waiting on us while we wait on it;
2. the live tables are locked (PostgreSQL; SQLite's writer lock is the transaction's): a
   consumer that has not written yet waits and applies its event to the new tables after;
3. the events some consumer handled that the fold did not read (they arrived meanwhile) are
   read from the log and folded in;
4. facts, orders and cells are written whole, the works' recorded attributes cleared (the
   cells were counted with the catalogue's, which the consumer reads again on demand), and the
   cells' version bumped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from infra.db.engine import is_postgres, write_transaction
from infra.events.relay import envelope_of
from infra.events.tables import HandledEvent, OutboxMessage
from infra.ids import new_id
from marketplace.indicators import cell_store, repository
from marketplace.indicators.cell_store import kept
from marketplace.indicators.domain.batch import every_cell
from marketplace.indicators.domain.fold import Fold
from marketplace.indicators.log_reader import logged_pages
from marketplace.indicators.repository import LIVE, raw
from marketplace.indicators.tables import FactRow
from marketplace.indicators.work_attributes import TABLE as WORKS
from marketplace.indicators.work_attributes import WorkDirectory

_IDS_PER_QUERY = 500


async def fold_log(page: int = 5000) -> Fold:
    fold = Fold()
    async for events in logged_pages(page):
        fold.add_all(events)
    return fold


async def replace_live(fold: Fold, consumer: str, works: WorkDirectory) -> int:
    """Make `fold` (the log as read) the live tables; returns how many events handled
    meanwhile were folded in."""
    async with write_transaction(FactRow._meta.db):
        await repository.roomy_cache()
        await _mark_handled(consumer, sorted(fold.seen))
        if is_postgres(FactRow._meta.db):
            # Readers of the cells go on; the works' attributes are read by consumers before
            # they write, so nobody reads them until the new figures are in.
            await raw(f"LOCK TABLE {LIVE.facts}, {LIVE.orders}, {LIVE.cells} IN EXCLUSIVE MODE")
            await raw(f"LOCK TABLE {WORKS} IN ACCESS EXCLUSIVE MODE")
        late = await _handled_but_not_folded(consumer, fold.seen)
        for event in late:
            fold.add(event)
        facts = fold.facts()
        attributes = await works.attributes()
        cells = [
            row
            for grain, found in every_cell(facts, attributes).items()
            for row in kept(grain, found)
        ]
        for table in (LIVE.facts, LIVE.orders, LIVE.cells, WORKS):
            await raw(f"DELETE FROM {table}")  # noqa: S608
        await repository.insert_facts(LIVE, facts)
        await repository.insert_orders(LIVE, fold.orders)
        await cell_store.write_all(LIVE, cells)
        await cell_store.bump_version()
    return len(late)


async def _mark_handled(consumer: str, event_ids: list[str]) -> None:
    now = datetime.now(UTC)
    rows = [(new_id(), consumer, UUID(event_id), now) for event_id in event_ids]
    # Statements of many rows, not COPY: COPY cannot skip the rows already marked.
    for start in range(0, len(rows), _IDS_PER_QUERY):
        chunk = rows[start : start + _IDS_PER_QUERY]
        await raw(
            "INSERT INTO lakou_handled_events (id, consumer, event_id, handled_at) VALUES "  # noqa: S608
            + ", ".join("({}, {}, {}, {})" for _ in chunk)
            + " ON CONFLICT DO NOTHING",
            *(value for row in chunk for value in row),
        )


async def _handled_but_not_folded(consumer: str, folded: set[str]) -> list[Any]:
    rows = await HandledEvent.select(HandledEvent.event_id).where(HandledEvent.consumer == consumer)
    missing = sorted(str(row["event_id"]) for row in rows if str(row["event_id"]) not in folded)
    found = []
    for start in range(0, len(missing), _IDS_PER_QUERY):
        chunk = missing[start : start + _IDS_PER_QUERY]
        for row in await OutboxMessage.select(
            OutboxMessage.id,
            OutboxMessage.event_type,
            OutboxMessage.aggregate_id,
            OutboxMessage.payload,
            OutboxMessage.occurred_at,
        ).where(OutboxMessage.id.is_in(chunk)):
            found.append(envelope_of(row))
    return found
