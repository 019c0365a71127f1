"""The screeners module's events: ids and small facts only (who watched what, from where).

The indicators count screener views from `screener.viewed` (one per view, not per heartbeat).
"""

from __future__ import annotations

from uuid import UUID

from infra.events.types import EventPayload, EventType


class ScreenerCreated(EventPayload, frozen=True, kw_only=True):
    screener_id: UUID
    work_id: UUID
    made_by: UUID
    stand_id: UUID | None = None


class ScreenerInvited(EventPayload, frozen=True, kw_only=True):
    screener_id: UUID
    work_id: UUID
    invited: int  # invitations added by this call


class ScreenerViewed(EventPayload, frozen=True, kw_only=True):
    screener_id: UUID
    work_id: UUID
    invitation_id: UUID
    viewer_id: UUID
    viewing_id: UUID
    country: str | None = None


SCREENER_CREATED = EventType(
    "screener.created", ScreenerCreated, "a rights holder made a screener of a work"
)
SCREENER_INVITED = EventType(
    "screener.invited", ScreenerInvited, "people were invited to a screener"
)
SCREENER_VIEWED = EventType(
    "screener.viewed", ScreenerViewed, "an invited viewer started a view of a screener"
)

PUBLISHED = (SCREENER_CREATED, SCREENER_INVITED, SCREENER_VIEWED)
