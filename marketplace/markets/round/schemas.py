"""JSON shapes for the round. Unknown fields are refused."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from marketplace.markets.round.domain import MAX_WISHES, Round, RoundResult
from marketplace.markets.round.service import Choices

# A few over the limit still parse, so the service answers with its own error code.
_Ids = Annotated[list[UUID], msgspec.Meta(max_length=MAX_WISHES * 2)]


class RoundIn(msgspec.Struct, forbid_unknown_fields=True):
    day: date
    categories: Annotated[list[str], msgspec.Meta(max_length=8)] = []


class StandWishesIn(msgspec.Struct, forbid_unknown_fields=True):
    stands: _Ids  # best first


class BuyerWishesIn(msgspec.Struct, forbid_unknown_fields=True):
    professionals: _Ids  # best first


class SkippedOut(msgspec.Struct):
    professional_id: UUID
    stand_id: UUID
    slot_start: str
    reason: str


class ResultOut(msgspec.Struct):
    written: int
    mutual_met: int
    mutual_bound: int  # the flow bound: no schedule meets more mutual wishes
    skipped: list[SkippedOut]

    @classmethod
    def of(cls, result: RoundResult) -> ResultOut:
        return cls(
            result.written,
            result.mutual_met,
            result.mutual_bound,
            [
                SkippedOut(item.professional_id, item.stand_id, item.slot_start, item.reason)
                for item in result.skipped
            ],
        )


class RoundOut(msgspec.Struct):
    day: date
    categories: list[str]
    state: str
    opened_at: datetime
    ran_at: datetime | None
    buyer_lists: int  # professionals who ranked stands
    stand_lists: int  # stands that ranked professionals
    result: ResultOut | None

    @classmethod
    def of(cls, round_: Round) -> RoundOut:
        return cls(
            round_.day,
            list(round_.categories),
            round_.state.value,
            round_.opened_at,
            round_.ran_at,
            round_.counts.get("buyer", 0),
            round_.counts.get("stand", 0),
            ResultOut.of(round_.result) if round_.result else None,
        )


class ChoiceOut(msgspec.Struct):
    id: UUID
    name: str


class ChoicesOut(msgspec.Struct):
    state: str
    day: date
    wishes: list[UUID]  # best first
    offered: list[ChoiceOut]

    @classmethod
    def of(cls, choices: Choices) -> ChoicesOut:
        return cls(
            choices.round.state.value,
            choices.round.day,
            choices.wishes,
            [ChoiceOut(key, name) for key, name in choices.offered.items()],
        )
