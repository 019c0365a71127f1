"""Organisation use cases: registering one, its documents, and its verification by staff.

A person sees an organisation they belong to (staff see all); anyone else is told it does not
exist (404), so ids do not leak. Every change commits with its events (the unit of work) and
its audit entry; staff decisions tell the owners and admins through the notifier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from accounts.audit.port import AuditTrail
from accounts.domain import Principal
from accounts.errors import AccountError
from accounts.organisations.document_store import Document
from accounts.organisations.documents import MAX_DOCUMENTS, check_document
from accounts.organisations.domain import (
    Details,
    MemberRole,
    Organisation,
    OrganisationKind,
    Review,
    VerificationState,
)
from accounts.organisations.errors import OrganisationError
from accounts.organisations.member_store import Member
from accounts.organisations.notifications import REFUSED, VERIFIED
from accounts.organisations.repository import OrganisationRepository
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from infra.ids import new_id
from infra.notifications import NotificationKind, Notifier

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def organisation_path(organisation_id: UUID) -> str:
    return f"/organisations/{organisation_id}"


@dataclass(frozen=True)
class Dossier:
    """What staff review: the organisation, its people, its documents and its history."""

    organisation: Organisation
    members: list[Member]
    documents: list[Document]
    reviews: list[Review]


class OrganisationService:
    def __init__(
        self,
        repository: OrganisationRepository,
        unit_of_work: Callable[[], UnitOfWork],
        audit: Callable[[], AuditTrail],
        notifier: Callable[[], Notifier],
        clock: Clock = _utc_now,
    ) -> None:
        # The audit trail and the notifier are looked up when used: their modules are wired
        # after this one in the composition root.
        self._repo = repository
        self._uow = unit_of_work
        self._audit = audit
        self._notifier = notifier
        self._now = clock

    @property
    def repository(self) -> OrganisationRepository:
        return self._repo

    # Members' side ------------------------------------------------------------------------

    async def create(self, who: Principal, details: Details) -> Organisation:
        """Register an organisation, unverified, with its creator as owner."""
        async with self._uow() as uow:
            await self._check_claim(details, None)
            now = self._now()
            organisation = Organisation.create(details, who.user_id, now)
            await self._repo.add(organisation)
            await self._repo.add_member(organisation.id, who.user_id, MemberRole.OWNER, now)
            await self._record(who, "organisation.created", organisation, None)
            uow.track(organisation)
        return organisation

    async def mine(self, who: Principal) -> list[tuple[Organisation, MemberRole]]:
        return await self._repo.of_member(who.user_id)

    async def get(
        self, who: Principal, organisation_id: UUID
    ) -> tuple[Organisation, MemberRole | None]:
        """The organisation and the caller's role in it (None for staff who are not members)."""
        organisation = await self._repo.get(organisation_id)
        role = await self._repo.role_of(organisation_id, who.user_id) if organisation else None
        if organisation is None or (role is None and not who.is_staff):
            raise NotFound(OrganisationError.NOT_FOUND)
        return organisation, role

    async def update(self, who: Principal, organisation_id: UUID, details: Details) -> Organisation:
        async with self._uow() as uow:
            organisation = await self._managed(who, organisation_id)
            before = organisation.snapshot()
            await self._check_claim(details, organisation.id)
            organisation.update(details, who.user_id, self._now())
            await self._repo.save(organisation)
            await self._record(who, "organisation.updated", organisation, before)
            uow.track(organisation)
        return organisation

    async def documents(self, who: Principal, organisation_id: UUID) -> list[Document]:
        await self.get(who, organisation_id)
        return await self._repo.documents(organisation_id)

    async def add_document(
        self, who: Principal, organisation_id: UUID, filename: str, content: bytes
    ) -> Document:
        checked = check_document(filename, content)
        async with self._uow():
            organisation = await self._managed(who, organisation_id)
            if len(await self._repo.documents(organisation.id)) >= MAX_DOCUMENTS:
                raise InvalidInput(OrganisationError.TOO_MANY_DOCUMENTS, max=MAX_DOCUMENTS)
            document = await self._repo.add_document(
                Document(
                    id=new_id(),
                    organisation_id=organisation.id,
                    sha256=checked.sha256,
                    content_type=checked.content_type,
                    filename=checked.filename,
                    size=checked.size,
                    uploaded_at=self._now(),
                ),
                content,
                who.user_id,
            )
            await self._audit().record(
                actor_id=who.user_id,
                action="organisation.document_added",
                object_type="organisation",
                object_id=str(organisation.id),
                after={"document": document.sha256, "filename": document.filename},
                organisation_id=organisation.id,
            )
        return document

    async def request_verification(self, who: Principal, organisation_id: UUID) -> Organisation:
        async with self._uow() as uow:
            organisation = await self._managed(who, organisation_id)
            before = organisation.snapshot()
            # Refused, its number may have been claimed by another organisation since.
            await self._check_claim(organisation.details, organisation.id)
            count = len(await self._repo.documents(organisation.id))
            review = organisation.request_verification(who.user_id, count, self._now())
            await self._store_review(who, organisation, review, before, uow)
        return organisation

    # Staff's side -------------------------------------------------------------------------

    async def listing(
        self,
        who: Principal,
        state: VerificationState | None = None,
        kind: OrganisationKind | None = None,
        limit: int = 100,
    ) -> list[Organisation]:
        self._staff(who)
        return await self._repo.listing(state, kind, limit)

    async def dossier(self, who: Principal, organisation_id: UUID) -> Dossier:
        self._staff(who)
        organisation, _ = await self.get(who, organisation_id)
        return Dossier(
            organisation=organisation,
            members=await self._repo.members(organisation_id),
            documents=await self._repo.documents(organisation_id),
            reviews=await self._repo.reviews(organisation_id),
        )

    async def document(
        self, who: Principal, organisation_id: UUID, document_id: UUID
    ) -> tuple[Document, bytes]:
        self._staff(who)
        found = await self._repo.document_content(organisation_id, document_id)
        if found is None:
            raise NotFound(OrganisationError.DOCUMENT_NOT_FOUND)
        return found

    async def verify(self, who: Principal, organisation_id: UUID) -> Organisation:
        return await self._decide(who, organisation_id, "verify", "")

    async def refuse(self, who: Principal, organisation_id: UUID, reason: str) -> Organisation:
        return await self._decide(who, organisation_id, "refuse", reason)

    async def suspend(self, who: Principal, organisation_id: UUID, reason: str) -> Organisation:
        return await self._decide(who, organisation_id, "suspend", reason)

    async def reinstate(self, who: Principal, organisation_id: UUID) -> Organisation:
        return await self._decide(who, organisation_id, "reinstate", "")

    async def _decide(
        self, who: Principal, organisation_id: UUID, decision: str, reason: str
    ) -> Organisation:
        self._staff(who)
        async with self._uow() as uow:
            organisation = await self._repo.get(organisation_id)
            if organisation is None:
                raise NotFound(OrganisationError.NOT_FOUND)
            before = organisation.snapshot()
            now = self._now()
            if decision == "verify":
                review = organisation.verify(who.user_id, now)
            elif decision == "refuse":
                review = organisation.refuse(who.user_id, reason, now)
            elif decision == "suspend":
                review = organisation.suspend(who.user_id, reason, now)
            else:
                review = organisation.reinstate(who.user_id, now)
            await self._store_review(who, organisation, review, before, uow)
            if decision == "verify":
                await self._tell_managers(VERIFIED, organisation, review)
            elif decision == "refuse":
                await self._tell_managers(REFUSED, organisation, review)
        return organisation

    # Helpers ------------------------------------------------------------------------------

    async def _managed(self, who: Principal, organisation_id: UUID) -> Organisation:
        """The organisation, for its owners and admins (and staff); members are refused."""
        organisation, role = await self.get(who, organisation_id)
        if not who.is_staff and (role is None or not role.manages):
            raise Forbidden(OrganisationError.NOT_ADMIN)
        return organisation

    @staticmethod
    def _staff(who: Principal) -> None:
        if not who.is_staff:
            raise Forbidden(AccountError.STAFF_ONLY)

    async def _check_claim(self, details: Details, organisation_id: UUID | None) -> None:
        identity = details.legal_identity
        key = identity.claim_key if identity else None
        if key is not None and await self._repo.claimed(key, other_than=organisation_id):
            raise Conflict(OrganisationError.LEGAL_ID_CLAIMED)

    async def _store_review(
        self,
        who: Principal,
        organisation: Organisation,
        review: Review,
        before: dict[str, str | None],
        uow: UnitOfWork,
    ) -> None:
        await self._repo.save(organisation)
        await self._repo.add_review(review)
        action = "organisation." + (
            "reinstated"
            if review.from_state is VerificationState.SUSPENDED
            else review.to_state.value
        )
        await self._record(who, action, organisation, before)
        uow.track(organisation)

    async def _record(
        self,
        who: Principal,
        action: str,
        organisation: Organisation,
        before: dict[str, str | None] | None,
    ) -> None:
        await self._audit().record(
            actor_id=who.user_id,
            action=action,
            object_type="organisation",
            object_id=str(organisation.id),
            before=before,
            after=organisation.snapshot(),
            organisation_id=organisation.id,
        )

    async def _tell_managers(
        self, kind: NotificationKind, organisation: Organisation, review: Review
    ) -> None:
        notifier = self._notifier()
        for member in await self._repo.members(organisation.id):
            if member.role.manages:
                await notifier.notify(
                    kind,
                    member.user_id,
                    key=str(review.id),
                    params={"organisation": organisation.details.name, "reason": review.reason},
                    link=organisation_path(organisation.id),
                )
