"""The JSON shapes of the calls API, and the parsing of what managers send."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec

from calls.domain import Call, CallSettings, Decision, Eligibility, Submission
from calls.errors import CallError
from calls.forms import parse_form
from calls.repository import AttachedFile, Person, Score
from calls.review import parse_grid
from calls.service import RankedSubmission
from calls.texts import TextsRejected, parse_texts
from infra.errors import InvalidInput
from infra.i18n.context import DEFAULT_TIME_ZONE

MAX_TITLE = 200
MAX_DESCRIPTION = 10_000
Aware = Annotated[datetime, msgspec.Meta(tz=True)]


class ScopeIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: Annotated[str, msgspec.Meta(max_length=30)]
    id: Annotated[str, msgspec.Meta(max_length=64)]


class CallIn(msgspec.Struct, forbid_unknown_fields=True):
    """A call as its managers shape it. Dates carry their offset (ISO 8601); they are kept in
    UTC and shown in `time_zone`."""

    titles: dict[str, str]
    opens_at: Aware
    closes_at: Aware
    descriptions: dict[str, str] = {}
    time_zone: Annotated[str, msgspec.Meta(max_length=60)] = DEFAULT_TIME_ZONE
    eligibility: dict[str, Any] = {}
    form: list[dict[str, Any]] = []
    grid: list[dict[str, Any]] = []
    fee_cents: int = 0


class NewCallIn(CallIn, forbid_unknown_fields=True):
    scope: ScopeIn | None = None


class SubmissionIn(msgspec.Struct, forbid_unknown_fields=True):
    answers: dict[str, Any] = {}
    submit: bool = False


class AnswersIn(msgspec.Struct, forbid_unknown_fields=True):
    answers: dict[str, Any]


class ReviewerIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(max_length=254)]


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    submission_id: UUID
    decision: Annotated[str, msgspec.Meta(max_length=20)]


class DecisionsIn(msgspec.Struct, forbid_unknown_fields=True):
    decisions: Annotated[list[DecisionIn], msgspec.Meta(max_length=500)]


class FeeWaiverIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(max_length=254)]
    note: Annotated[str, msgspec.Meta(max_length=500)] = ""


class FeeWaiverOut(msgspec.Struct):
    waived: list[UUID]  # the applicant's drafts whose fee is now waived


class ConflictIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class ScoreIn(msgspec.Struct, forbid_unknown_fields=True):
    marks: dict[str, Any]
    comment: Annotated[str, msgspec.Meta(max_length=5000)] = ""


def parse_settings(data: CallIn, known_disciplines: frozenset[str]) -> CallSettings:
    """Every field checked; the first problem found is a 422 naming it."""
    try:
        titles = parse_texts(data.titles, MAX_TITLE)
        descriptions = parse_texts(data.descriptions, MAX_DESCRIPTION, required=False)
    except TextsRejected:
        raise InvalidInput(
            CallError.INVALID_TEXTS, max=MAX_TITLE, allowed="fr, en, es, gcf-MQ"
        ) from None
    return CallSettings(
        titles=titles,
        descriptions=descriptions,
        opens_at=data.opens_at.astimezone(UTC),
        closes_at=data.closes_at.astimezone(UTC),
        time_zone=data.time_zone,
        eligibility=Eligibility.parse(data.eligibility, known_disciplines),
        form=parse_form(data.form),
        grid=parse_grid(data.grid),
        fee_cents=data.fee_cents,
    )


def parse_decisions(data: DecisionsIn) -> list[tuple[UUID, Decision]]:
    parsed = []
    for item in data.decisions:
        try:
            parsed.append((item.submission_id, Decision(item.decision)))
        except ValueError:
            allowed = ", ".join(d.value for d in Decision)
            raise InvalidInput(
                CallError.INVALID_DECISION, decision=item.decision[:20], allowed=allowed
            ) from None
    return parsed


class ScopeOut(msgspec.Struct):
    kind: str
    id: str


class CallOut(msgspec.Struct):
    id: UUID
    scope: ScopeOut
    state: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    opens_at: datetime
    closes_at: datetime
    time_zone: str
    accepting: bool  # submissions may be made now
    eligibility: dict[str, Any]
    form: list[dict[str, Any]]
    grid: list[dict[str, Any]]
    fee_cents: int


def call_out(call: Call, now: datetime) -> CallOut:
    settings = call.settings
    return CallOut(
        id=call.id,
        scope=ScopeOut(call.scope.kind, call.scope.id),
        state=call.state.value,
        titles=dict(settings.titles),
        descriptions=dict(settings.descriptions),
        opens_at=settings.opens_at,
        closes_at=settings.closes_at,
        time_zone=settings.time_zone,
        accepting=call.accepts_submissions(now),
        eligibility=settings.eligibility.as_data(),
        form=settings.form.as_data(),
        grid=settings.grid.as_data(),
        fee_cents=settings.fee_cents,
    )


class SubmissionOut(msgspec.Struct):
    id: UUID
    call_id: UUID
    state: str
    answers: dict[str, Any]
    organisation_id: UUID | None
    created_at: datetime
    submitted_at: datetime | None
    decision: str | None
    decided_at: datetime | None


def submission_out(submission: Submission) -> SubmissionOut:
    return SubmissionOut(
        id=submission.id,
        call_id=submission.call_id,
        state=submission.state.value,
        answers=dict(submission.answers),
        organisation_id=submission.organisation_id,
        created_at=submission.created_at,
        submitted_at=submission.submitted_at,
        decision=submission.decision.value if submission.decision else None,
        decided_at=submission.decided_at,
    )


class MySubmissionOut(msgspec.Struct):
    submission: SubmissionOut
    call_titles: dict[str, str]
    call_closes_at: datetime


class PersonOut(msgspec.Struct):
    id: UUID
    display_name: str
    email: str


def person_out(person: Person) -> PersonOut:
    return PersonOut(person.id, person.display_name, person.email)


class RankedOut(msgspec.Struct):
    rank: int
    submission: SubmissionOut
    applicant: PersonOut | None
    score_percent: float | None  # the mean of the reviewers' scores, 0-100
    reviews: int
    conflicts: int


def ranked_out(position: int, ranked: RankedSubmission) -> RankedOut:
    return RankedOut(
        rank=position,
        submission=submission_out(ranked.submission),
        applicant=person_out(ranked.applicant) if ranked.applicant else None,
        score_percent=ranked.standing.percent,
        reviews=ranked.standing.reviews,
        conflicts=ranked.conflicts,
    )


class ScoreOut(msgspec.Struct):
    submission_id: UUID
    marks: dict[str, int]
    comment: str
    scored_at: datetime


def score_out(score: Score) -> ScoreOut:
    return ScoreOut(score.submission_id, score.marks, score.comment, score.scored_at)


class AssignmentOut(msgspec.Struct):
    call_id: UUID
    submission: SubmissionOut
    conflict: bool
    score: ScoreOut | None


class FileOut(msgspec.Struct):
    id: UUID
    filename: str
    content_type: str
    size: int


def file_out(file: AttachedFile) -> FileOut:
    return FileOut(file.id, file.filename, file.content_type, file.size)


class FeeOut(msgspec.Struct):
    """A submission's entry fee: what is due, how it stands, and the cart item that pays it."""

    amount_cents: int
    currency: str
    state: str  # none (a free call), unpaid, paid, refunded, waived
    item_kind: str | None  # put {"item_kind", "item_id"} in the cart to pay it
    item_id: UUID
