"""The programme's rooms, sessions and agenda entries (piccolo).

A room's occupancy is a ROOM resource of the market's "programme" calendar in `scheduling/`:
its bookings keep sessions apart. The agenda's seats are kept here: a partial unique index on
(session, seat) over the rows still held keeps a room from seating more people than it has
seats, and one on (session, person) keeps an entry single (added by the migration).
"""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table


class ProgrammeRoomRow(Table, tablename="lakou_market_rooms"):
    id = UUID(primary_key=True)
    market_id = UUID(index=True)
    name = Varchar(length=200)
    seats = Integer()
    resource_id = UUID()  # the scheduling resource its sessions book
    created_at = Timestamptz()


class ProgrammeSessionRow(Table, tablename="lakou_market_sessions"):
    id = UUID(primary_key=True)
    market_id = UUID(index=True)
    room_id = UUID(index=True)
    kind = Varchar(length=20)
    audience = Varchar(length=20)
    titles = JSON()
    descriptions = JSON()
    speakers = JSON()
    work_ids = JSON()
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    booking_group_id = UUID()  # the room's bookings, one per slot the session spans
    state = Varchar(length=20)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class AgendaEntryRow(Table, tablename="lakou_market_agenda"):
    id = UUID(primary_key=True)
    session_id = UUID(index=True)
    user_id = UUID(index=True)
    seat = Integer()
    created_at = Timestamptz()


TABLES: tuple[type[Table], ...] = (ProgrammeRoomRow, ProgrammeSessionRow, AgendaEntryRow)
