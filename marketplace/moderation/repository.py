"""Reports and decisions in their tables."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_json, as_utc, as_uuid
from marketplace.moderation.domain import Action, Decision, Outcome, Reason, Report
from marketplace.moderation.tables import DecisionRow, ReportRow

MAX_LISTED = 200


class ModerationRepository:
    async def add_report(self, report: Report) -> None:
        await ReportRow.insert(ReportRow(**_report_fields(report)))

    async def open_report_of(self, reporter_id: UUID, kind: str, target_id: UUID) -> Report | None:
        row = await (
            ReportRow.select()
            .where(
                (ReportRow.reporter == reporter_id)
                & (ReportRow.target_kind == kind)
                & (ReportRow.target_id == target_id)
                & ReportRow.decision.is_null()
            )
            .first()
        )
        return _report(row) if row else None

    async def get_report(self, report_id: UUID) -> Report | None:
        row = await ReportRow.select().where(ReportRow.id == report_id).first()
        return _report(row) if row else None

    async def open_reports(
        self, kind: str | None = None, target_id: UUID | None = None
    ) -> list[Report]:
        """Open reports, newest first (of one target when given)."""
        select = (
            ReportRow.select()
            .where(ReportRow.decision.is_null())
            .order_by(ReportRow.id, ascending=False)
            .limit(MAX_LISTED)
        )
        if kind is not None and target_id is not None:
            select = select.where(
                (ReportRow.target_kind == kind) & (ReportRow.target_id == target_id)
            )
        return [_report(row) for row in await select]

    async def reports_on(self, targets: Collection[tuple[str, UUID]]) -> list[Report]:
        ids = list({target_id for _, target_id in targets})
        if not ids:
            return []
        rows = (
            await ReportRow.select()
            .where(ReportRow.target_id.is_in(ids))
            .order_by(ReportRow.id, ascending=False)
        )
        wanted = set(targets)
        return [
            report
            for row in rows
            if ((report := _report(row)).target_kind, report.target_id) in wanted
        ]

    async def reports_by(self, reporter_ids: Collection[UUID]) -> list[Report]:
        ids = list(set(reporter_ids))
        if not ids:
            return []
        rows = await (
            ReportRow.select()
            .where(ReportRow.reporter.is_in(ids))
            .order_by(ReportRow.id, ascending=False)
            .limit(MAX_LISTED * 5)
        )
        return [_report(row) for row in rows]

    async def close_reports(self, report_ids: Collection[UUID], decision_id: UUID) -> None:
        if report_ids:
            await ReportRow.update({ReportRow.decision: decision_id}).where(
                ReportRow.id.is_in(list(report_ids))
            )

    async def add_decision(self, decision: Decision) -> None:
        await DecisionRow.insert(DecisionRow(**_decision_fields(decision)))

    async def save_decision(self, decision: Decision) -> None:
        fields: dict[Any, Any] = _decision_fields(decision)
        fields.pop("id")
        await DecisionRow.update(fields).where(DecisionRow.id == decision.id)

    async def get_decision(self, decision_id: UUID, *, for_update: bool = False) -> Decision | None:
        select = DecisionRow.select().where(DecisionRow.id == decision_id)
        # Two staff (or two clicks) settling one appeal: the second waits and sees the first.
        if for_update and DecisionRow._meta.db.engine_type == "postgres":
            select = select.lock_rows("UPDATE")
        row = await select.first()
        return _decision(row) if row else None

    async def decisions_on(self, targets: Collection[tuple[str, UUID]]) -> list[Decision]:
        ids = list({target_id for _, target_id in targets})
        if not ids:
            return []
        rows = (
            await DecisionRow.select()
            .where(DecisionRow.target_id.is_in(ids))
            .order_by(DecisionRow.id, ascending=False)
        )
        wanted = set(targets)
        return [d for row in rows if ((d := _decision(row)).target_kind, d.target_id) in wanted]

    async def pending_appeals(self) -> list[Decision]:
        rows = await (
            DecisionRow.select()
            .where(DecisionRow.appealed_at.is_not_null() & DecisionRow.outcome.is_null())
            .order_by(DecisionRow.appealed_at)
            .limit(MAX_LISTED)
        )
        return [_decision(row) for row in rows]


def _report_fields(report: Report) -> dict[str, Any]:
    return {
        "id": report.id,
        "target_kind": report.target_kind,
        "target_id": report.target_id,
        "reporter": report.reporter_id,
        "reason": report.reason.value,
        "details": report.details,
        "created_at": report.created_at,
        "decision": report.decision_id,
    }


def _report(row: dict[str, Any]) -> Report:
    return Report(
        id=as_uuid(row["id"]),
        target_kind=row["target_kind"],
        target_id=as_uuid(row["target_id"]),
        reporter_id=as_uuid(row["reporter"]),
        reason=Reason(row["reason"]),
        details=row["details"],
        created_at=as_utc(row["created_at"]),
        decision_id=_maybe_uuid(row["decision"]),
    )


def _decision_fields(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.id,
        "target_kind": decision.target_kind,
        "target_id": decision.target_id,
        "owner_id": decision.owner_id,
        "action": decision.action.value,
        "reason": decision.reason,
        "decided_by": decision.decided_by,
        "decided_at": decision.decided_at,
        "undo": decision.undo,
        "appeal_text": decision.appeal_text,
        "appealed_at": decision.appealed_at,
        "outcome": decision.outcome.value if decision.outcome else None,
        "outcome_reason": decision.outcome_reason,
        "outcome_by": decision.outcome_by,
        "outcome_at": decision.outcome_at,
        "restored_by": decision.restored_by,
        "restored_at": decision.restored_at,
    }


def _decision(row: dict[str, Any]) -> Decision:
    return Decision(
        id=as_uuid(row["id"]),
        target_kind=row["target_kind"],
        target_id=as_uuid(row["target_id"]),
        owner_id=as_uuid(row["owner_id"]),
        action=Action(row["action"]),
        reason=row["reason"],
        decided_by=as_uuid(row["decided_by"]),
        decided_at=as_utc(row["decided_at"]),
        undo=dict(as_json(row["undo"]) or {}),
        appeal_text=row["appeal_text"],
        appealed_at=_maybe_utc(row["appealed_at"]),
        outcome=Outcome(row["outcome"]) if row["outcome"] else None,
        outcome_reason=row["outcome_reason"],
        outcome_by=_maybe_uuid(row["outcome_by"]),
        outcome_at=_maybe_utc(row["outcome_at"]),
        restored_by=_maybe_uuid(row["restored_by"]),
        restored_at=_maybe_utc(row["restored_at"]),
    )


def _maybe_uuid(value: Any) -> UUID | None:
    return as_uuid(value) if value is not None else None


def _maybe_utc(value: Any) -> datetime | None:
    return as_utc(value) if value is not None else None
