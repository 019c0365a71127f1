"""The published cells as kept per period, and the marks of the periods to count again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from marketplace.indicators.domain.aggregates import Cell
from marketplace.indicators.domain.stale import from_stale_key, stale_key
from marketplace.indicators.repository import Tables, raw

SEPARATOR = "\x1f"
NEW_MARKETS = "new_markets"
_COLUMNS = "key, grain, period, indicator, dimension, value, figure, suppressed"
_ROWS_PER_INSERT = 100  # 8 values a row, under old SQLite builds' 999 bound values
STALE = "lakou_indicator_stale"


class Kept(NamedTuple):
    """A cell as kept: its figure, and whether suppression withholds it."""

    grain: str
    cell: Cell
    suppressed: bool


class Mark(NamedTuple):
    grain: str
    period: str
    marked_by: str


async def _insert(tables: Tables, kept: Sequence[Kept]) -> None:
    for start in range(0, len(kept), _ROWS_PER_INSERT):
        chunk = kept[start : start + _ROWS_PER_INSERT]
        values: list[Any] = []
        for grain, cell, suppressed in chunk:
            key = SEPARATOR.join((grain, cell.period, cell.indicator, cell.dimension, cell.value))
            values += [key, grain, cell.period, cell.indicator, cell.dimension, cell.value]
            values += [cell.figure, suppressed]
        await raw(
            f"INSERT INTO {tables.cells} ({_COLUMNS}) VALUES "  # noqa: S608
            + ", ".join("({}, {}, {}, {}, {}, {}, {}, {})" for _ in chunk),
            *values,
        )


async def replace_period(tables: Tables, grain: str, period: str, kept: Sequence[Kept]) -> None:
    """The period's cells (all but the new markets, kept by `replace_new_markets`)."""
    await raw(
        f"DELETE FROM {tables.cells} WHERE grain = {{}} AND period = {{}} "  # noqa: S608
        "AND indicator <> {}",
        grain,
        period,
        NEW_MARKETS,
    )
    await _insert(tables, kept)


async def replace_new_markets(tables: Tables, kept: Sequence[Kept]) -> None:
    await raw(f"DELETE FROM {tables.cells} WHERE indicator = {{}}", NEW_MARKETS)  # noqa: S608
    await _insert(tables, kept)


async def read(tables: Tables, grain: str | None = None, periods: Iterable[str] = ()) -> list[Kept]:
    """The kept cells of a grain (every grain: None), of some periods only if any are given."""
    where, values = [], []
    if grain is not None:
        where.append("grain = {}")
        values.append(grain)
    chosen = sorted(set(periods))
    if chosen:
        where.append(f"period IN ({', '.join('{}' for _ in chosen)})")
        values += chosen
    rows = await raw(
        f"SELECT grain, period, indicator, dimension, value, figure, suppressed "  # noqa: S608
        f"FROM {tables.cells}" + (f" WHERE {' AND '.join(where)}" if where else ""),
        *values,
    )
    return sorted(
        Kept(
            str(r["grain"]),
            Cell(r["indicator"], r["period"], r["dimension"], r["value"], int(r["figure"])),
            bool(r["suppressed"]),
        )
        for r in rows
    )


async def mark_stale(periods: Iterable[tuple[str, str]], marked_by: str) -> None:
    """Mark periods to count again; in the consumer's transaction, in a fixed order (two
    consumers marking the same periods wait for each other instead of deadlocking)."""
    keys = sorted(stale_key(grain, period) for grain, period in periods)
    for start in range(0, len(keys), _ROWS_PER_INSERT):
        chunk = keys[start : start + _ROWS_PER_INSERT]
        await raw(
            f"INSERT INTO {STALE} (key, marked_by) VALUES "  # noqa: S608
            + ", ".join("({}, {})" for _ in chunk)
            + " ON CONFLICT (key) DO UPDATE SET marked_by = EXCLUDED.marked_by",
            *(value for key in chunk for value in (key, marked_by)),
        )


async def stale_marks() -> list[Mark]:
    rows = await raw(f"SELECT key, marked_by FROM {STALE}")  # noqa: S608
    return sorted(Mark(*from_stale_key(str(r["key"])), str(r["marked_by"])) for r in rows)


async def clear_mark(mark: Mark) -> None:
    """Remove the mark unless an event marked the period again meanwhile."""
    await raw(
        f"DELETE FROM {STALE} WHERE key = {{}} AND marked_by = {{}}",  # noqa: S608
        stale_key(mark.grain, mark.period),
        mark.marked_by,
    )
