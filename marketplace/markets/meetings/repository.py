"""Reading and writing meetings and the markets' meetings settings (piccolo, both engines).

Every function runs in the caller's transaction, if any.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from infra.db.values import as_json, as_utc, as_uuid
from marketplace.markets.meetings.domain import Meeting, MeetingState
from marketplace.markets.meetings.tables import MeetingRow, MeetingSettingsRow


def _locked(select: Any, for_update: bool) -> Any:
    if for_update and MeetingRow._meta.db.engine_type == "postgres":
        return select.lock_rows("UPDATE")
    return select  # SQLite: the write transaction already holds the one write lock


class MeetingRepository:
    # Settings ------------------------------------------------------------------------------

    async def settings(
        self, market_id: UUID, *, for_update: bool = False
    ) -> tuple[UUID, dict[str, int]] | None:
        """The market's meetings calendar and quotas, if meetings were ever set up."""
        query = MeetingSettingsRow.select().where(MeetingSettingsRow.market_id == market_id)
        row = await _locked(query, for_update).first()
        if row is None:
            return None
        quotas = {str(k): int(v) for k, v in as_json(row["quotas"]).items()}
        return as_uuid(row["calendar_id"]), quotas

    async def claim_settings(self, market_id: UUID, calendar_id: UUID) -> bool:
        """True when this calendar became the market's (the first of two at once wins)."""
        inserted = (
            await MeetingSettingsRow.insert(
                MeetingSettingsRow(market_id=market_id, calendar_id=calendar_id, quotas={})
            )
            .on_conflict(action="DO NOTHING")
            .returning(MeetingSettingsRow.market_id)
        )
        return bool(inserted)

    async def set_quotas(self, market_id: UUID, quotas: dict[str, int]) -> None:
        await MeetingSettingsRow.update({MeetingSettingsRow.quotas: quotas}).where(
            MeetingSettingsRow.market_id == market_id
        )

    # Meetings ------------------------------------------------------------------------------

    async def add(self, meeting: Meeting) -> bool:
        """False when the professional already waits for this stand's answer."""
        inserted = (
            await MeetingRow.insert(MeetingRow(**_values(meeting)))
            .on_conflict(action="DO NOTHING")
            .returning(MeetingRow.id)
        )
        return bool(inserted)

    async def save(self, meeting: Meeting) -> None:
        values = _values(meeting)
        values.pop("id")
        await MeetingRow.update(values).where(MeetingRow.id == meeting.id)

    async def get(self, meeting_id: UUID, *, for_update: bool = False) -> Meeting | None:
        query = MeetingRow.select().where(MeetingRow.id == meeting_id)
        row = await _locked(query, for_update).first()
        return _meeting(row) if row else None

    async def of_professional(self, market_id: UUID, user_id: UUID) -> list[Meeting]:
        rows = await MeetingRow.select().where(
            (MeetingRow.market_id == market_id) & (MeetingRow.professional_id == user_id)
        )
        return _sorted(rows)

    async def of_stands(self, stand_ids: list[UUID]) -> list[Meeting]:
        if not stand_ids:
            return []
        """The requests to these stands, but not those their professional withdrew."""
        return _sorted(
            await MeetingRow.select().where(
                MeetingRow.stand_id.is_in(stand_ids), MeetingRow.state != "withdrawn"
            )
        )

    async def lock_professional(self, market_id: UUID, user_id: UUID) -> None:
        """Until the transaction ends, other accepts for this professional wait (PostgreSQL: an
        advisory lock on the pair; SQLite: the write transaction already runs alone)."""
        if MeetingRow._meta.db.engine_type == "postgres":
            await MeetingRow.raw(
                "SELECT pg_advisory_xact_lock(hashtextextended({}, 0))",
                f"lakou.meetings.{market_id}.{user_id}",
            )

    async def booked_between(self, since: datetime, until: datetime) -> list[Meeting]:
        rows = await MeetingRow.select().where(
            (MeetingRow.state == MeetingState.BOOKED.value)
            & (MeetingRow.slot_start >= since)
            & (MeetingRow.slot_start <= until)
        )
        return _sorted(rows)

    async def booked_on(self, user_id: UUID, day: str) -> int:
        """The professional's meetings booked on that Martinique day (what quotas count)."""
        return int(
            await MeetingRow.count().where(
                (MeetingRow.professional_id == user_id)
                & (MeetingRow.day == day)
                & (MeetingRow.state == MeetingState.BOOKED.value)
            )
        )


def _sorted(rows: list[dict[str, Any]]) -> list[Meeting]:
    return sorted(
        (_meeting(row) for row in rows),
        key=lambda meeting: (meeting.slot_start or meeting.proposed[0], meeting.created_at),
    )


def _values(meeting: Meeting) -> dict[Any, Any]:
    return {
        "id": meeting.id,
        "market_id": meeting.market_id,
        "stand_id": meeting.stand_id,
        "professional_id": meeting.professional_id,
        "category": meeting.category,
        "proposed": [slot.isoformat() for slot in meeting.proposed],
        "message": meeting.message,
        "state": meeting.state.value,
        "slot_start": meeting.slot_start,
        "day": meeting.day,
        "group_id": meeting.group_id,
        "table_id": meeting.table_id,
        "exhibitor_id": meeting.exhibitor_id,
        "reason": meeting.reason,
        "created_at": meeting.created_at,
        "decided_at": meeting.decided_at,
        "cancelled_by": meeting.cancelled_by,
        "cancelled_at": meeting.cancelled_at,
    }


def _optional_uuid(value: Any) -> UUID | None:
    return as_uuid(value) if value is not None else None


def _meeting(row: dict[str, Any]) -> Meeting:
    return Meeting(
        id=as_uuid(row["id"]),
        market_id=as_uuid(row["market_id"]),
        stand_id=as_uuid(row["stand_id"]),
        professional_id=as_uuid(row["professional_id"]),
        category=row["category"],
        proposed=[as_utc(datetime.fromisoformat(slot)) for slot in as_json(row["proposed"])],
        message=row["message"],
        state=MeetingState(row["state"]),
        created_at=as_utc(row["created_at"]),
        slot_start=as_utc(row["slot_start"]) if row["slot_start"] is not None else None,
        day=row["day"],
        group_id=_optional_uuid(row["group_id"]),
        table_id=_optional_uuid(row["table_id"]),
        exhibitor_id=_optional_uuid(row["exhibitor_id"]),
        reason=row["reason"],
        decided_at=as_utc(row["decided_at"]) if row["decided_at"] is not None else None,
        cancelled_by=_optional_uuid(row["cancelled_by"]),
        cancelled_at=as_utc(row["cancelled_at"]) if row["cancelled_at"] is not None else None,
    )
