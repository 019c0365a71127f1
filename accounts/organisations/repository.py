"""Reading and writing organisations and what hangs off them (piccolo, both engines)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from piccolo.columns import Column

from accounts.organisations.domain import (
    Address,
    Details,
    MemberRole,
    Organisation,
    OrganisationKind,
    PartnerKind,
    Review,
    VerificationState,
)
from accounts.organisations.errors import OrganisationError
from accounts.organisations.legal_identity import LegalIdentity, LegalScheme
from accounts.organisations.tables import (
    DocumentRow,
    InvitationRow,
    MembershipRow,
    OrganisationRow,
    ReviewRow,
)
from accounts.tables import User
from infra.db.values import as_utc, as_uuid
from infra.errors import Conflict
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


@dataclass(frozen=True)
class Document:
    id: UUID
    organisation_id: UUID
    sha256: str
    content_type: str
    filename: str
    size: int
    uploaded_at: datetime


@contextmanager
def _claims() -> Iterator[None]:
    """A unique index refusing a write: the legal identity another organisation claims."""
    try:
        yield
    except (asyncpg.UniqueViolationError, sqlite3.IntegrityError):
        raise Conflict(OrganisationError.LEGAL_ID_CLAIMED) from None


class OrganisationRepository:
    # Organisations ------------------------------------------------------------------------

    async def add(self, organisation: Organisation) -> None:
        with _claims():
            await OrganisationRow.insert(OrganisationRow(**_fields(organisation)))

    async def save(self, organisation: Organisation) -> None:
        fields: dict[Column | str, Any] = {
            key: value for key, value in _fields(organisation).items() if key != "id"
        }
        with _claims():
            await OrganisationRow.update(fields).where(OrganisationRow.id == organisation.id)

    async def get(self, organisation_id: UUID) -> Organisation | None:
        row = await OrganisationRow.select().where(OrganisationRow.id == organisation_id).first()
        return _organisation(row) if row else None

    async def claimed(self, claim_key: str, other_than: UUID | None = None) -> bool:
        """Another organisation, not refused, claims this identity."""
        query = OrganisationRow.select(OrganisationRow.id).where(
            (OrganisationRow.claim_key == claim_key)
            & (OrganisationRow.state != VerificationState.REFUSED.value)
        )
        if other_than is not None:
            query = query.where(OrganisationRow.id != other_than)
        return bool(await query.first())

    async def of_member(self, user_id: UUID) -> list[tuple[Organisation, MemberRole]]:
        memberships = await MembershipRow.select(
            MembershipRow.organisation, MembershipRow.role
        ).where(MembershipRow.user == user_id)
        roles = {as_uuid(row["organisation"]): MemberRole(row["role"]) for row in memberships}
        if not roles:
            return []
        rows = (
            await OrganisationRow.select()
            .where(OrganisationRow.id.is_in(list(roles)))
            .order_by(OrganisationRow.name)
        )
        return [(_organisation(row), roles[as_uuid(row["id"])]) for row in rows]

    async def listing(
        self, state: VerificationState | None, kind: OrganisationKind | None, limit: int
    ) -> list[Organisation]:
        """Newest changes first: the latest requests lead the staff's list."""
        query = (
            OrganisationRow.select()
            .order_by(OrganisationRow.updated_at, ascending=False)
            .limit(limit)
        )
        if state is not None:
            query = query.where(OrganisationRow.state == state.value)
        if kind is not None:
            query = query.where(OrganisationRow.kind == kind.value)
        return [_organisation(row) for row in await query]

    # Members ------------------------------------------------------------------------------

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

    # Documents ----------------------------------------------------------------------------

    async def add_document(self, document: Document, content: bytes, by: UUID) -> Document:
        """Stored once per organisation: the same file again is the document already kept."""
        found = await self._document_by_hash(document.organisation_id, document.sha256)
        if found is not None:
            return found
        await DocumentRow.insert(
            DocumentRow(
                id=document.id,
                organisation=document.organisation_id,
                sha256=document.sha256,
                content_type=document.content_type,
                filename=document.filename,
                size=document.size,
                content=content,
                uploaded_by=by,
                uploaded_at=document.uploaded_at,
            )
        )
        return document

    async def _document_by_hash(self, organisation_id: UUID, sha256: str) -> Document | None:
        row = (
            await DocumentRow.select(*_DOCUMENT_COLUMNS)
            .where((DocumentRow.organisation == organisation_id) & (DocumentRow.sha256 == sha256))
            .first()
        )
        return _document(row) if row else None

    async def documents(self, organisation_id: UUID) -> list[Document]:
        rows = (
            await DocumentRow.select(*_DOCUMENT_COLUMNS)
            .where(DocumentRow.organisation == organisation_id)
            .order_by(DocumentRow.uploaded_at)
        )
        return [_document(row) for row in rows]

    async def document_content(
        self, organisation_id: UUID, document_id: UUID
    ) -> tuple[Document, bytes] | None:
        row = (
            await DocumentRow.select(*_DOCUMENT_COLUMNS, DocumentRow.content)
            .where((DocumentRow.organisation == organisation_id) & (DocumentRow.id == document_id))
            .first()
        )
        return (_document(row), bytes(row["content"])) if row else None

    # Reviews ------------------------------------------------------------------------------

    async def add_review(self, review: Review) -> None:
        await ReviewRow.insert(
            ReviewRow(
                id=review.id,
                organisation=review.organisation_id,
                from_state=review.from_state.value,
                to_state=review.to_state.value,
                by=review.by,
                reason=review.reason,
                at=review.at,
            )
        )

    async def reviews(self, organisation_id: UUID) -> list[Review]:
        rows = (
            await ReviewRow.select()
            .where(ReviewRow.organisation == organisation_id)
            .order_by(ReviewRow.at, ascending=False)
        )
        return [
            Review(
                id=as_uuid(row["id"]),
                organisation_id=organisation_id,
                from_state=VerificationState(row["from_state"]),
                to_state=VerificationState(row["to_state"]),
                by=as_uuid(row["by"]),
                reason=row["reason"],
                at=as_utc(row["at"]),
            )
            for row in rows
        ]


_DOCUMENT_COLUMNS = (
    DocumentRow.id,
    DocumentRow.organisation,
    DocumentRow.sha256,
    DocumentRow.content_type,
    DocumentRow.filename,
    DocumentRow.size,
    DocumentRow.uploaded_at,
)


def _document(row: dict[str, Any]) -> Document:
    return Document(
        id=as_uuid(row["id"]),
        organisation_id=as_uuid(row["organisation"]),
        sha256=row["sha256"],
        content_type=row["content_type"],
        filename=row["filename"],
        size=int(row["size"]),
        uploaded_at=as_utc(row["uploaded_at"]),
    )


def _fields(organisation: Organisation) -> dict[str, Any]:
    details = organisation.details
    identity = details.legal_identity
    address = details.address
    return {
        "id": organisation.id,
        "kind": details.kind.value,
        "partner_kind": details.partner_kind.value if details.partner_kind else None,
        "name": details.name,
        "legal_scheme": identity.scheme.value if identity else None,
        "legal_id": identity.value if identity else None,
        "legal_country": identity.country if identity else None,
        "claim_key": organisation.claim_key,
        "street": address.street,
        "postcode": address.postcode,
        "city": address.city,
        "country": address.country,
        "commune_code": address.commune_code,
        "state": organisation.state.value,
        "state_reason": organisation.state_reason,
        "state_changed_at": organisation.state_changed_at,
        "created_by": organisation.created_by,
        "created_at": organisation.created_at,
        "updated_at": organisation.updated_at,
    }


def _organisation(row: dict[str, Any]) -> Organisation:
    identity = (
        LegalIdentity(LegalScheme(row["legal_scheme"]), row["legal_id"], row["legal_country"])
        if row["legal_scheme"]
        else None
    )
    details = Details(
        name=row["name"],
        kind=OrganisationKind(row["kind"]),
        partner_kind=PartnerKind(row["partner_kind"]) if row["partner_kind"] else None,
        legal_identity=identity,
        address=Address(
            street=row["street"],
            postcode=row["postcode"],
            city=row["city"],
            country=row["country"],
            commune_code=row["commune_code"],
        ),
    )
    return Organisation(
        id=as_uuid(row["id"]),
        details=details,
        state=VerificationState(row["state"]),
        created_by=as_uuid(row["created_by"]),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        state_reason=row["state_reason"],
        state_changed_at=as_utc(row["state_changed_at"]) if row["state_changed_at"] else None,
    )
