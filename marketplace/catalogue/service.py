"""Catalogue use cases. Every read and write checks who is asking.

Other people's private things answer 404, as if they did not exist; things a person can see
but not change answer 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from accounts.audit.port import AuditTrail
from accounts.audit.staff_actions import record_staff_action
from accounts.domain import Principal, Role
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Forbidden, NotFound
from marketplace.catalogue.creators import CreatorDetails, CreatorProfile
from marketplace.catalogue.domain import Work, WorkDetails
from marketplace.catalogue.errors import CatalogueError, CreatorError, WorkError
from marketplace.catalogue.media_port import MainMediaStatus
from marketplace.catalogue.repository import CatalogueRepository, CreatorQuery, WorkQuery
from marketplace.catalogue.values import WorkStatus

Clock = Callable[[], datetime]

CREATOR_ROLES = frozenset({Role.CREATOR, Role.STAFF})


def _utc_now() -> datetime:
    return datetime.now(UTC)


class CatalogueService:
    def __init__(
        self,
        repository: CatalogueRepository,
        unit_of_work: Callable[[], UnitOfWork],
        main_media: MainMediaStatus,
        clock: Clock = _utc_now,
        audit: AuditTrail | None = None,
    ) -> None:
        self._repo = repository
        self._uow = unit_of_work
        self._main_media = main_media
        self._now = clock
        # Staff acting on another person's work is recorded (accounts.audit.staff_actions).
        self._audit = audit

    # Creators ---------------------------------------------------------------------------

    async def create_creator(self, who: Principal, details: CreatorDetails) -> CreatorProfile:
        if who.role not in CREATOR_ROLES:
            raise Forbidden(CreatorError.NOT_A_CREATOR)
        async with self._uow() as uow:
            creator = CreatorProfile.create(who.user_id, details, self._now())
            await self._repo.add_creator(creator)
            uow.track(creator)
        return creator

    async def get_creator(self, creator_id: UUID) -> CreatorProfile:
        # Creator profiles are public pages, like an artist page on Bandcamp.
        creator = await self._repo.get_creator(creator_id)
        if creator is None:
            raise NotFound(CreatorError.NOT_FOUND)
        return creator

    async def update_creator(
        self,
        who: Principal,
        creator_id: UUID,
        change: Callable[[CreatorDetails], CreatorDetails],
    ) -> CreatorProfile:
        """`change` maps the current details to the new ones, read in the same transaction."""
        async with self._uow() as uow:
            creator = await self.get_creator(creator_id)
            self._check_owner(who, creator.owner_id)
            creator.update(change(creator.details), self._now())
            await self._repo.save_creator(creator)
            uow.track(creator)
        return creator

    async def list_creators(self, query: CreatorQuery) -> list[CreatorProfile]:
        return await self._repo.list_creators(query)

    async def creators_by_ids(self, creator_ids: Iterable[UUID]) -> dict[UUID, CreatorProfile]:
        """Public creator profiles by id, read at once (ids with no profile are left out)."""
        found = await self._repo.creators_by_ids(set(creator_ids))
        return {creator.id: creator for creator in found}

    # Works ------------------------------------------------------------------------------

    async def public_works(self, work_ids: Iterable[UUID]) -> dict[UUID, Work]:
        """The works among these that anyone may see, read at once."""
        found = await self._repo.works_by_ids(set(work_ids))
        return {work.id: work for work in found if work.visible_to(None, False)}

    async def create_work(self, who: Principal, creator_id: UUID, details: WorkDetails) -> Work:
        async with self._uow() as uow:
            creator = await self._repo.get_creator(creator_id)
            if creator is None or not (who.is_staff or creator.owner_id == who.user_id):
                # Someone else's profile: answer as if it did not exist.
                raise NotFound(CreatorError.NOT_FOUND)
            work = Work.create(creator, details, who.user_id, self._now())
            await self._repo.add_work(work)
            uow.track(work)
        return work

    async def get_work(
        self, who: Principal | None, work_id: UUID, *, for_update: bool = False
    ) -> Work:
        work = await self._repo.get_work(work_id, for_update=for_update)
        viewer = who.user_id if who else None
        if work is None or not work.visible_to(viewer, who is not None and who.is_staff):
            raise NotFound(WorkError.NOT_FOUND)
        return work

    async def update_work(
        self, who: Principal, work_id: UUID, change: Callable[[WorkDetails], WorkDetails]
    ) -> Work:
        """`change` maps the current details to the new ones, read in the same transaction."""
        async with self._uow() as uow:
            work = await self._editable_work(who, work_id)
            before = _moderated(work)
            work.update(change(work.details), who.user_id, self._now(), by_staff=who.is_staff)
            await self._repo.save_work(work)
            await self._staff_action(who, work, "work.updated", before)
            uow.track(work)
        return work

    async def publish_work(self, who: Principal, work_id: UUID) -> Work:
        async with self._uow() as uow:
            work = await self._editable_work(who, work_id)
            if work.status is WorkStatus.PROCESSING:
                # The media may be ready while its event is still on its way to this work.
                settled = await self._main_media.settled(work.id)
                if settled is not None:
                    work.media_settled(settled.duration_s, self._now())
            before = _moderated(work)
            work.publish(who.user_id, who.is_staff, self._now())
            await self._repo.save_work(work)
            await self._staff_action(who, work, "work.published", before)
            uow.track(work)
        return work

    async def withdraw_work(self, who: Principal, work_id: UUID, reason: str | None) -> Work:
        async with self._uow() as uow:
            work = await self._editable_work(who, work_id)
            before = _moderated(work)
            work.withdraw(who.user_id, who.is_staff, reason, self._now())
            await self._repo.save_work(work)
            await self._staff_action(
                who, work, "work.withdrawn", before, reason=(reason or "")[:500]
            )
            uow.track(work)
        return work

    async def set_cover(self, who: Principal, work_id: UUID, key: str) -> Work:
        async with self._uow() as uow:
            work = await self._editable_work(who, work_id)
            work.set_cover(key, who.user_id, self._now())
            await self._repo.save_work(work)
            uow.track(work)
        return work

    async def list_works(self, query: WorkQuery) -> list[Work]:
        return await self._repo.list_works(query)

    async def _staff_action(
        self, who: Principal, work: Work, action: str, before: dict[str, Any], **extra: str
    ) -> None:
        await record_staff_action(
            self._audit,
            who,
            work.owner_id,
            action=action,
            object_type="work",
            object_id=work.id,
            before=before,
            after={**_moderated(work), **extra},
        )

    async def _editable_work(self, who: Principal, work_id: UUID) -> Work:
        work = await self.get_work(who, work_id, for_update=True)
        self._check_owner(who, work.owner_id)
        return work

    @staticmethod
    def _check_owner(who: Principal, owner_id: UUID) -> None:
        if not (who.is_staff or who.user_id == owner_id):
            raise Forbidden(CatalogueError.NOT_OWNER)


def _moderated(work: Work) -> dict[str, Any]:
    """What staff moderation changes on a work, as the audit trail keeps it."""
    return {
        "status": work.status.value,
        "titles": dict(work.details.titles),
        "visibility": work.details.visibility.value,
    }
