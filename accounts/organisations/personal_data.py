"""The organisations module's part of a person's data: the memberships and invitations.

An organisation is a legal person, not personal data: it stays when a member leaves Lakou,
with its documents and review history. The person's memberships and the invitations sent to
their address go; ids recorded as "who did it" (`created_by`, `invited_by`, `uploaded_by`, a
review's `by`) stay as opaque ids that no account answers to any more, like the audit log's.
An organisation whose last owner leaves passes to its longest-serving admin, else member.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from accounts.organisations.domain import MemberRole
from accounts.organisations.tables import InvitationRow, MembershipRow
from accounts.tables import User
from infra.personal_data import PersonalData, section
from infra.services import Services


async def _address(user_id: UUID) -> str | None:
    row = await User.select(User.email).where(User.id == user_id).first()
    return str(row["email"]) if row else None


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    memberships = await MembershipRow.select(
        MembershipRow.organisation.id.as_alias("organisation_id"),
        MembershipRow.organisation.name.as_alias("organisation"),
        MembershipRow.role,
        MembershipRow.joined_at,
    ).where(MembershipRow.user == user_id)
    address = await _address(user_id)
    invitations = (
        await InvitationRow.select(
            InvitationRow.organisation.name.as_alias("organisation"),
            InvitationRow.role,
            InvitationRow.created_at,
            InvitationRow.accepted_at,
        ).where(InvitationRow.email == address)
        if address
        else []
    )
    return section({"memberships": memberships, "invitations": invitations})


async def _hand_over_ownership(user_id: UUID) -> None:
    """An organisation the person is the last owner of passes to its longest-serving admin, else
    its longest-serving member, so no organisation with members is left without an owner. One
    with no other member keeps its records (a legal person) and no member."""
    owned = await MembershipRow.select(MembershipRow.organisation).where(
        (MembershipRow.user == user_id) & (MembershipRow.role == MemberRole.OWNER.value)
    )
    for row in owned:
        organisation = row["organisation"]
        others = (
            await MembershipRow.select(MembershipRow.id, MembershipRow.role)
            .where((MembershipRow.organisation == organisation) & (MembershipRow.user != user_id))
            .order_by(MembershipRow.joined_at)
        )
        if not others or any(other["role"] == MemberRole.OWNER.value for other in others):
            continue
        admins = [other for other in others if other["role"] == MemberRole.ADMIN.value]
        heir = (admins or others)[0]
        await MembershipRow.update({MembershipRow.role: MemberRole.OWNER.value}).where(
            MembershipRow.id == heir["id"]
        )


async def erase(_: Services, user_id: UUID, __: UUID) -> None:
    address = await _address(user_id)
    await _hand_over_ownership(user_id)
    await MembershipRow.delete().where(MembershipRow.user == user_id)
    if address:
        await InvitationRow.delete().where(InvitationRow.email == address)


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
)
