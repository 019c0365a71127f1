"""The JSON shapes of the organisations API, and the parsing of what members send."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from accounts.organisations.capabilities import unlocked_by
from accounts.organisations.document_store import Document
from accounts.organisations.domain import (
    Address,
    Details,
    MemberRole,
    Organisation,
    check_name,
    parse_kind,
    parse_partner_kind,
)
from accounts.organisations.legal_identity import parse_legal_identity
from accounts.organisations.member_store import Invitation, Member

Short = Annotated[str, msgspec.Meta(max_length=300)]


class LegalIdentityIn(msgspec.Struct, forbid_unknown_fields=True):
    scheme: Annotated[str, msgspec.Meta(max_length=20)]
    number: Annotated[str, msgspec.Meta(max_length=100)]
    country: Annotated[str, msgspec.Meta(max_length=10)] = ""


class AddressIn(msgspec.Struct, forbid_unknown_fields=True):
    country: Annotated[str, msgspec.Meta(max_length=10)] = "MQ"
    commune_code: Annotated[str, msgspec.Meta(max_length=10)] | None = None
    street: Short = ""
    postcode: Short = ""
    city: Short = ""


class OrganisationIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: Annotated[str, msgspec.Meta(max_length=40)]
    name: Short
    address: AddressIn
    legal_identity: LegalIdentityIn | None = None
    partner_kind: Annotated[str, msgspec.Meta(max_length=40)] | None = None


def parse_details(data: OrganisationIn) -> Details:
    """Every field checked; the first problem found is a 422 naming it."""
    kind = parse_kind(data.kind)
    identity = data.legal_identity
    address = data.address
    return Details(
        name=check_name(data.name),
        kind=kind,
        partner_kind=parse_partner_kind(kind, data.partner_kind),
        legal_identity=(
            parse_legal_identity(identity.scheme, identity.number, identity.country)
            if identity
            else None
        ),
        address=Address.parse(
            address.street, address.postcode, address.city, address.country, address.commune_code
        ),
    )


class LegalIdentityOut(msgspec.Struct):
    scheme: str
    number: str
    display: str
    country: str


class AddressOut(msgspec.Struct):
    street: str
    postcode: str
    city: str
    country: str
    commune_code: str | None


class OrganisationOut(msgspec.Struct):
    id: str
    kind: str
    partner_kind: str | None
    name: str
    legal_identity: LegalIdentityOut | None
    address: AddressOut
    state: str
    state_reason: str
    # The caller's role in it (None for staff who are not members).
    role: str | None
    # What verification opens for an organisation of this kind (capability names).
    unlocks: list[str]
    created_at: datetime
    updated_at: datetime


def organisation_out(organisation: Organisation, role: MemberRole | None) -> OrganisationOut:
    details = organisation.details
    identity = details.legal_identity
    address = details.address
    return OrganisationOut(
        id=str(organisation.id),
        kind=details.kind.value,
        partner_kind=details.partner_kind.value if details.partner_kind else None,
        name=details.name,
        legal_identity=LegalIdentityOut(
            scheme=identity.scheme.value,
            number=identity.value,
            display=identity.display(),
            country=identity.country,
        )
        if identity
        else None,
        address=AddressOut(
            street=address.street,
            postcode=address.postcode,
            city=address.city,
            country=address.country,
            commune_code=address.commune_code,
        ),
        state=organisation.state.value,
        state_reason=organisation.state_reason,
        role=role.value if role else None,
        unlocks=[capability.name for capability in unlocked_by(details.kind)],
        created_at=organisation.created_at,
        updated_at=organisation.updated_at,
    )


class MemberOut(msgspec.Struct):
    user_id: str
    email: str
    display_name: str
    role: str
    joined_at: datetime


def member_out(member: Member) -> MemberOut:
    return MemberOut(
        user_id=str(member.user_id),
        email=member.email,
        display_name=member.display_name,
        role=member.role.value,
        joined_at=member.joined_at,
    )


class DocumentOut(msgspec.Struct):
    id: str
    sha256: str
    content_type: str
    filename: str
    size: int
    uploaded_at: datetime


def document_out(document: Document) -> DocumentOut:
    return DocumentOut(
        id=str(document.id),
        sha256=document.sha256,
        content_type=document.content_type,
        filename=document.filename,
        size=document.size,
        uploaded_at=document.uploaded_at,
    )


class InvitationIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(max_length=254)]
    role: Annotated[str, msgspec.Meta(max_length=20)] = "member"


class InvitationOut(msgspec.Struct):
    id: str
    email: str
    role: str
    expires_at: datetime


def invitation_out(invitation: Invitation) -> InvitationOut:
    return InvitationOut(
        id=str(invitation.id),
        email=invitation.email,
        role=invitation.role.value,
        expires_at=invitation.expires_at,
    )


class AcceptIn(msgspec.Struct, forbid_unknown_fields=True):
    token: Annotated[str, msgspec.Meta(max_length=200)]


class RoleIn(msgspec.Struct, forbid_unknown_fields=True):
    role: Annotated[str, msgspec.Meta(max_length=20)]


class ReasonIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=4000)] = ""


class ReviewOut(msgspec.Struct):
    from_state: str
    to_state: str
    by: str
    reason: str
    at: datetime


class DossierOut(msgspec.Struct):
    organisation: OrganisationOut
    members: list[MemberOut]
    documents: list[DocumentOut]
    history: list[ReviewOut]
