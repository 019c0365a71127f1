"""Moderation use cases: people report, staff decide, owners appeal once.

Reports need an account: the per-person rate limit and the reporter's history (to spot abusive
reporting) both hang on one, and so does telling the reporter what was decided later. Each
decision, its audit entry, the change to the item and the owner's notification commit in one
transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from accounts.audit.port import AuditTrail
from accounts.domain import Principal
from accounts.rate_limit import RateLimiter
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, NotFound, RateLimited
from infra.notifications import NotificationKind, Notifier
from infra.services import Services
from marketplace.moderation.domain import (
    Action,
    Decision,
    Outcome,
    Reason,
    Report,
    statement,
)
from marketplace.moderation.errors import ModerationError
from marketplace.moderation.notifications import APPEAL_DECIDED, DECIDED
from marketplace.moderation.ports import ReportTargets, TargetSummary
from marketplace.moderation.repository import ModerationRepository

Clock = Callable[[], datetime]

# Enough for someone who finds several problems in an evening, too few to flood the queue.
REPORTS_PER_HOUR = 10
HOUR_S = 3600


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ModerationService:
    def __init__(
        self,
        repository: ModerationRepository,
        unit_of_work: Callable[[], UnitOfWork],
        targets: ReportTargets,
        limiter: RateLimiter,
        services: Services,
        clock: Clock = _utc_now,
        reports_per_hour: int = REPORTS_PER_HOUR,
    ) -> None:
        self._repo = repository
        self._uow = unit_of_work
        self.targets = targets
        self._limiter = limiter
        # The notifier and the audit trail are found when first used (registered after us).
        self._services = services
        self._now = clock
        self.reports_per_hour = reports_per_hour

    @property
    def repository(self) -> ModerationRepository:
        return self._repo

    # Reporting ---------------------------------------------------------------------------

    async def report(
        self, who: Principal, kind: str, target_id: UUID, reason: Reason, details: str
    ) -> Report:
        target = self.targets.get(kind)
        wait = await self._limiter.hit(
            f"moderation:reports:{who.user_id}", self.reports_per_hour, HOUR_S
        )
        if wait is not None:
            raise RateLimited(retry_after_s=wait)
        summary = await target.summary(target_id)
        if summary is None or not (summary.public or summary.owner_id == who.user_id):
            raise NotFound(ModerationError.TARGET_NOT_FOUND)
        report = Report.file(kind, target_id, who.user_id, reason, details, self._now())
        async with self._uow() as uow:
            if await self._repo.open_report_of(who.user_id, kind, target_id) is not None:
                raise Conflict(ModerationError.ALREADY_REPORTED)
            await self._repo.add_report(report)
            uow.track(report)
        return report

    # Staff decisions ---------------------------------------------------------------------

    async def decide(
        self, staff: Principal, report_id: UUID, action: Action, reason: str
    ) -> Decision:
        """One decision for every open report on the report's target."""
        reason = statement(reason)
        async with self._uow() as uow:
            report = await self._repo.get_report(report_id)
            if report is None:
                raise NotFound(ModerationError.REPORT_NOT_FOUND)
            if not report.is_open:
                raise Conflict(ModerationError.REPORT_CLOSED)
            target = self.targets.get(report.target_kind)
            summary = await self._summary(report.target_kind, report.target_id)
            decision = Decision.make(
                report.target_kind,
                report.target_id,
                summary.owner_id,
                action,
                reason,
                staff.user_id,
                self._now(),
            )
            if action is Action.HIDE:
                decision.undo = dict(await target.hide(staff, report.target_id, reason))
            elif action is Action.TAKE_DOWN:
                decision.undo = dict(await target.take_down(staff, report.target_id, reason))
            closed = await self._repo.open_reports(report.target_kind, report.target_id)
            await self._repo.add_decision(decision)
            await self._repo.close_reports([each.id for each in closed], decision.id)
            await self._audit(
                staff,
                f"moderation.{action.value}",
                summary,
                before={"status": summary.status, "public": summary.public},
                after={"reason": reason, "reports": len(closed), "decision_id": str(decision.id)},
            )
            await self._tell(DECIDED, decision, summary, action=action.value, reason=reason)
            uow.track(decision)
        return decision

    async def restore(self, staff: Principal, decision_id: UUID) -> Decision:
        """Staff put back an item they hid or took down, once its owner fixed it."""
        async with self._uow() as uow:
            decision = await self._decision(decision_id, for_update=True)
            summary = await self._summary(decision.target_kind, decision.target_id)
            decision.restore(staff.user_id, self._now())
            await self.targets.get(decision.target_kind).restore(
                staff, decision.target_id, decision.undo
            )
            await self._repo.save_decision(decision)
            await self._audit(
                staff,
                "moderation.restored",
                summary,
                before={"status": summary.status},
                after={"decision_id": str(decision.id)},
            )
            await self._tell(
                DECIDED,
                decision,
                summary,
                action="restored",
                reason=decision.reason,
                key="restored",
            )
            uow.track(decision)
        return decision

    # The one appeal ----------------------------------------------------------------------

    async def decision_for(
        self, who: Principal, decision_id: UUID
    ) -> tuple[Decision, TargetSummary]:
        """The decision and its item, for its owner and staff; not found for anyone else."""
        decision = await self._repo.get_decision(decision_id)
        if decision is None or not (who.is_staff or decision.owner_id == who.user_id):
            raise NotFound(ModerationError.DECISION_NOT_FOUND)
        return decision, await self._summary(decision.target_kind, decision.target_id)

    async def appeal(self, who: Principal, decision_id: UUID, text: str) -> Decision:
        async with self._uow() as uow:
            decision = await self._decision(decision_id, for_update=True)
            decision.appeal(who.user_id, text, self._now())
            await self._repo.save_decision(decision)
            uow.track(decision)
        return decision

    async def settle_appeal(
        self, staff: Principal, decision_id: UUID, outcome: Outcome, reason: str
    ) -> Decision:
        async with self._uow() as uow:
            decision = await self._decision(decision_id, for_update=True)
            summary = await self._summary(decision.target_kind, decision.target_id)
            decision.settle_appeal(outcome, reason, staff.user_id, self._now())
            if outcome is Outcome.REVERSED:
                await self.targets.get(decision.target_kind).restore(
                    staff, decision.target_id, decision.undo
                )
            await self._repo.save_decision(decision)
            await self._audit(
                staff,
                f"moderation.appeal_{outcome.value}",
                summary,
                before={"status": summary.status, "action": decision.action.value},
                after={"reason": decision.outcome_reason, "decision_id": str(decision.id)},
            )
            await self._tell(
                APPEAL_DECIDED,
                decision,
                summary,
                outcome=outcome.value,
                reason=decision.outcome_reason or "",
                key="appeal",
            )
            uow.track(decision)
        return decision

    # Helpers -----------------------------------------------------------------------------

    async def _decision(self, decision_id: UUID, *, for_update: bool = False) -> Decision:
        decision = await self._repo.get_decision(decision_id, for_update=for_update)
        if decision is None:
            raise NotFound(ModerationError.DECISION_NOT_FOUND)
        return decision

    async def _summary(self, kind: str, target_id: UUID) -> TargetSummary:
        summary = await self.targets.get(kind).summary(target_id)
        if summary is None:
            raise NotFound(ModerationError.TARGET_NOT_FOUND)
        return summary

    async def _audit(
        self,
        staff: Principal,
        action: str,
        summary: TargetSummary,
        *,
        before: dict[str, object],
        after: dict[str, object],
    ) -> None:
        audit: AuditTrail = self._services.get(AuditTrail)  # type: ignore[type-abstract]
        await audit.record(
            actor_id=staff.user_id,
            action=action,
            object_type=summary.kind,
            object_id=str(summary.id),
            before=before,
            after=after,
        )

    async def _tell(
        self,
        kind: NotificationKind,
        decision: Decision,
        summary: TargetSummary,
        *,
        reason: str,
        key: str = "decided",
        **extra: str,
    ) -> None:
        notifier: Notifier = self._services.get(Notifier)  # type: ignore[type-abstract]
        await notifier.notify(
            kind,
            decision.owner_id,
            key=f"{decision.id}:{key}",
            params={"title": summary.title[:200], "reason": reason[:2000], **extra},
            link=f"/moderation/decisions/{decision.id}",
        )
