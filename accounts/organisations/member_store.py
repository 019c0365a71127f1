"""Where an organisation's people are kept: memberships with their roles, and the e-mailed
invitations to join (single use, only the token's hash stored). Piccolo, both engines.

Part of `OrganisationRepository`, which inherits it; `members` holds the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from accounts.organisations.domain import MemberRole
from accounts.organisations.tables import InvitationRow, MembershipRow
from accounts.tables import User
from infra.db.values import as_utc, as_uuid
from infra.ids import new_id


@dataclass(frozen=True)
class Member:
    user_id: UUID
    email: str
    display_name: str
    role: MemberRole
    joined_at: datetime


@dataclass(frozen=True)
class Invitation:
    id: UUID
    organisation_id: UUID
    email: str
    role: MemberRole
    expires_at: datetime
    accepted_at: datetime | None


class MemberStore:
    async def role_of(self, organisation_id: UUID, user_id: UUID) -> MemberRole | None:
        row = (
            await MembershipRow.select(MembershipRow.role)
            .where(
                (MembershipRow.organisation == organisation_id) & (MembershipRow.user == user_id)
            )
            .first()
        )
        return MemberRole(row["role"]) if row else None

    async def members(self, organisation_id: UUID) -> list[Member]:
        rows = (
            await MembershipRow.select(
                MembershipRow.user.id.as_alias("user_id"),
                MembershipRow.user.email.as_alias("email"),
                MembershipRow.user.display_name.as_alias("display_name"),
                MembershipRow.role,
                MembershipRow.joined_at,
            )
            .where(MembershipRow.organisation == organisation_id)
            .order_by(MembershipRow.joined_at)
        )
        return [
            Member(
                user_id=as_uuid(row["user_id"]),
                email=row["email"],
                display_name=row["display_name"],
                role=MemberRole(row["role"]),
                joined_at=as_utc(row["joined_at"]),
            )
            for row in rows
        ]

    async def owners(self, organisation_id: UUID) -> int:
        return int(
            await MembershipRow.count().where(
                (MembershipRow.organisation == organisation_id)
                & (MembershipRow.role == MemberRole.OWNER.value)
            )
        )

    async def add_member(
        self, organisation_id: UUID, user_id: UUID, role: MemberRole, now: datetime
    ) -> None:
        await MembershipRow.insert(
            MembershipRow(
                id=new_id(),
                organisation=organisation_id,
                user=user_id,
                role=role.value,
                joined_at=now,
            )
        )

    async def set_role(self, organisation_id: UUID, user_id: UUID, role: MemberRole) -> None:
        await MembershipRow.update({MembershipRow.role: role.value}).where(
            (MembershipRow.organisation == organisation_id) & (MembershipRow.user == user_id)
        )

    async def remove_member(self, organisation_id: UUID, user_id: UUID) -> None:
        await MembershipRow.delete().where(
            (MembershipRow.organisation == organisation_id) & (MembershipRow.user == user_id)
        )

    async def user_id_by_email(self, email: str) -> UUID | None:
        row = await User.select(User.id).where(User.email == email).first()
        return as_uuid(row["id"]) if row else None

    # Invitations --------------------------------------------------------------------------

    async def add_invitation(
        self, invitation: Invitation, token_hash: str, by: UUID, now: datetime
    ) -> None:
        """The new invitation replaces any still pending for that address."""
        await InvitationRow.delete().where(
            (InvitationRow.organisation == invitation.organisation_id)
            & (InvitationRow.email == invitation.email)
            & InvitationRow.accepted_at.is_null()
        )
        await InvitationRow.insert(
            InvitationRow(
                id=invitation.id,
                organisation=invitation.organisation_id,
                email=invitation.email,
                role=invitation.role.value,
                token_hash=token_hash,
                invited_by=by,
                created_at=now,
                expires_at=invitation.expires_at,
            )
        )

    async def invitation(self, token_hash: str) -> Invitation | None:
        row = await InvitationRow.select().where(InvitationRow.token_hash == token_hash).first()
        if row is None:
            return None
        return Invitation(
            id=as_uuid(row["id"]),
            organisation_id=as_uuid(row["organisation"]),
            email=row["email"],
            role=MemberRole(row["role"]),
            expires_at=as_utc(row["expires_at"]),
            accepted_at=as_utc(row["accepted_at"]) if row["accepted_at"] else None,
        )

    async def mark_accepted(self, invitation_id: UUID, now: datetime) -> bool:
        """False when another request used it first (single use, even under a race)."""
        done = (
            await InvitationRow.update({InvitationRow.accepted_at: now})
            .where((InvitationRow.id == invitation_id) & InvitationRow.accepted_at.is_null())
            .returning(InvitationRow.id)
        )
        return bool(done)
