"""The organisations API for members: register, documents, verification request, members.

Every route needs a signed-in caller; an organisation the caller does not belong to answers 404.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.organisations.documents import MAX_DOCUMENT_BYTES
from accounts.organisations.domain import parse_member_role
from accounts.organisations.members import MembershipService
from accounts.organisations.schemas import (
    AcceptIn,
    DocumentOut,
    InvitationIn,
    InvitationOut,
    MemberOut,
    OrganisationIn,
    OrganisationOut,
    RoleIn,
    document_out,
    invitation_out,
    member_out,
    organisation_out,
    parse_details,
)
from accounts.organisations.service import OrganisationService
from infra.http.dependencies import provide_service

ORGANISATION = "/{organisation_id:uuid}"


class OrganisationController(Controller):
    path = "/api/organisations"
    tags = ["organisations"]
    guards = [requires_user]
    dependencies = {
        "organisations": provide_service(OrganisationService),
        "memberships": provide_service(MembershipService),
        "me": Provide(provide_user),
    }

    @post("/", status_code=HTTP_201_CREATED)
    async def create(
        self,
        data: JSONBody[OrganisationIn],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> OrganisationOut:
        """Register an organisation (unverified); the caller becomes its owner.

        `legal_identity`: `{"scheme": "siren" | "siret" | "eu_vat" | "foreign", "number": …,
        "country": …}` (country for foreign registrations only); a SIREN, SIRET or VAT number
        another organisation claims is a 409 `legal_id_claimed`. `address.commune_code` is the
        INSEE code of a commune of Martinique, required when `address.country` is MQ.
        """
        organisation = await organisations.create(me, parse_details(data))
        return organisation_out(organisation, parse_member_role("owner"))

    @get("/")
    async def mine(
        self, me: NamedDependency[Principal], organisations: NamedDependency[OrganisationService]
    ) -> list[OrganisationOut]:
        """The organisations the caller belongs to, with their role in each."""
        return [organisation_out(o, role) for o, role in await organisations.mine(me)]

    @get(ORGANISATION)
    async def get_one(
        self,
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> OrganisationOut:
        organisation, role = await organisations.get(me, organisation_id)
        return organisation_out(organisation, role)

    @patch(ORGANISATION)
    async def update(
        self,
        organisation_id: FromPath[UUID],
        data: JSONBody[OrganisationIn],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> OrganisationOut:
        """Owners and admins change its details (the legal identity only while unverified or
        refused)."""
        organisation = await organisations.update(me, organisation_id, parse_details(data))
        _, role = await organisations.get(me, organisation_id)
        return organisation_out(organisation, role)

    @post(
        ORGANISATION + "/documents",
        status_code=HTTP_201_CREATED,
        request_max_body_size=MAX_DOCUMENT_BYTES,
    )
    async def add_document(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
        filename: Annotated[str, Parameter(max_length=300)] = "document",
    ) -> DocumentOut:
        """A verification document as the raw body (PDF, PNG or JPEG, 10 MB at most), named by
        `?filename=`. The same file twice is kept once."""
        content = await request.body()
        return document_out(
            await organisations.add_document(me, organisation_id, filename, content)
        )

    @get(ORGANISATION + "/documents")
    async def documents(
        self,
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> list[DocumentOut]:
        return [document_out(d) for d in await organisations.documents(me, organisation_id)]

    @post(ORGANISATION + "/verification-request", status_code=HTTP_200_OK)
    async def request_verification(
        self,
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> OrganisationOut:
        """Ask staff to verify it: needs its legal identity and at least one document."""
        organisation = await organisations.request_verification(me, organisation_id)
        _, role = await organisations.get(me, organisation_id)
        return organisation_out(organisation, role)

    @get(ORGANISATION + "/members")
    async def members(
        self,
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        memberships: NamedDependency[MembershipService],
    ) -> list[MemberOut]:
        return [member_out(m) for m in await memberships.members(me, organisation_id)]

    @post(ORGANISATION + "/invitations", status_code=HTTP_201_CREATED)
    async def invite(
        self,
        organisation_id: FromPath[UUID],
        data: JSONBody[InvitationIn],
        me: NamedDependency[Principal],
        memberships: NamedDependency[MembershipService],
    ) -> InvitationOut:
        """Invite someone by e-mail (owners and admins): a single-use link, valid 14 days, is
        mailed to the address. Inviting a member is a 409 `already_member`."""
        invitation = await memberships.invite(
            me, organisation_id, data.email, parse_member_role(data.role)
        )
        return invitation_out(invitation)

    @post("/invitations/accept", status_code=HTTP_200_OK)
    async def accept(
        self,
        data: JSONBody[AcceptIn],
        me: NamedDependency[Principal],
        memberships: NamedDependency[MembershipService],
    ) -> OrganisationOut:
        """Join with the token from the invitation mail, signed in with the invited address."""
        organisation = await memberships.accept(me, data.token)
        role = await memberships.role(organisation.id, me)
        return organisation_out(organisation, role)

    @put(ORGANISATION + "/members/{user_id:uuid}", status_code=HTTP_204_NO_CONTENT)
    async def change_role(
        self,
        organisation_id: FromPath[UUID],
        user_id: FromPath[UUID],
        data: JSONBody[RoleIn],
        me: NamedDependency[Principal],
        memberships: NamedDependency[MembershipService],
    ) -> None:
        """Owners and admins change roles; only owners name or demote owners, and the last owner
        stays one (409 `last_owner`)."""
        await memberships.change_role(me, organisation_id, user_id, parse_member_role(data.role))

    @delete(ORGANISATION + "/members/{user_id:uuid}", status_code=HTTP_204_NO_CONTENT)
    async def remove(
        self,
        organisation_id: FromPath[UUID],
        user_id: FromPath[UUID],
        me: NamedDependency[Principal],
        memberships: NamedDependency[MembershipService],
    ) -> None:
        """Remove a member (owners and admins), or leave (oneself); never the last owner."""
        await memberships.remove(me, organisation_id, user_id)
