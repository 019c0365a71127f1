"""The audit trail's port: what staff and organisation admins did, with the values before and
after. Owned here; the modules whose actions are audited call it inside the transaction that
made the change, so a change and its record commit (or roll back) together."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol
from uuid import UUID


class AuditTrail(Protocol):
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
        """Keep who (`actor_id`; None for the system), did what (`action`, a dotted name such
        as "organisation.verified"), to what, and the fields that changed (JSON values)."""
        ...
