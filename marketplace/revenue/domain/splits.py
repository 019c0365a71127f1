"""Split sheets: who shares a work's revenue, in which role, and for how many basis points.

Every save is a new version; sales are allocated with the version current when they were paid,
so history is never rewritten. A work without a sheet pays its owner everything.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from infra.errors import InvalidInput
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.revenue.domain.money import BASIS_POINTS
from marketplace.revenue.domain.sides import Side, SidedShare, side_of
from marketplace.revenue.errors import RevenueError
from marketplace.revenue.events import SPLIT_SHEET_UPDATED, SplitSheetChanged

MAX_HOLDERS = 50
MAX_NAME = 200
# Stripe Connect account ids: "acct_" then letters and digits (16 today; leave room).
_PAYOUT_ACCOUNT = re.compile(r"^acct_[A-Za-z0-9]{6,64}$")
# Fixed namespace: the default holder of an owner keeps the same id on every work and run.
_OWNER_HOLDER_NAMESPACE = UUID("6d1f3c1e-8a51-4b7e-9a77-3f0c2b6e5d10")


class HolderRole(StrEnum):
    CREATOR = "creator"  # the work's owner, on the default sheet
    AUTHOR = "author"
    COMPOSER = "composer"
    LYRICIST = "lyricist"
    PERFORMER = "performer"
    PRODUCER = "producer"
    LABEL = "label"
    PUBLISHER = "publisher"
    DIRECTOR = "director"
    SCREENWRITER = "screenwriter"
    ILLUSTRATOR = "illustrator"
    TRANSLATOR = "translator"
    DEVELOPER = "developer"
    OTHER = "other"


@dataclass(frozen=True)
class HolderInput:
    """A sheet line as a client sent it, before any rule was checked."""

    name: str
    role: str
    share_bp: int
    holder_id: UUID | None = None
    user_id: UUID | None = None
    payout_account: str | None = None
    side: str | None = None  # master or publishing, for music; None: by the role


@dataclass(frozen=True)
class RightsHolder:
    holder_id: UUID
    name: str
    role: HolderRole
    share_bp: int
    user_id: UUID | None = None
    payout_account: str | None = None
    side: Side | None = None  # declared; `sided()` falls back on the role's side

    def sided(self) -> SidedShare:
        return SidedShare(self.holder_id, self.share_bp, side_of(self.role.value, self.side))


def owner_holder_id(owner_id: UUID) -> UUID:
    """The holder that stands for a work's owner when the work has no sheet."""
    return uuid.uuid5(_OWNER_HOLDER_NAMESPACE, str(owner_id))


def _role(raw: str) -> HolderRole:
    try:
        return HolderRole(raw)
    except ValueError:
        names = ", ".join(role.value for role in HolderRole)
        raise InvalidInput(RevenueError.INVALID_ROLE, role=raw[:40], allowed=names) from None


def _payout_account(raw: str | None) -> str | None:
    if raw is None or raw == "":
        return None
    if not _PAYOUT_ACCOUNT.match(raw):
        raise InvalidInput(RevenueError.INVALID_PAYOUT_ACCOUNT)
    return raw


def _side(raw: str | None) -> Side | None:
    if raw is None or raw == "":
        return None
    try:
        return Side(raw)
    except ValueError:
        names = ", ".join(side.value for side in Side)
        raise InvalidInput(RevenueError.INVALID_SIDE, side=raw[:40], allowed=names) from None


def _holder(raw: HolderInput) -> RightsHolder:
    name = raw.name.strip()
    if not 1 <= len(name) <= MAX_NAME or "\x00" in name:
        raise InvalidInput(RevenueError.INVALID_HOLDER_NAME, max=MAX_NAME)
    if raw.share_bp <= 0:
        raise InvalidInput(RevenueError.INVALID_SHARE)
    return RightsHolder(
        holder_id=raw.holder_id or new_id(),
        name=name,
        role=_role(raw.role),
        share_bp=raw.share_bp,
        user_id=raw.user_id,
        payout_account=_payout_account(raw.payout_account),
        side=_side(raw.side),
    )


def validated_holders(raw: Sequence[HolderInput]) -> tuple[RightsHolder, ...]:
    """Check a whole sheet; lines without a holder id get a new one."""
    if not 1 <= len(raw) <= MAX_HOLDERS:
        raise InvalidInput(
            RevenueError.TOO_MANY_HOLDERS if raw else RevenueError.NO_HOLDERS, max=MAX_HOLDERS
        )
    holders = tuple(_holder(line) for line in raw)
    ids = [holder.holder_id for holder in holders]
    if len(set(ids)) != len(ids):
        raise InvalidInput(RevenueError.DUPLICATE_HOLDER)
    total = sum(holder.share_bp for holder in holders)
    if total != BASIS_POINTS:
        raise InvalidInput(RevenueError.SHARES_NOT_100, total=total, details={"total_bp": total})
    return holders


@dataclass
class SplitSheet(EventRecorder):
    id: UUID
    work_id: UUID
    version: int  # 0: the default sheet, never stored
    holders: tuple[RightsHolder, ...]
    created_at: datetime
    created_by: UUID | None
    is_default: bool = field(default=False)

    @classmethod
    def default_for(
        cls, work_id: UUID, owner_id: UUID, owner_name: str, now: datetime
    ) -> SplitSheet:
        holder = RightsHolder(
            holder_id=owner_holder_id(owner_id),
            name=(owner_name.strip() or "creator")[:MAX_NAME],
            role=HolderRole.CREATOR,
            share_bp=BASIS_POINTS,
            user_id=owner_id,
        )
        return cls(owner_holder_id(work_id), work_id, 0, (holder,), now, None, is_default=True)

    @classmethod
    def revise(
        cls,
        current: SplitSheet,
        holders: Sequence[HolderInput],
        by: UUID,
        now: datetime,
    ) -> SplitSheet:
        sheet = cls(
            new_id(), current.work_id, current.version + 1, validated_holders(holders), now, by
        )
        sheet.record(
            SPLIT_SHEET_UPDATED.event(
                sheet.work_id,
                SplitSheetChanged(
                    work_id=sheet.work_id, version=sheet.version, holders=len(sheet.holders), by=by
                ),
            )
        )
        return sheet

    def shares(self) -> list[tuple[UUID, int]]:
        return [(holder.holder_id, holder.share_bp) for holder in self.holders]

    def sided_shares(self) -> tuple[SidedShare, ...]:
        return tuple(holder.sided() for holder in self.holders)
