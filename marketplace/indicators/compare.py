"""The rebuild's comparison of the live and rebuilt tables: how many facts, orders and cells
differ, and the first few of each kind named.

Found by the database: each side's rows joined on the other's primary key (a lookup per row,
where `EXCEPT` sorted both tables whole), counted there, and only the first `LISTED` of each
kind read into Python and described. When the live tables are far behind (empty, in the
benchmark), nearly every row differs, and describing a million of them cost as much as the
comparison.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from marketplace.indicators.cell_store import Kept
from marketplace.indicators.domain.fold import OrderRecord
from marketplace.indicators.repository import Tables, raw

# Differences named per kind (facts, orders, cells); all of them are counted.
LISTED = 100


@dataclass(frozen=True)
class Differences:
    count: int
    listed: tuple[str, ...]

    def __add__(self, other: Differences) -> Differences:
        return Differences(self.count + other.count, self.listed + other.listed)


async def _counted(select: str, order: str) -> tuple[int, list[dict[str, object]]]:
    """How many rows `select` gives, and its first `LISTED` by `order`."""
    total = await raw(f"SELECT COUNT(*) AS n FROM ({select}) AS found")  # noqa: S608
    first = await raw(f"{select} ORDER BY {order} LIMIT {LISTED}")
    return int(str(total[0]["n"])), first


async def facts(live: Tables, rebuilt: Tables) -> Differences:
    """Facts whose support differs (a fact at zero and a missing one are the same)."""
    select = (
        f"SELECT r.key AS key, l.support AS live, r.support AS rebuilt "  # noqa: S608
        f"FROM {rebuilt.facts} r LEFT JOIN {live.facts} l ON l.key = r.key "
        "WHERE r.support <> 0 AND (l.support IS NULL OR l.support <> r.support) "
        f"UNION ALL SELECT l.key AS key, l.support AS live, 0 AS rebuilt FROM {live.facts} l "
        f"WHERE l.support <> 0 AND NOT EXISTS (SELECT 1 FROM {rebuilt.facts} r "
        "WHERE r.key = l.key AND r.support <> 0)"
    )
    count, first = await _counted(select, "key")
    return Differences(
        count,
        tuple(
            f"fact {row['key']!r}: live {row['live'] or 0}, rebuilt {row['rebuilt']}"
            for row in first
        ),
    )


async def orders(live: Tables, rebuilt: Tables) -> Differences:
    """Orders kept on one side only, and orders whose records differ (as text first, then as
    records: two texts may say the same)."""
    one_side = (
        f"SELECT r.order_id AS order_id FROM {rebuilt.orders} r "  # noqa: S608
        f"WHERE NOT EXISTS (SELECT 1 FROM {live.orders} l WHERE l.order_id = r.order_id) "
        f"UNION ALL SELECT l.order_id AS order_id FROM {live.orders} l "
        f"WHERE NOT EXISTS (SELECT 1 FROM {rebuilt.orders} r WHERE r.order_id = l.order_id)"
    )
    count, first = await _counted(one_side, "order_id")
    both = await raw(
        f"SELECT r.order_id AS order_id, CAST(l.record AS TEXT) AS live, "  # noqa: S608
        f"CAST(r.record AS TEXT) AS rebuilt FROM {rebuilt.orders} r "
        f"JOIN {live.orders} l ON l.order_id = r.order_id "
        "WHERE CAST(l.record AS TEXT) <> CAST(r.record AS TEXT)"
    )
    differing = sorted(
        str(row["order_id"]) for row in both if _record(row["live"]) != _record(row["rebuilt"])
    )
    listed = sorted([str(row["order_id"]) for row in first] + differing[:LISTED])[:LISTED]
    return Differences(count + len(differing), tuple(f"order {order}" for order in listed))


def _record(text: object) -> OrderRecord:
    return OrderRecord.from_json(json.loads(str(text)))


def cells(rebuilt: Iterable[Kept], live: Iterable[Kept]) -> Differences:
    """Cells whose figure or suppression differs (a few tens of thousands: compared here)."""

    def by_key(kept: Iterable[Kept]) -> dict[tuple[str, ...], tuple[int, bool]]:
        return {(k.grain, *k.cell[:4]): (k.cell.figure, k.suppressed) for k in kept}

    mine, theirs = by_key(rebuilt), by_key(live)
    differing = [key for key in mine.keys() | theirs.keys() if mine.get(key) != theirs.get(key)]
    return Differences(
        len(differing),
        tuple(
            f"cell {'/'.join(key)!r}: live {theirs.get(key)}, rebuilt {mine.get(key)}"
            for key in sorted(differing)[:LISTED]
        ),
    )
