"""The calls' events and their payloads: ids only (titles and answers stay in the tables).

Every payload names the call's owner scope, so the module that opened a call (a market, a
mutualisation programme) consumes the events of its own calls and ignores the others:

    if payload.scope_kind == "market": add payload.work_ids to the market's selection
"""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class CallEvent(EventPayload, frozen=True, kw_only=True):
    call_id: UUID
    scope_kind: str
    scope_id: str
    by: UUID  # the manager who did it


class SubmissionEvent(EventPayload, frozen=True, kw_only=True):
    call_id: UUID
    submission_id: UUID
    applicant_id: UUID
    scope_kind: str
    scope_id: str
    work_ids: list[UUID]  # the works the answers name, from the applicant's catalogue


class EntryEvent(EventPayload, frozen=True, kw_only=True):
    call_id: UUID
    submission_id: UUID
    applicant_id: UUID
    scope_kind: str
    scope_id: str
    work_ids: list[UUID]
    by: UUID  # the manager who decided


CALL_OPENED = EventType("call.opened", CallEvent, "a call opened for submissions")
CALL_CLOSED = EventType("call.closed", CallEvent, "a call closed (deadline passed or early)")
CALL_DECIDED = EventType("call.decided", CallEvent, "every submission of a call was decided")
SUBMISSION_SUBMITTED = EventType(
    "submission.submitted", SubmissionEvent, "an applicant sent a submission to a call"
)
ENTRY_ACCEPTED = EventType(
    "entry.accepted", EntryEvent, "a submission was accepted (a market adds its works)"
)
ENTRY_DECLINED = EventType("entry.declined", EntryEvent, "a submission was declined")
ENTRY_WAITLISTED = EventType("entry.waitlisted", EntryEvent, "a submission was wait-listed")

# By decision value (calls.domain.Decision).
DECIDED = {
    "accepted": ENTRY_ACCEPTED,
    "declined": ENTRY_DECLINED,
    "waitlisted": ENTRY_WAITLISTED,
}

PUBLISHED = (
    CALL_OPENED,
    CALL_CLOSED,
    CALL_DECIDED,
    SUBMISSION_SUBMITTED,
    ENTRY_ACCEPTED,
    ENTRY_DECLINED,
    ENTRY_WAITLISTED,
)
