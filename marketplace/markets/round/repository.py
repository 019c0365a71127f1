"""Reading and writing a market's round and its wishes (piccolo, both engines).

Every function runs in the caller's transaction, if any.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_json, as_utc, as_uuid
from infra.ids import new_id
from marketplace.markets.round.domain import Round, RoundResult, RoundState, Side
from marketplace.markets.round.tables import RoundRow, RoundWishRow


class RoundRepository:
    async def add(self, round_: Round) -> bool:
        """False when the market already has its round (the first of two at once wins)."""
        inserted = (
            await RoundRow.insert(
                RoundRow(
                    market_id=round_.market_id,
                    day=round_.day.isoformat(),
                    categories=list(round_.categories),
                    state=round_.state.value,
                    opened_by=round_.opened_by,
                    opened_at=round_.opened_at,
                    result={},
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(RoundRow.market_id)
        )
        return bool(inserted)

    async def get(self, market_id: UUID) -> Round | None:
        row = await RoundRow.select().where(RoundRow.market_id == market_id).first()
        if row is None:
            return None
        counts: dict[str, int] = {side.value: 0 for side in Side}
        for wish in await RoundWishRow.select(RoundWishRow.side, RoundWishRow.wishes).where(
            RoundWishRow.market_id == market_id
        ):
            if as_json(wish["wishes"]):
                counts[wish["side"]] = counts.get(wish["side"], 0) + 1
        result = as_json(row["result"])
        return Round(
            market_id=as_uuid(row["market_id"]),
            day=date.fromisoformat(row["day"]),
            categories=tuple(as_json(row["categories"])),
            state=RoundState(row["state"]),
            opened_by=as_uuid(row["opened_by"]),
            opened_at=as_utc(row["opened_at"]),
            ran_at=as_utc(row["ran_at"]) if row["ran_at"] is not None else None,
            result=RoundResult.of_json(result) if result else None,
            counts=counts,
        )

    async def claim_run(self, market_id: UUID, now: datetime) -> bool:
        """True for the one run that moves the round from open to done (a second: False)."""
        changed = (
            await RoundRow.update({RoundRow.state: RoundState.DONE.value, RoundRow.ran_at: now})
            .where((RoundRow.market_id == market_id) & (RoundRow.state == RoundState.OPEN.value))
            .returning(RoundRow.market_id)
        )
        return bool(changed)

    async def save_result(self, market_id: UUID, result: RoundResult) -> None:
        await RoundRow.update({RoundRow.result: result.as_json()}).where(
            RoundRow.market_id == market_id
        )

    async def save_wishes(
        self, market_id: UUID, side: Side, owner_id: UUID, wishes: list[UUID], now: datetime
    ) -> None:
        """Replaces the owner's list (two saves at once: the last one stays, no error)."""
        values = [str(wish) for wish in wishes]
        await RoundWishRow.insert(
            RoundWishRow(
                id=new_id(),
                market_id=market_id,
                side=side.value,
                owner_id=owner_id,
                wishes=values,
                updated_at=now,
            )
        ).on_conflict(
            target=(RoundWishRow.market_id, RoundWishRow.side, RoundWishRow.owner_id),
            action="DO UPDATE",
            values=[RoundWishRow.wishes, RoundWishRow.updated_at],
        )

    async def wishes_of(self, market_id: UUID, side: Side, owner_id: UUID) -> list[UUID] | None:
        row = (
            await RoundWishRow.select(RoundWishRow.wishes)
            .where(
                (RoundWishRow.market_id == market_id)
                & (RoundWishRow.side == side.value)
                & (RoundWishRow.owner_id == owner_id)
            )
            .first()
        )
        return _ids(row["wishes"]) if row else None

    async def all_wishes(self, market_id: UUID, side: Side) -> dict[UUID, list[UUID]]:
        rows = await RoundWishRow.select(RoundWishRow.owner_id, RoundWishRow.wishes).where(
            (RoundWishRow.market_id == market_id) & (RoundWishRow.side == side.value)
        )
        return {as_uuid(row["owner_id"]): _ids(row["wishes"]) for row in rows}


def _ids(value: Any) -> list[UUID]:
    return [UUID(str(item)) for item in as_json(value)]
