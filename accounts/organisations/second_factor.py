"""Organisation owners may be asked for a second factor before anything else.

With `LAKOU_REQUIRE_TOTP_FOR_OWNERS=true`, a person who owns an organisation (whatever its
verification state: an owner can invite, request verification and change roles) is sent to
enrol, as staff are with `LAKOU_REQUIRE_TOTP_FOR_STAFF` (`accounts.second_factor_policy`).
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.domain import Principal
from accounts.organisations.domain import MemberRole
from accounts.organisations.tables import MembershipRow
from accounts.second_factor_policy import TotpRequirements
from infra.services import Services
from infra.settings import SettingsReader


@dataclass(frozen=True)
class OrganisationSettings:
    require_totp_for_owners: bool = False

    @classmethod
    def read(cls, reader: SettingsReader) -> OrganisationSettings:
        return cls(require_totp_for_owners=reader.boolean("LAKOU_REQUIRE_TOTP_FOR_OWNERS", False))


async def owns_an_organisation(principal: Principal) -> bool:
    return bool(
        await MembershipRow.exists().where(
            (MembershipRow.user == principal.user_id)
            & (MembershipRow.role == MemberRole.OWNER.value)
        )
    )


def wire(services: Services) -> None:
    if services.get(OrganisationSettings).require_totp_for_owners:
        services.get(TotpRequirements).add(owns_an_organisation)
