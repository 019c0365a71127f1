"""What a rights holder reads about themselves: the works and shares they hold, what they are
owed, their payouts and their connected account. Only their own holders: the person's id is
the filter, so nobody reads another's."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from accounts.domain import Principal
from marketplace.revenue.connect.repository import PiccoloConnectRepository
from marketplace.revenue.domain.connect import ConnectAccount, ConnectStatus, status_of
from marketplace.revenue.domain.payouts import Payout
from marketplace.revenue.domain.splits import HolderRole, owner_holder_id
from marketplace.revenue.ports import WorkDirectory
from marketplace.revenue.split_repository import HolderRecord


@dataclass(frozen=True)
class Holding:
    holder_id: UUID
    holder_name: str
    work_id: UUID
    title: str
    role: str
    share_bp: int
    sheet_version: int  # 0: the default sheet (the creator holds everything)


@dataclass(frozen=True)
class HolderOverview:
    holders: list[HolderRecord]
    balances: dict[UUID, int]
    holdings: list[Holding]
    payouts: list[Payout]
    account: ConnectAccount | None

    @property
    def status(self) -> ConnectStatus:
        return status_of(self.account)

    @property
    def balance_cents(self) -> int:
        return sum(self.balances.values())

    def holder_name(self, holder_id: UUID) -> str:
        return next((h.name for h in self.holders if h.id == holder_id), "")


class HolderViews:
    def __init__(self, repository: PiccoloConnectRepository, works: WorkDirectory) -> None:
        self._repo = repository
        self._works = works

    async def overview(self, who: Principal) -> HolderOverview:
        holders = await self._repo.holders_of_user(who.user_id)
        ids = [holder.id for holder in holders]
        lines: list[tuple[HolderRecord, UUID, int, str, int]] = []
        for holder in holders:
            for work_id, version, line in await self._repo.sheets_naming(holder.id):
                lines.append((holder, work_id, version, line["role"], int(line["share_bp"])))
            if holder.id == owner_holder_id(who.user_id):
                # The creator's own works without a sheet: everything is theirs.
                paid_for = await self._repo.works_paid_to(holder.id)
                with_sheets = await self._repo.works_with_sheets(paid_for)
                for work_id in paid_for:
                    if work_id not in with_sheets:
                        lines.append((holder, work_id, 0, HolderRole.CREATOR.value, 10_000))
        titles = await self._works.titles(work_id for _, work_id, *_ in lines)
        holdings = [
            Holding(h.id, h.name, work_id, titles.get(work_id, ""), role, share, version)
            for h, work_id, version, role, share in lines
        ]
        holdings.sort(key=lambda holding: (holding.title.casefold(), holding.holder_name))
        return HolderOverview(
            holders=holders,
            balances=await self._repo.balances(ids),
            holdings=holdings,
            payouts=await self._repo.payouts_to(ids),
            account=await self._repo.of_user(who.user_id),
        )
