"""The audit log's part of a person's data: the staff or admin actions they made.

Exported, never erased: the log proves who changed what (security and accountability,
GDPR art. 6(1)(c) and (f)). An entry names its actor by account id only, with no foreign key;
once the account is deleted that id answers to no one, so the entries stay detached.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from accounts.audit.tables import AuditEntryRow
from infra.personal_data import PersonalData, section
from infra.services import Services


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    entries = await AuditEntryRow.select(
        AuditEntryRow.occurred_at,
        AuditEntryRow.action,
        AuditEntryRow.object_type,
        AuditEntryRow.object_id,
        AuditEntryRow.client_ip,
    ).where(AuditEntryRow.actor_id == user_id)
    return section({"actions": entries})


PERSONAL_DATA = PersonalData(
    export=export,
)
