"""The staff's organisations API: the review queue, dossiers, documents and decisions."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_staff
from accounts.organisations.domain import OrganisationKind, VerificationState, parse_kind
from accounts.organisations.schemas import (
    DossierOut,
    OrganisationOut,
    ReasonIn,
    ReviewOut,
    document_out,
    member_out,
    organisation_out,
)
from accounts.organisations.service import OrganisationService
from infra.errors import CommonError, InvalidInput
from infra.http.dependencies import provide_service

ORGANISATION = "/{organisation_id:uuid}"


def parse_state(raw: str | None) -> VerificationState | None:
    if not raw:
        return None
    try:
        return VerificationState(raw)
    except ValueError:
        raise InvalidInput(CommonError.INVALID_INPUT) from None


def parse_kind_filter(raw: str | None) -> OrganisationKind | None:
    return parse_kind(raw) if raw else None


def attachment(content: bytes, content_type: str, filename: str) -> Response[bytes]:
    """A document to save, never to render in Lakou's origin."""
    return Response(
        content,
        media_type=content_type,
        headers={
            "content-disposition": f'attachment; filename="{filename}"',
            "x-content-type-options": "nosniff",
            "cache-control": "private, no-store",
        },
    )


class StaffOrganisationController(Controller):
    path = "/api/staff/organisations"
    tags = ["organisations", "staff"]
    guards = [requires_staff]
    dependencies = {
        "organisations": provide_service(OrganisationService),
        "me": Provide(provide_user),
    }

    @get("/")
    async def listing(
        self,
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
        wanted_state: Annotated[str | None, QueryParameter(name="state", max_length=20)] = None,
        kind: Annotated[str | None, QueryParameter(max_length=40)] = None,
    ) -> list[OrganisationOut]:
        """Organisations, latest changes first (`state`: unverified, requested, verified,
        refused, suspended; `kind`)."""
        found = await organisations.listing(me, parse_state(wanted_state), parse_kind_filter(kind))
        return [organisation_out(o, None) for o in found]

    @get(ORGANISATION)
    async def dossier(
        self,
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> DossierOut:
        found = await organisations.dossier(me, organisation_id)
        return DossierOut(
            organisation=organisation_out(found.organisation, None),
            members=[member_out(m) for m in found.members],
            documents=[document_out(d) for d in found.documents],
            history=[
                ReviewOut(
                    from_state=r.from_state.value,
                    to_state=r.to_state.value,
                    by=str(r.by),
                    reason=r.reason,
                    at=r.at,
                )
                for r in found.reviews
            ],
        )

    @get(ORGANISATION + "/documents/{document_id:uuid}")
    async def document(
        self,
        organisation_id: FromPath[UUID],
        document_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> Response[bytes]:
        found, content = await organisations.document(me, organisation_id, document_id)
        return attachment(content, found.content_type, found.filename)

    @post(ORGANISATION + "/verify", status_code=HTTP_200_OK)
    async def verify(
        self,
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> OrganisationOut:
        return organisation_out(await organisations.verify(me, organisation_id), None)

    @post(ORGANISATION + "/refuse", status_code=HTTP_200_OK)
    async def refuse(
        self,
        organisation_id: FromPath[UUID],
        data: JSONBody[ReasonIn],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> OrganisationOut:
        """Refuse a request, with the reason the members will read (required)."""
        return organisation_out(await organisations.refuse(me, organisation_id, data.reason), None)

    @post(ORGANISATION + "/suspend", status_code=HTTP_200_OK)
    async def suspend(
        self,
        organisation_id: FromPath[UUID],
        data: JSONBody[ReasonIn],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> OrganisationOut:
        return organisation_out(await organisations.suspend(me, organisation_id, data.reason), None)

    @post(ORGANISATION + "/reinstate", status_code=HTTP_200_OK)
    async def reinstate(
        self,
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> OrganisationOut:
        return organisation_out(await organisations.reinstate(me, organisation_id), None)
