"""The staff queue: open reports grouped by target (the newest report first), each with its
item, its history (earlier reports and decisions on it) and what its reporters reported
elsewhere — someone who reports everything a rival publishes shows up there. Pending appeals
come with it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from marketplace.moderation.domain import Decision, Report
from marketplace.moderation.ports import ReportTargets, TargetSummary
from marketplace.moderation.repository import ModerationRepository

# A reporter's other reports shown per group: enough to see a pattern.
OTHER_REPORTS_SHOWN = 20


@dataclass(frozen=True)
class QueueGroup:
    kind: str
    target_id: UUID
    item: TargetSummary | None  # None: the item is gone (deleted since)
    reports: list[Report]  # open, newest first
    earlier_reports: list[Report]  # closed by an earlier decision
    decisions: list[Decision]  # newest first
    other_reports: dict[UUID, list[Report]]  # by reporter: their reports on other targets


@dataclass(frozen=True)
class Appeal:
    decision: Decision
    item: TargetSummary | None


@dataclass(frozen=True)
class Queue:
    groups: list[QueueGroup]
    appeals: list[Appeal]


async def staff_queue(repository: ModerationRepository, targets: ReportTargets) -> Queue:
    open_reports = await repository.open_reports()
    order: list[tuple[str, UUID]] = []
    by_target: dict[tuple[str, UUID], list[Report]] = {}
    for report in open_reports:  # newest first, so groups follow their newest report
        key = (report.target_kind, report.target_id)
        if key not in by_target:
            order.append(key)
        by_target.setdefault(key, []).append(report)
    appeals = await repository.pending_appeals()
    keys = set(order) | {(each.target_kind, each.target_id) for each in appeals}
    items = {key: await _summary(targets, *key) for key in keys}
    history = await repository.reports_on(order)
    decisions = await repository.decisions_on(order)
    reporters = {report.reporter_id for report in open_reports}
    by_reporter: dict[UUID, list[Report]] = {}
    for report in await repository.reports_by(reporters):
        by_reporter.setdefault(report.reporter_id, []).append(report)
    groups = [
        QueueGroup(
            kind=kind,
            target_id=target_id,
            item=items[(kind, target_id)],
            reports=by_target[(kind, target_id)],
            earlier_reports=[
                each
                for each in history
                if (each.target_kind, each.target_id) == (kind, target_id) and not each.is_open
            ],
            decisions=[
                each
                for each in decisions
                if (each.target_kind, each.target_id) == (kind, target_id)
            ],
            other_reports={
                reporter: [
                    each
                    for each in by_reporter.get(reporter, [])
                    if (each.target_kind, each.target_id) != (kind, target_id)
                ][:OTHER_REPORTS_SHOWN]
                for reporter in dict.fromkeys(r.reporter_id for r in by_target[(kind, target_id)])
            },
        )
        for kind, target_id in order
    ]
    return Queue(
        groups=groups,
        appeals=[
            Appeal(decision, items[(decision.target_kind, decision.target_id)])
            for decision in appeals
        ],
    )


async def _summary(targets: ReportTargets, kind: str, target_id: UUID) -> TargetSummary | None:
    if kind not in targets.kinds:
        return None  # a kind whose module is no longer enabled
    return await targets.get(kind).summary(target_id)
