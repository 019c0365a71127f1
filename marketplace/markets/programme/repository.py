"""Reads and writes the programme's rooms, sessions and agenda entries (piccolo, both engines).

`take_seat` leans on the agenda's unique indexes: `INSERT … ON CONFLICT DO NOTHING` either takes
a seat or learns, without aborting the transaction, that someone else has it (on PostgreSQL it
waits for a concurrent transaction holding the same key to end, then answers).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from piccolo.columns import Column

from infra.db.values import as_json, as_utc, as_uuid
from infra.ids import new_id
from marketplace.markets.programme.domain import (
    Room,
    Session,
    SessionAudience,
    SessionDetails,
    SessionKind,
    SessionState,
    Speaker,
)
from marketplace.markets.programme.tables import (
    AgendaEntryRow,
    ProgrammeRoomRow,
    ProgrammeSessionRow,
)

MAX_LISTED = 500


class ProgrammeRepository:
    # Rooms ------------------------------------------------------------------------------------

    async def add_room(self, room: Room) -> None:
        await ProgrammeRoomRow.insert(
            ProgrammeRoomRow(
                id=room.id,
                market_id=room.market_id,
                name=room.name,
                seats=room.seats,
                resource_id=room.resource_id,
                created_at=room.created_at,
            )
        )

    async def rooms(self, market_id: UUID) -> list[Room]:
        rows = (
            await ProgrammeRoomRow.select()
            .where(ProgrammeRoomRow.market_id == market_id)
            .order_by(ProgrammeRoomRow.name)
        )
        return [_room(row) for row in rows]

    async def room(self, room_id: UUID) -> Room | None:
        rows = await ProgrammeRoomRow.select().where(ProgrammeRoomRow.id == room_id)
        return _room(rows[0]) if rows else None

    # Sessions ---------------------------------------------------------------------------------

    async def add_session(self, session: Session) -> None:
        await ProgrammeSessionRow.insert(ProgrammeSessionRow(**_session_columns(session)))

    async def save_session(self, session: Session) -> None:
        columns: dict[Column | str, Any] = {
            key: value for key, value in _session_columns(session).items() if key != "id"
        }
        await ProgrammeSessionRow.update(columns).where(ProgrammeSessionRow.id == session.id)

    async def session(self, session_id: UUID) -> Session | None:
        rows = await ProgrammeSessionRow.select().where(ProgrammeSessionRow.id == session_id)
        return (await self._named(rows))[0] if rows else None

    async def sessions(self, market_id: UUID) -> list[Session]:
        rows = (
            await ProgrammeSessionRow.select()
            .where(ProgrammeSessionRow.market_id == market_id)
            .order_by(ProgrammeSessionRow.starts_at, ProgrammeSessionRow.id)
            .limit(MAX_LISTED)
        )
        return await self._named(rows)

    async def sessions_by_id(self, ids: Iterable[UUID]) -> list[Session]:
        wanted = list(set(ids))
        if not wanted:
            return []
        rows = (
            await ProgrammeSessionRow.select()
            .where(ProgrammeSessionRow.id.is_in(wanted))
            .order_by(ProgrammeSessionRow.starts_at, ProgrammeSessionRow.id)
        )
        return await self._named(rows)

    async def premieres_playing(self, at: datetime, margin: timedelta) -> list[Session]:
        """Scheduled premieres under way at `at`, give or take `margin` on either side."""
        rows = await ProgrammeSessionRow.select().where(
            (ProgrammeSessionRow.kind == SessionKind.PREMIERE.value)
            & (ProgrammeSessionRow.state == SessionState.SCHEDULED.value)
            & (ProgrammeSessionRow.starts_at <= at + margin)
            & (ProgrammeSessionRow.ends_at >= at - margin)
        )
        return await self._named(rows)

    async def _named(self, rows: list[dict[str, Any]]) -> list[Session]:
        room_ids = list({as_uuid(row["room_id"]) for row in rows})
        names: dict[UUID, str] = {}
        if room_ids:
            found = await ProgrammeRoomRow.select(ProgrammeRoomRow.id, ProgrammeRoomRow.name).where(
                ProgrammeRoomRow.id.is_in(room_ids)
            )
            names = {as_uuid(row["id"]): row["name"] for row in found}
        return [_session(row, names.get(as_uuid(row["room_id"]), "")) for row in rows]

    # The agenda -------------------------------------------------------------------------------

    async def take_seat(self, session_id: UUID, user_id: UUID, seats: int, at: datetime) -> str:
        """'added', 'already' (the person has a seat) or 'full' (every seat is taken)."""
        if await self.has_seat(session_id, user_id):
            return "already"
        taken = {
            row["seat"]
            for row in await AgendaEntryRow.select(AgendaEntryRow.seat).where(
                AgendaEntryRow.session_id == session_id
            )
        }
        for seat in range(seats):
            if seat in taken:
                continue
            inserted = (
                await AgendaEntryRow.insert(
                    AgendaEntryRow(
                        id=new_id(),
                        session_id=session_id,
                        user_id=user_id,
                        seat=seat,
                        created_at=at,
                    )
                )
                .on_conflict(action="DO NOTHING")
                .returning(AgendaEntryRow.id)
            )
            if inserted:
                return "added"
            if await self.has_seat(session_id, user_id):
                return "already"  # the same person's other request won
        return "full"

    async def has_seat(self, session_id: UUID, user_id: UUID) -> bool:
        return bool(
            await AgendaEntryRow.select(AgendaEntryRow.id).where(
                (AgendaEntryRow.session_id == session_id) & (AgendaEntryRow.user_id == user_id)
            )
        )

    async def leave(self, session_id: UUID, user_id: UUID) -> bool:
        removed = (
            await AgendaEntryRow.delete()
            .where((AgendaEntryRow.session_id == session_id) & (AgendaEntryRow.user_id == user_id))
            .returning(AgendaEntryRow.id)
        )
        return bool(removed)

    async def seats_taken(self, session_ids: Iterable[UUID]) -> dict[UUID, int]:
        wanted = list(set(session_ids))
        if not wanted:
            return {}
        rows = await AgendaEntryRow.select(AgendaEntryRow.session_id).where(
            AgendaEntryRow.session_id.is_in(wanted)
        )
        counts: dict[UUID, int] = {}
        for row in rows:
            key = as_uuid(row["session_id"])
            counts[key] = counts.get(key, 0) + 1
        return counts

    async def agenda_of(self, user_id: UUID) -> list[UUID]:
        rows = await AgendaEntryRow.select(AgendaEntryRow.session_id).where(
            AgendaEntryRow.user_id == user_id
        )
        return [as_uuid(row["session_id"]) for row in rows]


def _room(row: dict[str, Any]) -> Room:
    return Room(
        id=as_uuid(row["id"]),
        market_id=as_uuid(row["market_id"]),
        name=row["name"],
        seats=row["seats"],
        resource_id=as_uuid(row["resource_id"]),
        created_at=as_utc(row["created_at"]),
    )


def _session_columns(session: Session) -> dict[str, Any]:
    details = session.details
    return {
        "id": session.id,
        "market_id": session.market_id,
        "room_id": details.room_id,
        "kind": details.kind.value,
        "audience": details.audience.value,
        "titles": dict(details.titles),
        "descriptions": dict(details.descriptions),
        "speakers": [
            {"name": s.name, "user_id": str(s.user_id) if s.user_id else None}
            for s in details.speakers
        ],
        "work_ids": [str(work) for work in details.work_ids],
        "starts_at": details.starts_at,
        "ends_at": details.ends_at,
        "booking_group_id": session.booking_group_id,
        "state": session.state.value,
        "created_at": session.created_at,
        "updated_at": session.updated_at,
    }


def _session(row: dict[str, Any], room_name: str) -> Session:
    speakers = as_json(row["speakers"]) or []
    return Session(
        id=as_uuid(row["id"]),
        market_id=as_uuid(row["market_id"]),
        details=SessionDetails(
            room_id=as_uuid(row["room_id"]),
            kind=SessionKind(row["kind"]),
            audience=SessionAudience(row["audience"]),
            titles=as_json(row["titles"]) or {},
            descriptions=as_json(row["descriptions"]) or {},
            starts_at=as_utc(row["starts_at"]),
            ends_at=as_utc(row["ends_at"]),
            speakers=tuple(
                Speaker(s["name"], UUID(s["user_id"]) if s.get("user_id") else None)
                for s in speakers
            ),
            work_ids=tuple(UUID(w) for w in as_json(row["work_ids"]) or []),
        ),
        booking_group_id=as_uuid(row["booking_group_id"]),
        state=SessionState(row["state"]),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        room_name=room_name,
    )
