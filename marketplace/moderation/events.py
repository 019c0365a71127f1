"""The moderation module's events: ids and small facts only (reasons and texts stay in its
tables)."""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class ReportFiled(EventPayload, frozen=True, kw_only=True):
    report_id: UUID
    target_kind: str
    target_id: UUID
    reporter_id: UUID


class ModerationDecided(EventPayload, frozen=True, kw_only=True):
    decision_id: UUID
    target_kind: str
    target_id: UUID
    action: str  # dismiss, hide, take_down; upheld or reversed (an appeal); restored
    by: UUID  # the staff member who decided


REPORT_FILED = EventType("report.filed", ReportFiled, "someone reported a work or a profile")
MODERATION_DECIDED = EventType(
    "moderation.decided",
    ModerationDecided,
    "staff decided on reports about an item, or on the owner's appeal",
)

PUBLISHED = (REPORT_FILED, MODERATION_DECIDED)
