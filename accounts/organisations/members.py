"""Members and invitations: owners and admins invite by e-mail, change roles, remove people.

An invitation is a single-use token mailed to the address (only its hash is stored), valid 14
days; the invitee accepts it signed in with that address. Every change is audited and leaves an
event; the last owner can neither leave nor be demoted.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from accounts.audit.port import AuditTrail
from accounts.domain import Principal, normalise_email
from accounts.organisations.domain import MemberRole, Organisation, check_owner_kept
from accounts.organisations.errors import OrganisationError
from accounts.organisations.events import (
    INVITATION_SENT,
    MEMBER_ADDED,
    MEMBER_REMOVED,
    MEMBER_ROLE_CHANGED,
    InvitationEvent,
    MemberEvent,
)
from accounts.organisations.member_store import Invitation, Member
from accounts.organisations.notifications import INVITATION
from accounts.organisations.repository import OrganisationRepository
from accounts.organisations.service import OrganisationService
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, NotFound
from infra.events.model import EventRecorder
from infra.events.types import EventType
from infra.i18n.context import current_language
from infra.ids import new_id
from infra.notifications import Notifier

INVITATION_TTL = timedelta(days=14)
INVITATION_PREFIX = "lki_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_path(token: str) -> str:
    return f"/invitations/{token}"


class _Changes(EventRecorder):
    """Membership events, recorded for the unit of work (the organisation itself is unchanged)."""


class MembershipService:
    def __init__(
        self,
        organisations: OrganisationService,
        unit_of_work: Callable[[], UnitOfWork],
        audit: Callable[[], AuditTrail],
        notifier: Callable[[], Notifier],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._organisations = organisations
        self._repo: OrganisationRepository = organisations.repository
        self._uow = unit_of_work
        self._audit = audit
        self._notifier = notifier
        self._now = clock

    async def members(self, who: Principal, organisation_id: UUID) -> list[Member]:
        await self._organisations.get(who, organisation_id)
        return await self._repo.members(organisation_id)

    async def role(self, organisation_id: UUID, who: Principal) -> MemberRole | None:
        return await self._repo.role_of(organisation_id, who.user_id)

    async def invite(
        self, who: Principal, organisation_id: UUID, email: str, role: MemberRole
    ) -> Invitation:
        address = normalise_email(email)
        async with self._uow() as uow:
            organisation, by_role = await self._manager(who, organisation_id)
            if role is MemberRole.OWNER and by_role is not MemberRole.OWNER and not who.is_staff:
                raise Forbidden(OrganisationError.NOT_OWNER)
            existing = await self._repo.user_id_by_email(address)
            if existing is not None and await self._repo.role_of(organisation_id, existing):
                raise Conflict(OrganisationError.ALREADY_MEMBER)
            token = INVITATION_PREFIX + secrets.token_urlsafe(32)
            now = self._now()
            invitation = Invitation(
                id=new_id(),
                organisation_id=organisation_id,
                email=address,
                role=role,
                expires_at=now + INVITATION_TTL,
                accepted_at=None,
            )
            await self._repo.add_invitation(invitation, token_hash(token), who.user_id, now)
            await self._audit().record(
                actor_id=who.user_id,
                action="organisation.member_invited",
                object_type="organisation",
                object_id=str(organisation_id),
                after={"invitation": str(invitation.id), "role": role.value},
                organisation_id=organisation_id,
            )
            await self._notifier().mail_address(
                INVITATION,
                address,
                key=str(invitation.id),
                language=current_language(),
                params={
                    "organisation": organisation.details.name,
                    "inviter": who.display_name or who.email,
                    "link": invitation_path(token),
                },
            )
            changes = _Changes()
            changes.record(
                INVITATION_SENT.event(
                    organisation_id,
                    InvitationEvent(
                        organisation_id=organisation_id,
                        by=who.user_id,
                        invitation_id=invitation.id,
                        role=role.value,
                    ),
                )
            )
            uow.track(changes)
        return invitation

    async def invitation(self, token: str) -> tuple[Invitation, Organisation]:
        """The pending invitation a token names (a page shows it before accepting)."""
        found = await self._repo.invitation(token_hash(token)) if len(token) <= 100 else None
        organisation = await self._repo.get(found.organisation_id) if found else None
        if found is None or found.accepted_at is not None or organisation is None:
            raise NotFound(OrganisationError.INVITATION_NOT_FOUND)
        if found.expires_at <= self._now():
            raise Conflict(OrganisationError.INVITATION_EXPIRED)
        return found, organisation

    async def accept(self, who: Principal, token: str) -> Organisation:
        async with self._uow() as uow:
            invitation, organisation = await self.invitation(token)
            if normalise_email(who.email) != invitation.email:
                raise Forbidden(OrganisationError.INVITATION_OTHER_ADDRESS)
            if await self._repo.role_of(organisation.id, who.user_id) is not None:
                raise Conflict(OrganisationError.ALREADY_MEMBER)
            now = self._now()
            if not await self._repo.mark_accepted(invitation.id, now):
                raise NotFound(OrganisationError.INVITATION_NOT_FOUND)
            await self._repo.add_member(organisation.id, who.user_id, invitation.role, now)
            await self._member_change(
                who, organisation.id, who.user_id, None, invitation.role, MEMBER_ADDED, uow
            )
        return organisation

    async def change_role(
        self, who: Principal, organisation_id: UUID, user_id: UUID, role: MemberRole
    ) -> None:
        async with self._uow() as uow:
            _, by_role = await self._manager(who, organisation_id)
            current = await self._member_role(organisation_id, user_id)
            check_owner_kept(
                await self._repo.owners(organisation_id),
                current,
                role,
                by_owner=by_role is MemberRole.OWNER or who.is_staff,
            )
            await self._repo.set_role(organisation_id, user_id, role)
            await self._member_change(
                who, organisation_id, user_id, current, role, MEMBER_ROLE_CHANGED, uow
            )

    async def remove(self, who: Principal, organisation_id: UUID, user_id: UUID) -> None:
        """Owners and admins remove members; anyone may leave (unless the last owner)."""
        async with self._uow() as uow:
            if user_id == who.user_id:
                await self._organisations.get(who, organisation_id)
                by_owner = True  # leaving oneself: only the last-owner rule applies
            else:
                _, by_role = await self._manager(who, organisation_id)
                by_owner = by_role is MemberRole.OWNER or who.is_staff
            current = await self._member_role(organisation_id, user_id)
            check_owner_kept(
                await self._repo.owners(organisation_id), current, None, by_owner=by_owner
            )
            await self._repo.remove_member(organisation_id, user_id)
            await self._member_change(
                who, organisation_id, user_id, current, None, MEMBER_REMOVED, uow
            )

    async def _manager(
        self, who: Principal, organisation_id: UUID
    ) -> tuple[Organisation, MemberRole | None]:
        organisation, role = await self._organisations.get(who, organisation_id)
        if not who.is_staff and (role is None or not role.manages):
            raise Forbidden(OrganisationError.NOT_ADMIN)
        return organisation, role

    async def _member_role(self, organisation_id: UUID, user_id: UUID) -> MemberRole:
        role = await self._repo.role_of(organisation_id, user_id)
        if role is None:
            raise NotFound(OrganisationError.MEMBER_NOT_FOUND)
        return role

    async def _member_change(
        self,
        who: Principal,
        organisation_id: UUID,
        user_id: UUID,
        before: MemberRole | None,
        after: MemberRole | None,
        event: EventType[MemberEvent],
        uow: UnitOfWork,
    ) -> None:
        await self._audit().record(
            actor_id=who.user_id,
            action=event.name,
            object_type="organisation_member",
            object_id=f"{organisation_id}:{user_id}",
            before={"role": before.value} if before else None,
            after={"role": after.value} if after else None,
            organisation_id=organisation_id,
        )
        changes = _Changes()
        changes.record(
            event.event(
                organisation_id,
                MemberEvent(
                    organisation_id=organisation_id,
                    by=who.user_id,
                    user_id=user_id,
                    role=after.value if after else None,
                ),
            )
        )
        uow.track(changes)
