"""The two sides of a music work's split sheet, and how a fee is shared between them.

A recording has a master side (performers, producers, the label) and a composition has a
publishing side (composers, lyricists, authors, publishers). A sync fee is shared between the
sides by the terms of the licence (half and half by default), then within each side by the
split sheet's shares. A holder on no side (the default sheet's creator, a role of neither)
takes part in both; a side nobody is on gives its part to the whole sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from marketplace.revenue.domain.money import BASIS_POINTS, largest_remainder


class Side(StrEnum):
    MASTER = "master"
    PUBLISHING = "publishing"


# The side a role is on when the sheet does not say (a label's line is the recording's).
ROLE_SIDES = {
    "performer": Side.MASTER,
    "producer": Side.MASTER,
    "label": Side.MASTER,
    "composer": Side.PUBLISHING,
    "lyricist": Side.PUBLISHING,
    "author": Side.PUBLISHING,
    "publisher": Side.PUBLISHING,
}


def side_of(role: str, declared: Side | None) -> Side | None:
    return declared if declared is not None else ROLE_SIDES.get(role)


@dataclass(frozen=True)
class SidedShare:
    holder_id: UUID
    share_bp: int
    side: Side | None  # None: on both sides


@dataclass(frozen=True)
class SideCents:
    holder_id: UUID
    side: Side
    cents: int


def split_by_sides(cents: int, master_bp: int, shares: Sequence[SidedShare]) -> list[SideCents]:
    """`cents` over the two sides by `master_bp`, then over each side's holders by share
    (largest remainder both times): the parts add up to `cents` exactly."""
    if not 0 <= master_bp <= BASIS_POINTS:
        raise ValueError("the master side's share is between 0 and 10000 basis points")
    by_side = dict(
        zip(Side, largest_remainder(cents, [master_bp, BASIS_POINTS - master_bp]), strict=True)
    )
    found: list[SideCents] = []
    for side, part in by_side.items():
        members = [share for share in shares if share.side in (side, None)] or list(shares)
        amounts = largest_remainder(part, [share.share_bp for share in members])
        found += [
            SideCents(share.holder_id, side, amount)
            for share, amount in zip(members, amounts, strict=True)
        ]
    return found
