"""Reports, decisions and the one appeal: the rules, free of any framework.

A report names a target as a (kind, id) pair: "work" and "creator" today, "stand" when markets
add theirs (`ports.ReportTargets`). Staff decide once for every open report on a target; the
owner of a hidden or taken-down item may appeal that decision once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from infra.errors import Conflict, InvalidInput, NotFound
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.moderation.errors import ModerationError
from marketplace.moderation.events import (
    MODERATION_DECIDED,
    REPORT_FILED,
    ModerationDecided,
    ReportFiled,
)

MAX_DETAILS = 2000
MAX_APPEAL = 2000
MAX_DECISION_REASON = 2000


class Reason(StrEnum):
    RIGHTS = "rights"  # rights infringement
    HATEFUL = "hateful"  # hateful or violent content
    ILLEGAL = "illegal"  # illegal content
    SPAM = "spam"  # spam or fraud
    METADATA = "metadata"  # wrong metadata
    OTHER = "other"


class Action(StrEnum):
    DISMISS = "dismiss"  # the reports close, nothing changes
    HIDE = "hide"  # private until the owner fixes it and staff restore it
    TAKE_DOWN = "take_down"  # withdrawn by staff


class Outcome(StrEnum):
    UPHELD = "upheld"
    REVERSED = "reversed"  # the item is restored


def _choice(enum: type[StrEnum], value: str, error: ModerationError, name: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise InvalidInput(error, allowed=allowed, **{name: value[:40]}) from None


def parse_reason(value: str) -> Reason:
    return _choice(Reason, value, ModerationError.UNKNOWN_REASON, "reason")  # type: ignore[no-any-return]


def parse_action(value: str) -> Action:
    return _choice(Action, value, ModerationError.UNKNOWN_ACTION, "action")  # type: ignore[no-any-return]


def parse_outcome(value: str) -> Outcome:
    return _choice(Outcome, value, ModerationError.UNKNOWN_OUTCOME, "outcome")  # type: ignore[no-any-return]


def statement(text: str) -> str:
    """The reason staff give: the person concerned reads it (DSA art. 17), so it is required."""
    text = text.strip()
    if not text or len(text) > MAX_DECISION_REASON:
        raise InvalidInput(ModerationError.REASON_REQUIRED, max=MAX_DECISION_REASON)
    return text


@dataclass
class Report(EventRecorder):
    id: UUID
    target_kind: str
    target_id: UUID
    reporter_id: UUID
    reason: Reason
    details: str
    created_at: datetime
    decision_id: UUID | None = None

    @property
    def is_open(self) -> bool:
        return self.decision_id is None

    @classmethod
    def file(
        cls,
        target_kind: str,
        target_id: UUID,
        reporter_id: UUID,
        reason: Reason,
        details: str,
        now: datetime,
    ) -> Report:
        details = details.strip()
        if len(details) > MAX_DETAILS:
            raise InvalidInput(ModerationError.DETAILS_TOO_LONG, max=MAX_DETAILS)
        report = cls(new_id(), target_kind, target_id, reporter_id, reason, details, now)
        report.record(
            REPORT_FILED.event(
                report.id,
                ReportFiled(
                    report_id=report.id,
                    target_kind=target_kind,
                    target_id=target_id,
                    reporter_id=reporter_id,
                ),
            )
        )
        return report


@dataclass
class Decision(EventRecorder):
    id: UUID
    target_kind: str
    target_id: UUID
    owner_id: UUID
    action: Action
    reason: str
    decided_by: UUID
    decided_at: datetime
    # What the target's port needs to undo it (the works it withdrew, their visibility before).
    undo: dict[str, Any] = field(default_factory=dict)
    appeal_text: str | None = None
    appealed_at: datetime | None = None
    outcome: Outcome | None = None
    outcome_reason: str | None = None
    outcome_by: UUID | None = None
    outcome_at: datetime | None = None
    # Staff put a hidden item back once its owner fixed it.
    restored_by: UUID | None = None
    restored_at: datetime | None = None

    @classmethod
    def make(
        cls,
        target_kind: str,
        target_id: UUID,
        owner_id: UUID,
        action: Action,
        reason: str,
        by: UUID,
        now: datetime,
    ) -> Decision:
        decision = cls(
            new_id(), target_kind, target_id, owner_id, action, statement(reason), by, now
        )
        decision._event(action.value, by)
        return decision

    @property
    def appealable(self) -> bool:
        """The owner may still appeal: the item is hidden or down, and no appeal was made."""
        return (
            self.action is not Action.DISMISS
            and self.restored_at is None
            and self.appealed_at is None
        )

    @property
    def appeal_pending(self) -> bool:
        return self.appealed_at is not None and self.outcome is None

    def appeal(self, by: UUID, text: str, now: datetime) -> None:
        if by != self.owner_id:
            # Another person's decision is not theirs to see: not found.
            raise NotFound(ModerationError.DECISION_NOT_FOUND)
        if self.action is Action.DISMISS or self.restored_at is not None:
            raise Conflict(ModerationError.NOT_APPEALABLE)
        if self.appealed_at is not None:
            raise Conflict(ModerationError.APPEAL_USED)
        text = text.strip()
        if not text or len(text) > MAX_APPEAL:
            raise InvalidInput(ModerationError.APPEAL_TEXT, max=MAX_APPEAL)
        self.appeal_text = text
        self.appealed_at = now

    def settle_appeal(self, outcome: Outcome, reason: str, by: UUID, now: datetime) -> None:
        if not self.appeal_pending:
            raise Conflict(ModerationError.NO_PENDING_APPEAL)
        self.outcome = outcome
        self.outcome_reason = statement(reason)
        self.outcome_by = by
        self.outcome_at = now
        self._event(outcome.value, by)

    def restore(self, by: UUID, now: datetime) -> None:
        """Staff put the item back (its owner fixed it); the appeal, if any, is moot."""
        if self.action is Action.DISMISS or self.restored_at is not None:
            raise Conflict(ModerationError.NOTHING_TO_RESTORE)
        if self.outcome is Outcome.REVERSED:
            raise Conflict(ModerationError.NOTHING_TO_RESTORE)
        self.restored_by = by
        self.restored_at = now
        if self.appeal_pending:
            self.outcome = Outcome.REVERSED
            self.outcome_reason = self.reason
            self.outcome_by = by
            self.outcome_at = now
        self._event("restored", by)

    def _event(self, action: str, by: UUID) -> None:
        self.record(
            MODERATION_DECIDED.event(
                self.id,
                ModerationDecided(
                    decision_id=self.id,
                    target_kind=self.target_kind,
                    target_id=self.target_id,
                    action=action,
                    by=by,
                ),
            )
        )
