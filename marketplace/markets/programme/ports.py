"""What the programme needs from the scheduling module (adapter in `adapters.py`)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from marketplace.markets.domain import Window

# Sessions start and end on the programme calendar's slots (a quarter of an hour).
SLOT_MINUTES = 15
PROGRAMME_ZONE = "America/Martinique"


class RoomCalendar(Protocol):
    """The market's "programme" calendar: its rooms are resources a session books whole."""

    async def add_room(self, market_id: UUID, window: Window, name: str) -> UUID:
        """A new room resource (the calendar and its days made on first use): its id."""
        ...

    async def cover(self, market_id: UUID, window: Window) -> None:
        """Opens the calendar's days the market's window has gained since (it may change)."""
        ...

    async def hold(
        self, room_resource_id: UUID, starts_at: datetime, ends_at: datetime, by: UUID, label: str
    ) -> UUID:
        """Books the room for every slot from start to end, all or none: the bookings' group
        id; 409 when another session holds one of them, in the caller's transaction."""
        ...

    async def release(self, group_id: UUID, by: UUID) -> None: ...
