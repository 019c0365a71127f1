"""Who a partner key speaks for when the deal flow needs a person and an organisation.

A licence request names the person who asked (the deal is theirs to follow on `/licences`) and
the organisation that will be the licensee. For a call made with a key, that person is the
key's maker — an owner or admin of the organisation when it was made — as long as they are
still a member; the organisation must unlock licence requests (a verified export partner), as
on the request page.
"""

from __future__ import annotations

from uuid import UUID

from accounts.apikeys.domain import ApiKey
from accounts.domain import Principal, Role
from accounts.organisations.acting import ActingOrganisation
from accounts.organisations.repository import OrganisationRepository
from infra.errors import Forbidden
from marketplace.partners.errors import PartnerError

# Availability answers what anyone may see: no person's own drafts, no staff view.
PUBLIC_VIEWER = Principal(
    user_id=UUID(int=0), email="", display_name="partner API", role=Role.AUDIENCE
)


async def key_holder(key: ApiKey) -> tuple[Principal, ActingOrganisation]:
    organisations = OrganisationRepository()
    organisation = await organisations.get(key.organisation_id)
    members = await organisations.members(key.organisation_id)
    holder = next((m for m in members if m.user_id == key.created_by), None)
    if organisation is None or holder is None:
        raise Forbidden(PartnerError.KEY_HOLDER_GONE)
    who = Principal(
        user_id=holder.user_id,
        email=holder.email,
        display_name=holder.display_name,
        role=Role.PARTNER,
    )
    details = organisation.details
    acting = ActingOrganisation(
        id=organisation.id,
        name=details.name,
        kind=details.kind,
        partner_kind=details.partner_kind,
        state=organisation.state,
        role=holder.role,
    )
    return who, acting
