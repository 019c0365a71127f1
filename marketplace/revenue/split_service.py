"""Split sheet use cases: read and replace a work's sheet, for its owner or staff only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import InvalidInput
from marketplace.revenue.domain.splits import HolderInput, SplitSheet, owner_holder_id
from marketplace.revenue.errors import RevenueError
from marketplace.revenue.ports import WorkDirectory, WorkRef
from marketplace.revenue.split_repository import SplitRepository

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SplitService:
    def __init__(
        self,
        repository: SplitRepository,
        works: WorkDirectory,
        unit_of_work: Callable[[], UnitOfWork],
        clock: Clock = _utc_now,
    ) -> None:
        self._repo = repository
        self._works = works
        self._uow = unit_of_work
        self._now = clock

    async def current(self, who: Principal, work_id: UUID) -> SplitSheet:
        work = await self._works.editable(who, work_id)
        return await self._current(work)

    async def replace(
        self, who: Principal, work_id: UUID, holders: Sequence[HolderInput]
    ) -> SplitSheet:
        """Save a new version; the previous ones stay for the sales made under them."""
        async with self._uow() as uow:
            work = await self._works.editable(who, work_id)
            await self._check_known_holders(work, holders)
            current = await self._current(work)
            now = self._now()
            sheet = SplitSheet.revise(current, holders, who.user_id, now)
            await self._repo.add_sheet(sheet)
            for holder in sheet.holders:
                await self._repo.save_holder(work.owner_id, holder, now)
            uow.track(sheet)
        return sheet

    async def _current(self, work: WorkRef) -> SplitSheet:
        sheet = await self._repo.sheet_at(work.id)
        return sheet or SplitSheet.default_for(work.id, work.owner_id, work.owner_name, self._now())

    async def _check_known_holders(self, work: WorkRef, holders: Sequence[HolderInput]) -> None:
        """A line may name an existing holder only if the same owner manages it: nobody can
        redirect another owner's holder (and its payout account) from their own sheet."""
        given = [line.holder_id for line in holders if line.holder_id is not None]
        known = await self._repo.holders(given)
        for holder_id in given:
            record = known.get(holder_id)
            if holder_id == owner_holder_id(work.owner_id):
                continue
            if record is None or record.owner_id != work.owner_id:
                raise InvalidInput(RevenueError.UNKNOWN_HOLDER, holder_id=str(holder_id))
