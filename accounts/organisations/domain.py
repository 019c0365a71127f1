"""Organisations: the structures that act on Lakou, their members and their verification.
Pure Python (rules and events; the service stores and audits).

Verification is reviewed by staff, with documents:

    unverified --request--> requested --verify--> verified --suspend--> suspended
                               |   ^                  ^                    |
                            refuse |                  +------reinstate-----+
                               v   | request again
                             refused
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from accounts.organisations.errors import OrganisationError
from accounts.organisations.events import (
    ORGANISATION_CREATED,
    ORGANISATION_REFUSED,
    ORGANISATION_REINSTATED,
    ORGANISATION_SUSPENDED,
    ORGANISATION_UPDATED,
    ORGANISATION_VERIFIED,
    VERIFICATION_REQUESTED,
    OrganisationEvent,
)
from accounts.organisations.legal_identity import LegalIdentity, normalise_country
from accounts.territory import by_code as commune_by_code
from infra.errors import Conflict, Forbidden, InvalidInput
from infra.events.model import EventRecorder
from infra.events.types import EventType
from infra.ids import new_id

MAX_NAME_LENGTH = 200
MAX_ADDRESS_LENGTH = 300
MAX_REASON_LENGTH = 2000
# Martinique: the only country whose communes Lakou knows (accounts.territory).
HOME_COUNTRY = "MQ"


class OrganisationKind(StrEnum):
    ORGANISER = "organiser"  # festival or market organiser
    EXPORT_PARTNER = "export_partner"
    CULTURAL_COMPANY = "cultural_company"
    ASSOCIATION = "association"
    EPCI = "epci"
    FEDERATION = "federation"
    FUNDER = "funder"


class PartnerKind(StrEnum):
    DISTRIBUTOR = "distributor"
    LABEL = "label"
    PUBLISHER = "publisher"
    BROADCASTER = "broadcaster"
    AGENCY = "agency"
    BUYER = "buyer"


class MemberRole(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    # Reads what the organisation's modules show it (licence deals, for one) and acts on none.
    VIEWER = "viewer"

    @property
    def manages(self) -> bool:
        """Invites, changes roles and asks for verification."""
        return self in (MemberRole.OWNER, MemberRole.ADMIN)

    @property
    def acts(self) -> bool:
        """Acts for the organisation where a module asks (a viewer only reads)."""
        return self is not MemberRole.VIEWER


class VerificationState(StrEnum):
    UNVERIFIED = "unverified"
    REQUESTED = "requested"
    VERIFIED = "verified"
    REFUSED = "refused"
    SUSPENDED = "suspended"


def parse_kind(raw: str) -> OrganisationKind:
    try:
        return OrganisationKind(raw)
    except ValueError:
        allowed = ", ".join(k.value for k in OrganisationKind)
        raise InvalidInput(OrganisationError.INVALID_KIND, kind=raw[:40], allowed=allowed) from None


def parse_partner_kind(kind: OrganisationKind, raw: str | None) -> PartnerKind | None:
    """An export partner says which trade it is in; no other kind does."""
    if kind is not OrganisationKind.EXPORT_PARTNER:
        if raw:
            raise InvalidInput(OrganisationError.PARTNER_KIND_UNEXPECTED)
        return None
    try:
        return PartnerKind(raw or "")
    except ValueError:
        allowed = ", ".join(k.value for k in PartnerKind)
        raise InvalidInput(OrganisationError.INVALID_PARTNER_KIND, allowed=allowed) from None


def parse_member_role(raw: str) -> MemberRole:
    try:
        return MemberRole(raw)
    except ValueError:
        allowed = ", ".join(r.value for r in MemberRole)
        raise InvalidInput(
            OrganisationError.INVALID_MEMBER_ROLE, role=raw[:20], allowed=allowed
        ) from None


def check_name(raw: str) -> str:
    name = " ".join(raw.split())
    if len(name) < 2 or len(name) > MAX_NAME_LENGTH or "\x00" in name:
        raise InvalidInput(OrganisationError.INVALID_NAME, max=MAX_NAME_LENGTH)
    return name


def check_reason(raw: str) -> str:
    reason = raw.strip()
    if len(reason) < 3 or len(reason) > MAX_REASON_LENGTH or "\x00" in reason:
        raise InvalidInput(OrganisationError.INVALID_REASON, max=MAX_REASON_LENGTH)
    return reason


@dataclass(frozen=True)
class Address:
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = HOME_COUNTRY  # ISO 3166-1 alpha-2
    commune_code: str | None = None  # INSEE 972xx, for an address in Martinique

    @classmethod
    def parse(
        cls, street: str, postcode: str, city: str, country: str, commune_code: str | None
    ) -> Address:
        """Checked: a Martinican address names its commune (by INSEE code), others none."""
        texts = [" ".join(text.split()) for text in (street, postcode, city)]
        if any(len(text) > MAX_ADDRESS_LENGTH or "\x00" in text for text in texts):
            raise InvalidInput(OrganisationError.INVALID_ADDRESS, max=MAX_ADDRESS_LENGTH)
        code = normalise_country(country or HOME_COUNTRY)
        commune = (commune_code or "").strip() or None
        if code == HOME_COUNTRY:
            if commune is None:
                raise InvalidInput(OrganisationError.COMMUNE_REQUIRED)
            found = commune_by_code(commune)
            if found is None:
                raise InvalidInput(OrganisationError.INVALID_COMMUNE, commune=commune[:10])
            # The registry's name is the city's name: one spelling for every address.
            texts[2] = texts[2] or found.name
        elif commune is not None:
            raise InvalidInput(OrganisationError.COMMUNE_UNEXPECTED)
        return cls(texts[0], texts[1], texts[2], code, commune)


@dataclass(frozen=True)
class Details:
    """What the members say about their organisation (checked where it is parsed)."""

    name: str
    kind: OrganisationKind
    partner_kind: PartnerKind | None
    legal_identity: LegalIdentity | None
    address: Address


@dataclass(frozen=True)
class Review:
    """One step of the verification history: who moved it where, when and why."""

    id: UUID
    organisation_id: UUID
    from_state: VerificationState
    to_state: VerificationState
    by: UUID
    reason: str
    at: datetime


# Which transition leads from which states, and the event that says it happened.
_TRANSITIONS: Mapping[
    VerificationState,
    tuple[frozenset[VerificationState], EventType[OrganisationEvent]],
] = {
    VerificationState.REQUESTED: (
        frozenset({VerificationState.UNVERIFIED, VerificationState.REFUSED}),
        VERIFICATION_REQUESTED,
    ),
    VerificationState.VERIFIED: (frozenset({VerificationState.REQUESTED}), ORGANISATION_VERIFIED),
    VerificationState.REFUSED: (frozenset({VerificationState.REQUESTED}), ORGANISATION_REFUSED),
    VerificationState.SUSPENDED: (frozenset({VerificationState.VERIFIED}), ORGANISATION_SUSPENDED),
}


@dataclass
class Organisation(EventRecorder):
    id: UUID
    details: Details
    state: VerificationState
    created_by: UUID
    created_at: datetime
    updated_at: datetime
    state_reason: str = ""
    state_changed_at: datetime | None = None

    @classmethod
    def create(cls, details: Details, by: UUID, now: datetime) -> Organisation:
        organisation = cls(
            id=new_id(),
            details=details,
            state=VerificationState.UNVERIFIED,
            created_by=by,
            created_at=now,
            updated_at=now,
        )
        organisation._event(ORGANISATION_CREATED, by)
        return organisation

    @property
    def is_verified(self) -> bool:
        return self.state is VerificationState.VERIFIED

    @property
    def claim_key(self) -> str | None:
        identity = self.details.legal_identity
        return identity.claim_key if identity else None

    def update(self, details: Details, by: UUID, now: datetime) -> None:
        """New details; the legal identity is fixed while staff review it or vouch for it."""
        if details.legal_identity != self.details.legal_identity and self.state in (
            VerificationState.REQUESTED,
            VerificationState.VERIFIED,
            VerificationState.SUSPENDED,
        ):
            raise Conflict(OrganisationError.LOCKED_WHILE_REVIEWED)
        self.details = details
        self.updated_at = now
        self._event(ORGANISATION_UPDATED, by)

    def request_verification(self, by: UUID, documents: int, now: datetime) -> Review:
        if self.details.legal_identity is None:
            raise Conflict(OrganisationError.LEGAL_ID_MISSING)
        if documents < 1:
            raise Conflict(OrganisationError.DOCUMENTS_MISSING)
        return self._move(VerificationState.REQUESTED, by, "", now)

    def verify(self, by: UUID, now: datetime) -> Review:
        return self._move(VerificationState.VERIFIED, by, "", now)

    def refuse(self, by: UUID, reason: str, now: datetime) -> Review:
        return self._move(VerificationState.REFUSED, by, check_reason(reason), now)

    def suspend(self, by: UUID, reason: str, now: datetime) -> Review:
        return self._move(VerificationState.SUSPENDED, by, check_reason(reason), now)

    def reinstate(self, by: UUID, now: datetime) -> Review:
        if self.state is not VerificationState.SUSPENDED:
            raise Conflict(OrganisationError.INVALID_TRANSITION, state=self.state.value)
        review = self._review(VerificationState.VERIFIED, by, "", now)
        self._apply(review, ORGANISATION_REINSTATED)
        return review

    def _move(self, to: VerificationState, by: UUID, reason: str, now: datetime) -> Review:
        sources, event = _TRANSITIONS[to]
        if self.state not in sources:
            raise Conflict(OrganisationError.INVALID_TRANSITION, state=self.state.value)
        review = self._review(to, by, reason, now)
        self._apply(review, event)
        return review

    def _review(self, to: VerificationState, by: UUID, reason: str, now: datetime) -> Review:
        return Review(new_id(), self.id, self.state, to, by, reason, now)

    def _apply(self, review: Review, event: EventType[OrganisationEvent]) -> None:
        self.state = review.to_state
        self.state_reason = review.reason
        self.state_changed_at = review.at
        self.updated_at = review.at
        self._event(event, review.by)

    def _event(self, event: EventType[OrganisationEvent], by: UUID) -> None:
        payload = OrganisationEvent(
            organisation_id=self.id, by=by, state=self.state.value, kind=self.details.kind.value
        )
        self.record(event.event(self.id, payload))

    def snapshot(self) -> dict[str, str | None]:
        """The audited fields (the audit trail keeps them before and after a change)."""
        identity = self.details.legal_identity
        return {
            "name": self.details.name,
            "kind": self.details.kind.value,
            "partner_kind": self.details.partner_kind.value if self.details.partner_kind else None,
            "legal_identity": identity.claim_key or identity.value if identity else None,
            "state": self.state.value,
            "reason": self.state_reason or None,
        }


def check_owner_kept(
    owners: int, current: MemberRole, new: MemberRole | None, *, by_owner: bool
) -> None:
    """Changing a member from `current` to `new` (None: removing them), by an owner or not.

    Only owners touch owners or make new ones; the last owner can neither leave nor be
    demoted (an organisation always has someone who can hand it on).
    """
    touches_owner = MemberRole.OWNER in (current, new)
    if touches_owner and not by_owner:
        raise Forbidden(OrganisationError.NOT_OWNER)
    if current is MemberRole.OWNER and new is not MemberRole.OWNER and owners <= 1:
        raise Conflict(OrganisationError.LAST_OWNER)
