"""The moderation API: signed-in people report; owners read their decisions and appeal once;
staff read the queue and decide.

Reports are refused to visitors who are not signed in (401): the rate limit and the reporter's
history are per account, and the reporter is told what was decided.
"""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_staff, requires_user
from infra.http.dependencies import provide_service
from marketplace.moderation.domain import parse_action, parse_outcome, parse_reason
from marketplace.moderation.queue import staff_queue
from marketplace.moderation.schemas import (
    AppealIn,
    AppealOutcomeIn,
    DecisionIn,
    DecisionOut,
    QueueOut,
    ReportIn,
    ReportOut,
    decision_out,
    queue_out,
    report_out,
)
from marketplace.moderation.service import ModerationService

DECISION = "/decisions/{decision_id:uuid}"


class ModerationController(Controller):
    path = "/api/moderation"
    tags = ["moderation"]
    guards = [requires_user]
    dependencies = {
        "moderation": provide_service(ModerationService),
        "me": Provide(provide_user),
    }

    @post("/reports", status_code=HTTP_201_CREATED)
    async def report(
        self,
        data: JSONBody[ReportIn],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> ReportOut:
        """Report a public work (`work`) or creator profile (`creator`): a reason (rights,
        hateful, illegal, spam, metadata, other) and details (2,000 characters at most). The same
        target twice while the first is open: 409 `already_reported`; too many: 429."""
        report = await moderation.report(
            me, data.target_kind, data.target_id, parse_reason(data.reason), data.details
        )
        return report_out(report)

    @get(DECISION)
    async def decision(
        self,
        decision_id: FromPath[UUID],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> DecisionOut:
        """A decision on one's own item (staff: any); another person's is not found."""
        decision, item = await moderation.decision_for(me, decision_id)
        return decision_out(decision, item)

    @post(DECISION + "/appeal", status_code=HTTP_200_OK)
    async def appeal(
        self,
        decision_id: FromPath[UUID],
        data: JSONBody[AppealIn],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> DecisionOut:
        """The owner's one appeal of a hide or a take-down (a second: 409 `appeal_used`)."""
        return decision_out(await moderation.appeal(me, decision_id, data.text))


class StaffModerationController(Controller):
    path = "/api/staff/moderation"
    tags = ["moderation", "staff"]
    guards = [requires_staff]
    dependencies = {
        "moderation": provide_service(ModerationService),
        "me": Provide(provide_user),
    }

    @get("/reports")
    async def queue(self, moderation: NamedDependency[ModerationService]) -> QueueOut:
        """Open reports grouped by item, newest first, with each item's history and its
        reporters' other reports; and the appeals waiting for an answer."""
        return queue_out(await staff_queue(moderation.repository, moderation.targets))

    @post("/reports/{report_id:uuid}/decision", status_code=HTTP_201_CREATED)
    async def decide(
        self,
        report_id: FromPath[UUID],
        data: JSONBody[DecisionIn],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> DecisionOut:
        """Decide every open report on the report's item: `dismiss`, `hide` or `take_down`,
        with the reason its owner will read."""
        action = parse_action(data.action)
        return decision_out(await moderation.decide(me, report_id, action, data.reason))

    @post(DECISION + "/appeal-outcome", status_code=HTTP_200_OK)
    async def settle_appeal(
        self,
        decision_id: FromPath[UUID],
        data: JSONBody[AppealOutcomeIn],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> DecisionOut:
        """Answer the owner's appeal: `upheld` or `reversed` (the item is restored)."""
        outcome = parse_outcome(data.outcome)
        return decision_out(await moderation.settle_appeal(me, decision_id, outcome, data.reason))

    @post(DECISION + "/restore", status_code=HTTP_200_OK)
    async def restore(
        self,
        decision_id: FromPath[UUID],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> DecisionOut:
        """Put back a hidden or taken-down item once its owner fixed it."""
        return decision_out(await moderation.restore(me, decision_id))
