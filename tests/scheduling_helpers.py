"""Helpers for the scheduling tests (and the rows of the authorisation matrix)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID, uuid4

from accounts.domain import Principal, Role
from lakou.bootstrap import Container
from scheduling.domain import ResourceKind, Scope
from scheduling.service import SchedulingService


def principal(user_id: UUID, role: Role = Role.AUDIENCE) -> Principal:
    return Principal(user_id, f"{user_id.hex[:8]}@example.test", "Personne", role)


async def matrix_scheduling(container: Container, owner_id: str) -> dict[str, str]:
    """The authorisation matrix's calendar: a room seating many (every caller books its first
    slot), a table the owner booked at the second slot, the owner's id for the feed route."""
    service = container.services.get(SchedulingService)
    calendar = await service.open_calendar(
        Scope("matrix", uuid4()), "Matrice", "America/Martinique", 30
    )
    day = date.today() + timedelta(days=30)
    await service.add_window(calendar.id, day, time(9), time(12))
    room = await service.add_resource(calendar.id, ResourceKind.ROOM, "Salle", capacity=100)
    table = await service.add_resource(calendar.id, ResourceKind.TABLE, "Table")
    first = datetime.combine(day, time(13), tzinfo=UTC)
    booked = await service.book_as(
        principal(UUID(owner_id)), table.id, first + timedelta(minutes=30)
    )
    return {
        "calendar_id": str(calendar.id),
        "resource_id": str(room.id),
        "slot_start": first.isoformat(),
        "booking_id": str(next(b.id for b in booked if b.resource_id == table.id)),
        "person_id": owner_id,
        "feed_token": "unknown.ics",
    }
