"""Calls and submissions: the rules, as plain objects. Pure.

A call belongs to an owner scope that the module opening it names — `("market", <id>)`, later
`("mutualisation", <id>)` — never to one kind of owner in particular: calls know nothing of
markets. Its life is draft → open → closed → decided. While a draft its managers shape it (texts,
window, eligibility, form, grid); once open, only its texts and its deadline change. A submission
is a draft until its applicant sends it; nothing is sent or changed after the deadline (409
`call_closed`). Decisions (accept, decline, wait-list) are taken once the call is closed; a
wait-listed submission may still be accepted or declined, the others are final.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from accounts.organisations.domain import OrganisationKind
from calls import events
from calls.errors import CallError
from calls.forms import AnswerValue, Form
from calls.review import Grid
from calls.texts import Texts
from infra.errors import Conflict, InvalidInput
from infra.events.model import EventRecorder
from infra.events.types import EventType
from infra.ids import new_id

MAX_FEE_CENTS = 100_000
MIN_FEE_CENTS = 100  # card payments cost a fixed part: below 1 € a fee is mostly that
MAX_SUBMISSIONS_PER_APPLICANT = 50
PERSON = "person"
APPLICANT_KINDS = (PERSON, *(kind.value for kind in OrganisationKind))
_SCOPE_KIND = re.compile(r"^[a-z][a-z_]{0,29}$")
_SCOPE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class CallState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    DECIDED = "decided"


class SubmissionState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"  # its entry fee was refunded before a decision (calls.fees)


class Decision(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"


@dataclass(frozen=True)
class OwnerScope:
    """What a call belongs to, named by the module that opened it."""

    kind: str
    id: str

    @classmethod
    def parse(cls, kind: Any, scope_id: Any) -> OwnerScope:
        if not isinstance(kind, str) or not _SCOPE_KIND.match(kind):
            raise InvalidInput(CallError.INVALID_SCOPE)
        if not isinstance(scope_id, str) or not _SCOPE_ID.match(scope_id):
            raise InvalidInput(CallError.INVALID_SCOPE)
        return cls(kind, scope_id)


@dataclass(frozen=True)
class Eligibility:
    """Who may apply, as data: empty sets allow everyone."""

    disciplines: frozenset[str] = frozenset()
    applicant_kinds: frozenset[str] = frozenset()  # "person" or organisation kinds
    max_submissions: int = 1

    def as_data(self) -> dict[str, Any]:
        return {
            "disciplines": sorted(self.disciplines),
            "applicant_kinds": sorted(self.applicant_kinds),
            "max_submissions": self.max_submissions,
        }

    @classmethod
    def parse(cls, raw: Any, known_disciplines: frozenset[str]) -> Eligibility:
        raw = raw if isinstance(raw, dict) else {}
        disciplines = _strings(raw.get("disciplines"))
        for value in disciplines - known_disciplines:
            allowed = ", ".join(sorted(known_disciplines))
            raise InvalidInput(CallError.UNKNOWN_DISCIPLINE, value=value[:40], allowed=allowed)
        kinds = _strings(raw.get("applicant_kinds"))
        for value in kinds - set(APPLICANT_KINDS):
            allowed = ", ".join(APPLICANT_KINDS)
            raise InvalidInput(CallError.UNKNOWN_APPLICANT_KIND, value=value[:40], allowed=allowed)
        most = raw.get("max_submissions", 1)
        if not isinstance(most, int) or isinstance(most, bool):
            raise InvalidInput(CallError.INVALID_MAX_SUBMISSIONS, max=MAX_SUBMISSIONS_PER_APPLICANT)
        if not 1 <= most <= MAX_SUBMISSIONS_PER_APPLICANT:
            raise InvalidInput(CallError.INVALID_MAX_SUBMISSIONS, max=MAX_SUBMISSIONS_PER_APPLICANT)
        return cls(disciplines, kinds, most)

    def check_applicant(self, kind: str) -> None:
        if self.applicant_kinds and kind not in self.applicant_kinds:
            allowed = ", ".join(sorted(self.applicant_kinds))
            raise InvalidInput(CallError.KIND_NOT_ELIGIBLE, allowed=allowed)

    def check_disciplines(self, disciplines: list[str]) -> None:
        if self.disciplines and any(d not in self.disciplines for d in disciplines):
            allowed = ", ".join(sorted(self.disciplines))
            raise InvalidInput(CallError.DISCIPLINE_NOT_ELIGIBLE, allowed=allowed)


def _strings(raw: Any) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise InvalidInput(CallError.UNKNOWN_APPLICANT_KIND, value="?", allowed="")
    return frozenset(raw)


@dataclass(frozen=True)
class CallSettings:
    """What managers shape: everything but the state."""

    titles: Texts
    descriptions: Texts
    opens_at: datetime  # UTC
    closes_at: datetime  # UTC: the deadline
    time_zone: str  # for display, e.g. America/Martinique
    eligibility: Eligibility = field(default_factory=Eligibility)
    form: Form = field(default_factory=Form)
    grid: Grid = field(default_factory=Grid)
    fee_cents: int = 0

    def __post_init__(self) -> None:
        if self.closes_at <= self.opens_at:
            raise InvalidInput(CallError.INVALID_WINDOW)
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(CallError.INVALID_TIME_ZONE, zone=self.time_zone[:60]) from None
        if not 0 <= self.fee_cents <= MAX_FEE_CENTS:
            raise InvalidInput(CallError.INVALID_FEE, max=MAX_FEE_CENTS)
        if 0 < self.fee_cents < MIN_FEE_CENTS:
            raise InvalidInput(CallError.FEE_TOO_LOW, min=MIN_FEE_CENTS)


@dataclass
class Call(EventRecorder):
    id: UUID
    scope: OwnerScope
    settings: CallSettings
    state: CallState
    created_by: UUID
    created_at: datetime
    updated_at: datetime

    @classmethod
    def create(cls, scope: OwnerScope, settings: CallSettings, by: UUID, now: datetime) -> Call:
        return cls(new_id(), scope, settings, CallState.DRAFT, by, now, now)

    def accepts_submissions(self, now: datetime) -> bool:
        return self.state is CallState.OPEN and self.settings.opens_at <= now < self.closes_at

    @property
    def closes_at(self) -> datetime:
        return self.settings.closes_at

    def past_deadline(self, now: datetime) -> bool:
        return now >= self.closes_at

    def check_accepting(self, now: datetime) -> None:
        """A submission may be made or changed now: 409 `call_closed` after the deadline."""
        if self.state in (CallState.CLOSED, CallState.DECIDED) or self.past_deadline(now):
            raise Conflict(CallError.CALL_CLOSED)
        if self.state is not CallState.OPEN or now < self.settings.opens_at:
            raise Conflict(CallError.NOT_OPEN_YET)

    def edit(self, settings: CallSettings, now: datetime) -> None:
        """A draft changes freely; an open call only its texts and its deadline."""
        if self.state is CallState.OPEN:
            kept = replace(
                self.settings,
                titles=settings.titles,
                descriptions=settings.descriptions,
                closes_at=settings.closes_at,
                time_zone=settings.time_zone,
            )
            if kept != settings:
                raise Conflict(CallError.NOT_EDITABLE)
        elif self.state is not CallState.DRAFT:
            raise Conflict(CallError.INVALID_TRANSITION, state=self.state.value)
        self.settings = settings
        self.updated_at = now

    def open(self, by: UUID, now: datetime) -> None:
        if self.state is not CallState.DRAFT:
            raise Conflict(CallError.INVALID_TRANSITION, state=self.state.value)
        if self.past_deadline(now):
            raise InvalidInput(CallError.INVALID_WINDOW)
        self._move(CallState.OPEN, by, now, events.CALL_OPENED)

    def close(self, by: UUID, now: datetime) -> None:
        if self.state is not CallState.OPEN:
            raise Conflict(CallError.INVALID_TRANSITION, state=self.state.value)
        # Closed early: the deadline becomes now, so the rule "nothing after it" stays one rule.
        if not self.past_deadline(now):
            self.settings = replace(self.settings, closes_at=max(now, self.settings.opens_at))
        self._move(CallState.CLOSED, by, now, events.CALL_CLOSED)

    def check_deciding(self, by: UUID, now: datetime) -> None:
        """Decisions wait for the deadline; the first one closes an open call past it."""
        if self.state is CallState.OPEN and self.past_deadline(now):
            self._move(CallState.CLOSED, by, now, events.CALL_CLOSED)
        if self.state not in (CallState.CLOSED, CallState.DECIDED):
            raise Conflict(CallError.NOT_CLOSED)

    def all_decided(self, by: UUID, now: datetime) -> None:
        if self.state is CallState.CLOSED:
            self._move(CallState.DECIDED, by, now, events.CALL_DECIDED)

    def _move(
        self, state: CallState, by: UUID, now: datetime, kind: EventType[events.CallEvent]
    ) -> None:
        self.state = state
        self.updated_at = now
        self.record(
            kind.event(
                self.id,
                events.CallEvent(
                    call_id=self.id, scope_kind=self.scope.kind, scope_id=self.scope.id, by=by
                ),
            )
        )


@dataclass
class Submission(EventRecorder):
    id: UUID
    call_id: UUID
    applicant_id: UUID
    organisation_id: UUID | None  # the organisation the applicant applied as, if any
    state: SubmissionState
    answers: dict[str, AnswerValue]
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    decision: Decision | None = None
    decided_at: datetime | None = None

    @classmethod
    def start(
        cls,
        call_id: UUID,
        applicant_id: UUID,
        organisation_id: UUID | None,
        answers: dict[str, AnswerValue],
        now: datetime,
    ) -> Submission:
        return cls(
            new_id(),
            call_id,
            applicant_id,
            organisation_id,
            SubmissionState.DRAFT,
            answers,
            now,
            now,
        )

    def change(self, answers: dict[str, AnswerValue], now: datetime) -> None:
        if self.state is not SubmissionState.DRAFT:
            raise Conflict(CallError.ALREADY_SUBMITTED)
        self.answers = answers
        self.updated_at = now

    def submit(self, call: Call, work_ids: list[UUID], now: datetime) -> None:
        if self.state is not SubmissionState.DRAFT:
            raise Conflict(CallError.ALREADY_SUBMITTED)
        self.state = SubmissionState.SUBMITTED
        self.submitted_at = self.updated_at = now
        self.record(
            events.SUBMISSION_SUBMITTED.event(
                self.id,
                events.SubmissionEvent(
                    call_id=call.id,
                    submission_id=self.id,
                    applicant_id=self.applicant_id,
                    scope_kind=call.scope.kind,
                    scope_id=call.scope.id,
                    work_ids=work_ids,
                ),
            )
        )

    def withdraw(self, now: datetime) -> bool:
        """Taken out of the call (its fee refunded): False once decided, when decisions stand."""
        if self.decision is not None or self.state is SubmissionState.WITHDRAWN:
            return False
        self.state = SubmissionState.WITHDRAWN
        self.updated_at = now
        return True

    def decide(
        self, call: Call, decision: Decision, work_ids: list[UUID], by: UUID, now: datetime
    ) -> bool:
        """True when the decision changed (the same decision twice changes nothing)."""
        if self.state is not SubmissionState.SUBMITTED:
            raise Conflict(CallError.NOT_SUBMITTED)
        if self.decision is decision:
            return False
        if self.decision in (Decision.ACCEPTED, Decision.DECLINED):
            raise Conflict(CallError.DECISION_FINAL)
        self.decision, self.decided_at = decision, now
        self.record(
            events.DECIDED[decision.value].event(
                self.id,
                events.EntryEvent(
                    call_id=call.id,
                    submission_id=self.id,
                    applicant_id=self.applicant_id,
                    scope_kind=call.scope.kind,
                    scope_id=call.scope.id,
                    work_ids=work_ids,
                    by=by,
                ),
            )
        )
        return True
