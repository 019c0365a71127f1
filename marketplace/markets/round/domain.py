"""A market's hosted-buyer round and its result. Pure.

The managers open the round for one meeting day and the accreditation categories taking part;
while it is open both sides rank each other; the managers run it once: the scheduler's meetings
are then booked and the round keeps what happened (a second run is refused, so nothing is ever
booked twice by the round).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from infra.errors import Conflict, InvalidInput
from marketplace.markets.accreditation import Category
from marketplace.markets.errors import MarketError

MAX_WISHES = 20
DEFAULT_CATEGORIES = (Category.BUYER.value,)


class RoundState(StrEnum):
    OPEN = "open"  # wishes are taken
    DONE = "done"  # the scheduler ran; its meetings are booked


class Side(StrEnum):
    BUYER = "buyer"  # a professional ranks stands
    STAND = "stand"  # a stand's exhibitors rank professionals


@dataclass(frozen=True)
class SkippedPair:
    professional_id: UUID
    stand_id: UUID
    slot_start: str
    reason: str  # the error code the booking met (e.g. slot_taken)


@dataclass(frozen=True)
class RoundResult:
    written: int
    mutual_met: int
    mutual_bound: int
    skipped: tuple[SkippedPair, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "written": self.written,
            "mutual_met": self.mutual_met,
            "mutual_bound": self.mutual_bound,
            "skipped": [
                {
                    "professional_id": str(pair.professional_id),
                    "stand_id": str(pair.stand_id),
                    "slot_start": pair.slot_start,
                    "reason": pair.reason,
                }
                for pair in self.skipped
            ],
        }

    @classmethod
    def of_json(cls, data: dict[str, Any]) -> RoundResult:
        return cls(
            int(data["written"]),
            int(data["mutual_met"]),
            int(data["mutual_bound"]),
            tuple(
                SkippedPair(
                    UUID(item["professional_id"]),
                    UUID(item["stand_id"]),
                    str(item["slot_start"]),
                    str(item["reason"]),
                )
                for item in data.get("skipped", [])
            ),
        )


@dataclass
class Round:
    market_id: UUID
    day: date
    categories: tuple[str, ...]
    state: RoundState
    opened_by: UUID
    opened_at: datetime
    ran_at: datetime | None = None
    result: RoundResult | None = None
    counts: dict[str, int] = field(default_factory=dict)  # lists saved per side (read only)

    @classmethod
    def open(
        cls, market_id: UUID, day: date, categories: list[str], by: UUID, now: datetime
    ) -> Round:
        chosen = tuple(dict.fromkeys(categories)) or DEFAULT_CATEGORIES
        allowed = {category.value for category in Category}
        if any(category not in allowed for category in chosen):
            raise InvalidInput(MarketError.INVALID_CATEGORY, allowed=", ".join(sorted(allowed)))
        return cls(market_id, day, chosen, RoundState.OPEN, by, now)

    def check_open(self) -> None:
        if self.state is not RoundState.OPEN:
            raise Conflict(MarketError.ROUND_ALREADY_RUN)

    def takes_part(self, category: str) -> bool:
        return category in self.categories


def ranked(wishes: list[UUID], allowed: set[UUID]) -> list[UUID]:
    """A side's list as saved: at most MAX_WISHES, no repeats, only what may be ranked."""
    if len(wishes) > MAX_WISHES or len(set(wishes)) != len(wishes):
        raise InvalidInput(MarketError.ROUND_WISHES, max=MAX_WISHES)
    if any(wish not in allowed for wish in wishes):
        raise InvalidInput(MarketError.ROUND_WISHES, max=MAX_WISHES)
    return list(wishes)
