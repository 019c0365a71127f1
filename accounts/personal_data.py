"""The identity module's part of a person's data: the profile, sessions, second factor.

Secrets never leave: token and password hashes, the TOTP secret and recovery codes are not
exported (only whether a second factor is on). Erasing ends every session and single-use link;
the account row itself is the privacy service's last step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from accounts.tables import AccessToken, AccountToken, RecoveryCode, User
from infra.personal_data import PersonalData, section
from infra.services import Services


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    profile = (
        await User.select(
            User.id,
            User.email,
            User.display_name,
            User.role,
            User.language,
            User.created_at,
            User.email_verified_at,
            User.totp_enabled_at,
        )
        .where(User.id == user_id)
        .first()
    )
    sessions = await AccessToken.select(
        AccessToken.kind, AccessToken.created_at, AccessToken.last_used_at, AccessToken.expires_at
    ).where(AccessToken.user == user_id)
    if profile is not None:
        profile["second_factor_enabled"] = profile.pop("totp_enabled_at") is not None
    return section({"profile": profile, "sessions_and_api_tokens": sessions})


async def erase(_: Services, user_id: UUID, __: UUID) -> None:
    await AccessToken.delete().where(AccessToken.user == user_id)
    await AccountToken.delete().where(AccountToken.user == user_id)
    await RecoveryCode.delete().where(RecoveryCode.user == user_id)


PERSONAL_DATA = PersonalData(
    export=export,
    erase=erase,
)
