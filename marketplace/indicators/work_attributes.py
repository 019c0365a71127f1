"""The works' attributes as the kept cells count them, and their re-attribution.

Breakdowns by discipline, commune, EPCI, creator and organisation read the catalogue as it is
now. The consumer records, per work, the attributes it counted the work's cells with (read from
the catalogue the first time the work moves a cell); when the catalogue says a work or a
creator changed, the work's share moves from the old values to the new ones, in the handled
event's transaction, under the work's lock (so no event of the work counts in between).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Protocol

from marketplace.indicators import cell_store
from marketplace.indicators.domain.aggregates import WorkAttributes, work_cells
from marketplace.indicators.domain.deltas import CellKey, over_grains, shares_moved
from marketplace.indicators.domain.fold import Fact
from marketplace.indicators.domain.periods import GRAINS
from marketplace.indicators.repository import FACT_COLUMNS, LIVE, facts_of_rows, raw

TABLE = "lakou_indicator_works"
_FIELDS = ("discipline", "commune", "epci", "creator", "organisation")
_IDS_PER_QUERY = 500  # under old SQLite builds' 999 bound values


class WorkDirectory(Protocol):
    """The catalogue's answer to "what discipline, commune and creator is each work?"."""

    async def attributes(self) -> Mapping[str, WorkAttributes]: ...

    async def attributes_of(self, work_ids: Iterable[str]) -> Mapping[str, WorkAttributes]: ...

    async def works_of_creator(self, creator_id: str) -> list[str]: ...


async def _stored(work_ids: list[str]) -> dict[str, WorkAttributes]:
    found: dict[str, WorkAttributes] = {}
    for start in range(0, len(work_ids), _IDS_PER_QUERY):
        chunk = work_ids[start : start + _IDS_PER_QUERY]
        rows = await raw(
            f"SELECT work_id, {', '.join(_FIELDS)} FROM {TABLE} "  # noqa: S608
            f"WHERE work_id IN ({', '.join('{}' for _ in chunk)})",
            *chunk,
        )
        for row in rows:
            found[str(row["work_id"])] = WorkAttributes(*(str(row[name]) for name in _FIELDS))
    return found


async def _store(attributes: Mapping[str, WorkAttributes]) -> None:
    for work_id, found in sorted(attributes.items()):
        values = [getattr(found, name) for name in _FIELDS]
        await raw(
            f"INSERT INTO {TABLE} (work_id, {', '.join(_FIELDS)}) "  # noqa: S608
            "VALUES ({}, {}, {}, {}, {}, {}) ON CONFLICT (work_id) DO UPDATE SET "
            + ", ".join(f"{name} = EXCLUDED.{name}" for name in _FIELDS),
            work_id,
            *values,
        )


async def stored_attributes(
    work_ids: Iterable[str], directory: WorkDirectory
) -> dict[str, WorkAttributes]:
    """The attributes the works' cells are counted with; the catalogue's for a work met for
    the first time (a work the catalogue does not know: none)."""
    ids = sorted(set(work_ids))
    found = await _stored(ids)
    missing = [work for work in ids if work not in found]
    if missing:
        fresh = await directory.attributes_of(missing)
        new = {work: fresh.get(work, WorkAttributes()) for work in missing}
        await _store(new)
        found |= new
    return found


async def reattribute(work_ids: Iterable[str], directory: WorkDirectory) -> int:
    """Move the works' shares to their catalogue attributes as they are now; the number of
    works that moved. The caller holds the works' locks (`live_cells.lock_subjects`)."""
    ids = sorted(set(work_ids))
    before = await _stored(ids)
    now = await directory.attributes_of(list(before))
    moved = 0
    for work, old in before.items():
        new = now.get(work, WorkAttributes())
        if new == old:
            continue
        await cell_store.add_to_cells(LIVE, _moved(await _diffused(work), work, old, new))
        await _store({work: new})
        moved += 1
    return moved


def _moved(
    facts: list[Fact], work: str, old: WorkAttributes, new: WorkAttributes
) -> Counter[CellKey]:
    """The work's share counted with its new attributes less with its old ones."""
    return over_grains(
        GRAINS,
        lambda grain: shares_moved(
            facts,
            facts,
            grain,
            None,
            partial(work_cells, grain=grain, works={work: old}),
            partial(work_cells, grain=grain, works={work: new}),
        ),
    )


async def _diffused(work: str) -> list[Fact]:
    """The work's supported diffusion facts, all time (its share in every period)."""
    rows = await raw(
        f"SELECT {FACT_COLUMNS} FROM {LIVE.facts} WHERE indicator = 'diffusion' "  # noqa: S608
        "AND subject = {} AND support > 0",
        work,
    )
    return facts_of_rows(rows)
