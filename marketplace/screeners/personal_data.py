"""The screeners' part of a person's data: the screeners they made, the invitations they
received and their viewings (times, position, countries, devices).

Erasing removes their invitations and viewings (a rights holder's report loses that person)
and gives the screeners they made to the tombstone, so their other viewers keep their access.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from accounts.tables import User
from infra.i18n.context import N_
from infra.personal_data import PersonalData, section
from infra.services import Services
from marketplace.screeners.tables import InvitationRow, ScreenerRow, ViewingRow


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    made = await ScreenerRow.select(
        ScreenerRow.id,
        ScreenerRow.work_id,
        ScreenerRow.title,
        ScreenerRow.opens_at,
        ScreenerRow.closes_at,
        ScreenerRow.created_at,
    ).where(ScreenerRow.made_by == user_id)
    invitations = await InvitationRow.select(
        InvitationRow.id,
        InvitationRow.screener,
        InvitationRow.email,
        InvitationRow.name,
        InvitationRow.organisation,
        InvitationRow.created_at,
        InvitationRow.revoked_at,
    ).where(InvitationRow.user_id == user_id)
    ids = [row["id"] for row in invitations]
    viewings = (
        await ViewingRow.select(
            ViewingRow.invitation,
            ViewingRow.started_at,
            ViewingRow.last_seen_at,
            ViewingRow.ended_at,
            ViewingRow.country,
            ViewingRow.device,
            ViewingRow.watched_s,
            ViewingRow.furthest_s,
            ViewingRow.pauses,
            ViewingRow.seeks,
            ViewingRow.countries,
        ).where(ViewingRow.invitation.is_in(ids))
        if ids
        else []
    )
    return section({"made": made, "invitations": invitations, "viewings": viewings})


async def erase(_: Services, user_id: UUID, tombstone_id: UUID) -> None:
    await InvitationRow.delete().where(InvitationRow.user_id == user_id)
    # Invitations sent to their address before they claimed them name them too.
    account = await User.select(User.email).where(User.id == user_id).first()
    if account is not None:
        await InvitationRow.delete().where(
            InvitationRow.user_id.is_null() & (InvitationRow.email == account["email"])
        )
    await ScreenerRow.update({ScreenerRow.made_by: tombstone_id}).where(
        ScreenerRow.made_by == user_id
    )


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
    description=N_(
        "Les screeners que vous avez envoyés, ceux auxquels vous êtes invité et vos visionnages "
        "(heures, position, pays, appareils)."
    ),
)
