"""Reading and writing organisations and what hangs off them (piccolo, both engines).

The organisation rows and their reviews are here; members and invitations are in
`member_store`, verification documents in `document_store`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import asyncpg
from piccolo.columns import Column

from accounts.organisations.document_store import DocumentStore
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
from accounts.organisations.member_store import MemberStore
from accounts.organisations.tables import MembershipRow, OrganisationRow, ReviewRow
from infra.db.values import as_utc, as_uuid
from infra.errors import Conflict


@contextmanager
def _claims() -> Iterator[None]:
    """A unique index refusing a write: the legal identity another organisation claims."""
    try:
        yield
    except (asyncpg.UniqueViolationError, sqlite3.IntegrityError):
        raise Conflict(OrganisationError.LEGAL_ID_CLAIMED) from None


# One object for callers (services and the markets' adapters take a single repository); each
# concern's queries live in their own module.
class OrganisationRepository(MemberStore, DocumentStore):
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
