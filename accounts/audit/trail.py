"""The audit trail in the database: one row per action, appended, never changed.

`record` inserts through piccolo, which joins the transaction open in this task (the caller's
unit of work): the change and its entry commit together, or neither does. Called outside a
transaction (an operator's command), the row commits on its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from accounts.audit.changes import changed_fields
from accounts.audit.tables import AuditEntryRow
from infra.http.request_context import client_ip_var, request_id_var
from infra.ids import new_id

# A dotted lower-case name ("order.refunded", "organisation.verified"): filters match prefixes.
ACTION = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _now() -> datetime:
    return datetime.now(UTC)


class PiccoloAuditTrail:
    """The `AuditTrail` port's adapter."""

    def __init__(self, clock: Callable[[], datetime] = _now) -> None:
        self._now = clock

    async def record(
        self,
        *,
        actor_id: UUID | None,
        action: str,
        object_type: str,
        object_id: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        organisation_id: UUID | None = None,
    ) -> None:
        # Names come from code, not from clients: a wrong one is a bug to fail loudly on.
        if len(action) > 100 or not ACTION.match(action):
            raise ValueError(f"audit action {action!r} is not a dotted lower-case name")
        if not object_type or len(object_type) > 60:
            raise ValueError(f"audit object type {object_type!r} is empty or too long")
        old, new = changed_fields(before, after)
        await AuditEntryRow.insert(
            AuditEntryRow(
                id=new_id(),
                occurred_at=self._now(),
                actor_id=actor_id,
                action=action,
                object_type=object_type,
                object_id=str(object_id)[:100],
                organisation_id=organisation_id,
                before=json.dumps(old, ensure_ascii=False, sort_keys=True),
                after=json.dumps(new, ensure_ascii=False, sort_keys=True),
                request_id=request_id_var.get(),
                client_ip=client_ip_var.get(),
            )
        )
