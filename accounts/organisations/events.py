"""The organisations' events and their payloads (ids and states only: a refusal's reason and
an invitee's address stay in the module's tables)."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class OrganisationEvent(EventPayload, frozen=True, kw_only=True):
    organisation_id: UUID
    by: UUID  # who did it: a member, or staff
    state: str  # the verification state after the change
    kind: str


class MemberEvent(EventPayload, frozen=True, kw_only=True):
    organisation_id: UUID
    by: UUID
    user_id: UUID
    role: str | None  # the role after the change; None once removed


class InvitationEvent(EventPayload, frozen=True, kw_only=True):
    organisation_id: UUID
    by: UUID
    invitation_id: UUID
    role: str


ORGANISATION_CREATED = EventType(
    "organisation.created", OrganisationEvent, "an organisation was registered"
)
ORGANISATION_UPDATED = EventType(
    "organisation.updated", OrganisationEvent, "an organisation's details changed"
)
VERIFICATION_REQUESTED = EventType(
    "organisation.verification_requested",
    OrganisationEvent,
    "an organisation asked staff to verify it, with documents",
)
ORGANISATION_VERIFIED = EventType(
    "organisation.verified", OrganisationEvent, "staff verified an organisation"
)
ORGANISATION_REFUSED = EventType(
    "organisation.refused", OrganisationEvent, "staff refused an organisation's request"
)
ORGANISATION_SUSPENDED = EventType(
    "organisation.suspended", OrganisationEvent, "staff suspended a verified organisation"
)
ORGANISATION_REINSTATED = EventType(
    "organisation.reinstated", OrganisationEvent, "staff lifted an organisation's suspension"
)
MEMBER_ADDED = EventType("organisation.member_added", MemberEvent, "someone joined")
MEMBER_ROLE_CHANGED = EventType(
    "organisation.member_role_changed", MemberEvent, "a member's role changed"
)
MEMBER_REMOVED = EventType(
    "organisation.member_removed", MemberEvent, "a member left or was removed"
)
INVITATION_SENT = EventType(
    "organisation.invitation_sent", InvitationEvent, "someone was invited to join"
)

PUBLISHED = (
    ORGANISATION_CREATED,
    ORGANISATION_UPDATED,
    VERIFICATION_REQUESTED,
    ORGANISATION_VERIFIED,
    ORGANISATION_REFUSED,
    ORGANISATION_SUSPENDED,
    ORGANISATION_REINSTATED,
    MEMBER_ADDED,
    MEMBER_ROLE_CHANGED,
    MEMBER_REMOVED,
    INVITATION_SENT,
)
