"""Staff acting on someone else's object: the audit trail keeps it, with the values changed.

Staff may edit, publish, withdraw and price any work, withdraw any offer, curate bundles of
several sellers' works and issue site-wide discount codes. These are moderation acts: each is
recorded in the transaction that makes it. A person's action on their own object is not (it is
theirs to make, and the activity log already says what happened to a work).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from accounts.audit.port import AuditTrail
from accounts.domain import Principal


async def record_staff_action(
    audit: AuditTrail | None,
    who: Principal,
    owner_id: UUID | None,
    *,
    action: str,
    object_type: str,
    object_id: UUID | str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Record `action` when staff did it to an object that is not theirs (`owner_id` None:
    an object of nobody's, such as a site-wide code, is always recorded)."""
    if audit is None or not who.is_staff or owner_id == who.user_id:
        return
    await audit.record(
        actor_id=who.user_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
    )
