"""The authorisation matrix's moderation: reports on the owner's second published work by a
reporter of the world's own, and take-down decisions on it (appealed when the route answers an
appeal). Made through the repository, so the rows' own requests decide what changes."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from lakou.bootstrap import Container
from marketplace.moderation.domain import Action, Decision, Reason, Report
from marketplace.moderation.repository import ModerationRepository
from marketplace.moderation.service import ModerationService


def _repository(container: Container) -> ModerationRepository:
    return container.services.get(ModerationService).repository


async def moderation_report(container: Container, reporter_id: str, work_id: str) -> str:
    report = Report.file(
        "work", UUID(work_id), UUID(reporter_id), Reason.SPAM, "Matrice", datetime.now(UTC)
    )
    await _repository(container).add_report(report)
    return str(report.id)


async def moderation_decision(
    container: Container, owner_id: str, work_id: str, *, appealed: bool = False
) -> str:
    now = datetime.now(UTC)
    # Nothing to undo: restoring it leaves the work as it is.
    decision = Decision.make(
        "work", UUID(work_id), UUID(owner_id), Action.TAKE_DOWN, "Matrice", UUID(owner_id), now
    )
    if appealed:
        decision.appeal(UUID(owner_id), "Matrice", now)
    await _repository(container).add_decision(decision)
    return str(decision.id)


async def fresh_moderation(
    container: Container, path: str, names: set[str], common: dict[str, str], owner_id: str
) -> dict[str, str]:
    made: dict[str, str] = {}
    work_id = common["second_work_id"]
    if "report_id" in names:
        made["report_id"] = await moderation_report(
            container, common["moderation_reporter_id"], work_id
        )
    if "decision_id" in names:
        appealed = path.endswith(("/appeal-outcome", "/appel")) and path.startswith(
            ("/api/staff/", "/staff/")
        )
        made["decision_id"] = await moderation_decision(
            container, owner_id, work_id, appealed=appealed
        )
    return made
