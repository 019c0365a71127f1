"""The JSON shapes of the moderation API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from marketplace.moderation.domain import Decision, Report
from marketplace.moderation.ports import TargetSummary
from marketplace.moderation.queue import Queue, QueueGroup

# Longer texts are refused by the domain with its own message; this bounds what is parsed.
Text = Annotated[str, msgspec.Meta(max_length=20_000)]


class ReportIn(msgspec.Struct, forbid_unknown_fields=True):
    target_kind: Annotated[str, msgspec.Meta(max_length=30)]
    target_id: UUID
    reason: Annotated[str, msgspec.Meta(max_length=30)]
    details: Text = ""


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    action: Annotated[str, msgspec.Meta(max_length=30)]
    reason: Text


class AppealIn(msgspec.Struct, forbid_unknown_fields=True):
    text: Text


class AppealOutcomeIn(msgspec.Struct, forbid_unknown_fields=True):
    outcome: Annotated[str, msgspec.Meta(max_length=30)]
    reason: Text


class ReportOut(msgspec.Struct):
    id: UUID
    target_kind: str
    target_id: UUID
    reporter_id: UUID
    reason: str
    details: str
    created_at: datetime
    decision_id: UUID | None


class ItemOut(msgspec.Struct):
    kind: str
    id: UUID
    title: str
    owner_id: UUID
    status: str
    public: bool
    link: str


class DecisionOut(msgspec.Struct):
    id: UUID
    target_kind: str
    target_id: UUID
    action: str
    reason: str
    decided_at: datetime
    appealable: bool
    appeal_text: str | None
    appealed_at: datetime | None
    outcome: str | None
    outcome_reason: str | None
    restored_at: datetime | None
    item: ItemOut | None = None


class GroupOut(msgspec.Struct):
    target_kind: str
    target_id: UUID
    item: ItemOut | None
    reports: list[ReportOut]
    earlier_reports: list[ReportOut]
    decisions: list[DecisionOut]
    # By reporter id: their reports on other items.
    reporters_other_reports: dict[str, list[ReportOut]]


class QueueOut(msgspec.Struct):
    groups: list[GroupOut]
    appeals: list[DecisionOut]


def report_out(report: Report) -> ReportOut:
    return ReportOut(
        id=report.id,
        target_kind=report.target_kind,
        target_id=report.target_id,
        reporter_id=report.reporter_id,
        reason=report.reason.value,
        details=report.details,
        created_at=report.created_at,
        decision_id=report.decision_id,
    )


def item_out(item: TargetSummary | None) -> ItemOut | None:
    if item is None:
        return None
    return ItemOut(
        kind=item.kind,
        id=item.id,
        title=item.title,
        owner_id=item.owner_id,
        status=item.status,
        public=item.public,
        link=item.link,
    )


def decision_out(decision: Decision, item: TargetSummary | None = None) -> DecisionOut:
    return DecisionOut(
        id=decision.id,
        target_kind=decision.target_kind,
        target_id=decision.target_id,
        action=decision.action.value,
        reason=decision.reason,
        decided_at=decision.decided_at,
        appealable=decision.appealable,
        appeal_text=decision.appeal_text,
        appealed_at=decision.appealed_at,
        outcome=decision.outcome.value if decision.outcome else None,
        outcome_reason=decision.outcome_reason,
        restored_at=decision.restored_at,
        item=item_out(item),
    )


def group_out(group: QueueGroup) -> GroupOut:
    return GroupOut(
        target_kind=group.kind,
        target_id=group.target_id,
        item=item_out(group.item),
        reports=[report_out(each) for each in group.reports],
        earlier_reports=[report_out(each) for each in group.earlier_reports],
        decisions=[decision_out(each) for each in group.decisions],
        reporters_other_reports={
            str(reporter): [report_out(each) for each in reports]
            for reporter, reports in group.other_reports.items()
        },
    )


def queue_out(queue: Queue) -> QueueOut:
    return QueueOut(
        groups=[group_out(group) for group in queue.groups],
        appeals=[decision_out(each.decision, each.item) for each in queue.appeals],
    )
