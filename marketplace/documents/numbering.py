"""Gap-free numbers: one counter row per issuer and year, moved on inside the document's own
transaction.

The counter row is locked for the rest of the transaction (`SELECT … FOR UPDATE` on PostgreSQL;
SQLite has one writer at a time and `write_transaction` takes its lock up front), so two
allocations never read the same value, and a transaction that rolls back takes its increment
with it: the next document gets the number the failed one would have had.
"""

from __future__ import annotations

from infra.db.engine import is_postgres
from infra.ids import new_id
from marketplace.documents.tables import DocumentCounter


async def next_sequence(issuer: str, year: int) -> int:
    """The next number of `issuer` in `year`; call it inside the transaction that writes the
    document, never on its own (a committed allocation without its document is a gap)."""
    current = await _locked_counter(issuer, year)
    if current is None:
        # The year's first document: concurrent first allocations meet on the unique index;
        # the loser waits for the winner's commit and then locks the row it wrote.
        await DocumentCounter.insert(
            DocumentCounter(id=new_id(), issuer=issuer, year=year, last_number=0)
        ).on_conflict(action="DO NOTHING")
        current = await _locked_counter(issuer, year)
        assert current is not None, "the counter row exists once inserted"
    await DocumentCounter.update({DocumentCounter.last_number: current + 1}).where(
        (DocumentCounter.issuer == issuer) & (DocumentCounter.year == year)
    )
    return current + 1


async def _locked_counter(issuer: str, year: int) -> int | None:
    select = DocumentCounter.select(DocumentCounter.last_number).where(
        (DocumentCounter.issuer == issuer) & (DocumentCounter.year == year)
    )
    if is_postgres(DocumentCounter._meta.db):
        select = select.lock_rows("UPDATE")
    row = await select.first()
    return int(row["last_number"]) if row else None
