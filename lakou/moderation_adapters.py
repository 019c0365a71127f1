"""The catalogue's answers to moderation's questions about works and creator profiles.

Moderation owns its `ReportTarget` port and cannot import the catalogue's innards; these
adapters act through the catalogue's own rules: hiding makes a work private (staff edit its
visibility), taking down withdraws it as staff (a moderation hold: only staff republish it).
A creator profile has no visibility of its own, so hiding or taking it down acts on all its
works; the profile page stays, and staff may edit what it says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from uuid import UUID

from accounts.domain import Principal
from infra.errors import Conflict
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import CatalogueRepository, WorkQuery
from marketplace.catalogue.service import CatalogueService
from marketplace.catalogue.values import Visibility, WorkStatus
from marketplace.moderation.ports import TargetSummary

PAGE = 100


class WorkTarget:
    kind = "work"

    def __init__(self, catalogue: CatalogueService, repository: CatalogueRepository) -> None:
        self._catalogue = catalogue
        self._repo = repository

    async def summary(self, target_id: UUID) -> TargetSummary | None:
        work = await self._repo.get_work(target_id)  # whatever its state: staff see it
        if work is None:
            return None
        return TargetSummary(
            kind=self.kind,
            id=work.id,
            title=work.title,
            owner_id=work.owner_id,
            status=_status(work),
            public=work.visible_to(None, False),
            link=f"/oeuvres/{work.id}",
        )

    async def hide(self, staff: Principal, target_id: UUID, reason: str) -> Mapping[str, Any]:
        was = await _make_private(self._catalogue, staff, target_id)
        return {"visibility_by_work": {str(target_id): was}}

    async def take_down(self, staff: Principal, target_id: UUID, reason: str) -> Mapping[str, Any]:
        withdrawn = await _withdraw(self._catalogue, staff, target_id, reason)
        return {"withdrawn": [str(target_id)] if withdrawn else []}

    async def restore(self, staff: Principal, target_id: UUID, undo: Mapping[str, Any]) -> None:
        await _restore(self._catalogue, staff, undo)


class CreatorTarget:
    kind = "creator"

    def __init__(self, catalogue: CatalogueService) -> None:
        self._catalogue = catalogue

    async def summary(self, target_id: UUID) -> TargetSummary | None:
        found = await self._catalogue.creators_by_ids([target_id])
        creator = found.get(target_id)
        if creator is None:
            return None
        return TargetSummary(
            kind=self.kind,
            id=creator.id,
            title=creator.name,
            owner_id=creator.owner_id,
            status="profile",
            public=True,  # profiles are public pages
            link=f"/createurs/{creator.id}",
        )

    async def hide(self, staff: Principal, target_id: UUID, reason: str) -> Mapping[str, Any]:
        before: dict[str, str] = {}
        for work in await self._works(target_id):
            if work.details.visibility is not Visibility.PRIVATE:
                before[str(work.id)] = await _make_private(self._catalogue, staff, work.id)
        return {"visibility_by_work": before}

    async def take_down(self, staff: Principal, target_id: UUID, reason: str) -> Mapping[str, Any]:
        withdrawn = [
            str(work.id)
            for work in await self._works(target_id)
            if work.status is WorkStatus.PUBLISHED
            and await _withdraw(self._catalogue, staff, work.id, reason)
        ]
        return {"withdrawn": withdrawn}

    async def restore(self, staff: Principal, target_id: UUID, undo: Mapping[str, Any]) -> None:
        await _restore(self._catalogue, staff, undo)

    async def _works(self, creator_id: UUID) -> list[Work]:
        works: list[Work] = []
        before: UUID | None = None
        while True:
            page = await self._catalogue.list_works(
                WorkQuery(
                    viewer_id=None,
                    viewer_is_staff=True,
                    creator_id=creator_id,
                    before_id=before,
                    limit=PAGE,
                )
            )
            works.extend(page)
            if len(page) < PAGE:
                return works
            before = page[-1].id


def _status(work: Work) -> str:
    if work.status is WorkStatus.PUBLISHED and work.details.visibility is Visibility.PRIVATE:
        return "private"
    return work.status.value


async def _make_private(catalogue: CatalogueService, staff: Principal, work_id: UUID) -> str:
    """Staff set the work's visibility to private; what it was before."""
    before: list[str] = []

    def private(details: Any) -> Any:
        before.append(details.visibility.value)
        return replace(details, visibility=Visibility.PRIVATE)

    await catalogue.update_work(staff, work_id, private)
    return before[0]


async def _withdraw(
    catalogue: CatalogueService, staff: Principal, work_id: UUID, reason: str
) -> bool:
    """Withdrawn by staff; False if it was never published (nothing to take down)."""
    try:
        work = await catalogue.withdraw_work(staff, work_id, reason)
    except Conflict:
        return False
    return work.status is WorkStatus.WITHDRAWN


async def _restore(catalogue: CatalogueService, staff: Principal, undo: Mapping[str, Any]) -> None:
    visibility = dict(undo.get("visibility_by_work") or {})
    for work_id in undo.get("withdrawn") or []:
        await catalogue.publish_work(staff, UUID(work_id))
    for work_id, was in visibility.items():
        await _set_visibility(catalogue, staff, UUID(work_id), Visibility(was))


async def _set_visibility(
    catalogue: CatalogueService, staff: Principal, work_id: UUID, visibility: Visibility
) -> None:
    await catalogue.update_work(staff, work_id, lambda d: replace(d, visibility=visibility))
