"""The published cells as kept: moved by the consumer, written whole by the rebuild, and the
version every change bumps (the read cache's key)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from marketplace.indicators.domain.aggregates import PEOPLE_INDICATORS, Cell
from marketplace.indicators.domain.deltas import CellKey
from marketplace.indicators.domain.suppression import publishable
from marketplace.indicators.repository import LIVE, Tables, bulk, raw

SEPARATOR = "\x1f"
NEW_MARKETS = "new_markets"
_COLUMNS = "key, grain, period, indicator, dimension, value, figure, suppressed"
_ROWS_PER_INSERT = 100  # 8 values a row, under old SQLite builds' 999 bound values
VERSION = "lakou_indicator_version"


class Kept(NamedTuple):
    """A cell as kept: its figure, and whether suppression withholds it."""

    grain: str
    cell: Cell
    suppressed: bool


def cell_key(grain: str, indicator: str, period: str, dimension: str, value: str) -> str:
    return SEPARATOR.join((grain, period, indicator, dimension, value))


def kept(grain: str, cells: Iterable[Cell]) -> list[Kept]:
    """A grain's cells with suppression applied (computed once per change of the cells)."""
    return [Kept(grain, cell, not shown) for cell, shown in publishable(cells)]


async def write_all(tables: Tables, kept_cells: Sequence[Kept]) -> None:
    """Every cell into a cleared table (the rebuild's), in the open transaction."""
    rows = [
        (
            cell_key(grain, *cell[:4]),
            grain,
            cell.period,
            cell.indicator,
            cell.dimension,
            cell.value,
            cell.figure,
            suppressed,
        )
        for grain, cell, suppressed in kept_cells
    ]
    await bulk(tables.cells, tuple(c.strip() for c in _COLUMNS.split(",")), rows)


async def add_to_cells(tables: Tables, change: Mapping[CellKey, int]) -> None:
    """Move cells by `change` (a cell at zero goes), suppression recounted in the periods of
    people counts it touched, and the version bumped (live cells only). In key order: two
    consumers moving the same cells wait for each other instead of deadlocking."""
    moved = sorted((cell_key(*key), key, figure) for key, figure in change.items() if figure)
    if not moved:
        return
    for start in range(0, len(moved), _ROWS_PER_INSERT):
        chunk = moved[start : start + _ROWS_PER_INSERT]
        values: list[Any] = []
        for key, (grain, indicator, period, dimension, value), figure in chunk:
            values += [key, grain, period, indicator, dimension, value, figure, False]
        await raw(
            f"INSERT INTO {tables.cells} ({_COLUMNS}) VALUES "  # noqa: S608
            + ", ".join("({}, {}, {}, {}, {}, {}, {}, {})" for _ in chunk)
            + f" ON CONFLICT (key) DO UPDATE SET figure = {tables.cells}.figure + EXCLUDED.figure",
            *values,
        )
        await raw(
            f"DELETE FROM {tables.cells} WHERE figure = 0 AND key IN "  # noqa: S608
            f"({', '.join('{}' for _ in chunk)})",
            *(key for key, _, _ in chunk),
        )
    people = sorted(
        {
            (grain, period)
            for _, (grain, indicator, period, _, _), _ in moved
            if indicator in PEOPLE_INDICATORS
        }
    )
    for grain, period in people:
        await _suppress(tables, grain, period)
    if tables is LIVE:
        await bump_version()


async def bump_version() -> None:
    """In the transaction that changed the live cells: readers build their views again."""
    await raw(
        f"INSERT INTO {VERSION} (id, version) VALUES (1, 1) "  # noqa: S608
        f"ON CONFLICT (id) DO UPDATE SET version = {VERSION}.version + 1"
    )


async def _suppress(tables: Tables, grain: str, period: str) -> None:
    """Suppression of a period's people counts, recounted from its kept figures."""
    found = [
        kept_cell
        for kept_cell in await read(tables, grain, [period])
        if kept_cell.cell.indicator in PEOPLE_INDICATORS
    ]
    for grain_, cell, suppressed in kept(grain, (k.cell for k in found)):
        was = next(k.suppressed for k in found if k.cell == cell)
        if was != suppressed:
            await raw(
                f"UPDATE {tables.cells} SET suppressed = {{}} WHERE key = {{}}",  # noqa: S608
                suppressed,
                cell_key(grain_, *cell[:4]),
            )


async def version() -> int:
    """The live cells' version: any change to them bumps it."""
    rows = await raw(f"SELECT version FROM {VERSION} WHERE id = 1")  # noqa: S608
    return int(rows[0]["version"]) if rows else 0


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
