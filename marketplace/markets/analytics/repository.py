"""The daily counter rows: added to by the consumers, read by the organiser's pages."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from infra.db.values import as_uuid
from infra.ids import new_id
from marketplace.markets.analytics.counters import COUNTERS, DayCounts
from marketplace.markets.tables import MarketDayRow, StandRow, StandWorkRow


class CounterRepository:
    async def add(self, market_id: UUID, day: str, increments: Mapping[str, int]) -> None:
        """One statement, both engines: the day's row is made or added to (a unique index on
        the market and day), so two consumers counting at once both count."""
        names = [name for name in COUNTERS if increments.get(name)]
        if not names:
            return
        # Column names come from COUNTERS only, never from the caller's text.
        columns = ", ".join(names)
        placeholders = ", ".join("{}" for _ in names)
        updates = ", ".join(
            f"{name} = lakou_market_days.{name} + EXCLUDED.{name}" for name in names
        )
        await MarketDayRow.raw(
            f"INSERT INTO lakou_market_days (id, market_id, day, {columns}) "  # noqa: S608
            f"VALUES ({{}}, {{}}, {{}}, {placeholders}) "
            f"ON CONFLICT (market_id, day) DO UPDATE SET {updates}",
            new_id(),
            market_id,
            day,
            *(int(increments[name]) for name in names),
        )

    async def days(self, market_id: UUID) -> list[DayCounts]:
        rows = await (
            MarketDayRow.select()
            .where(MarketDayRow.market_id == market_id)
            .order_by(MarketDayRow.day)
        )
        return [
            DayCounts(str(row["day"]), {name: int(row[name]) for name in COUNTERS}) for row in rows
        ]

    async def markets_showing(self, work_ids: list[UUID]) -> dict[UUID, set[UUID]]:
        """By market, the stands that show any of these works."""
        if not work_ids:
            return {}
        rows = await StandWorkRow.select(StandWorkRow.stand_id, StandWorkRow.work_id).where(
            StandWorkRow.work_id.is_in(work_ids)
        )
        stand_ids = list({as_uuid(row["stand_id"]) for row in rows})
        if not stand_ids:
            return {}
        stands = await StandRow.select(StandRow.id, StandRow.market_id).where(
            StandRow.id.is_in(stand_ids)
        )
        shown: dict[UUID, set[UUID]] = {}
        for row in stands:
            shown.setdefault(as_uuid(row["market_id"]), set()).add(as_uuid(row["id"]))
        return shown

    async def stands_showing_all(self, market_id: UUID, work_ids: list[UUID]) -> list[UUID]:
        """The market's stands that show every one of these works."""
        if not work_ids:
            return []
        stands = await StandRow.select(StandRow.id).where(StandRow.market_id == market_id)
        stand_ids = [as_uuid(row["id"]) for row in stands]
        if not stand_ids:
            return []
        rows = await StandWorkRow.select(StandWorkRow.stand_id, StandWorkRow.work_id).where(
            StandWorkRow.stand_id.is_in(stand_ids) & StandWorkRow.work_id.is_in(work_ids)
        )
        shown: dict[UUID, set[UUID]] = {}
        for row in rows:
            shown.setdefault(as_uuid(row["stand_id"]), set()).add(as_uuid(row["work_id"]))
        return [stand for stand, works in shown.items() if works >= set(work_ids)]
