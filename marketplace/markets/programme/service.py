"""Use cases for the programme: rooms, sessions, who sees them, the personal agenda.

The market's managers add rooms and create, edit and cancel sessions; a session books its room
for every slot it spans through the scheduling module, in the same transaction as its row, so
two sessions overlapping in a room cannot both be written. Everyone sees the public sessions of
a public market; an accredited-only session is not found for anyone but the accredited, the
team and staff. A signed-in person who may see a session takes one of its room's seats in their
agenda; a full room refuses (409 `session_full`) rather than keeping a waiting list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, NotFound
from infra.ids import new_id
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.domain import Market
from marketplace.markets.errors import MarketError
from marketplace.markets.ports import Catalogue, WorkFacts
from marketplace.markets.programme.domain import (
    PremiereClock,
    Room,
    Session,
    SessionDetails,
    SessionState,
    checked_room_name,
    checked_seats,
    premiere_clock,
)
from marketplace.markets.programme.ports import RoomCalendar
from marketplace.markets.programme.repository import ProgrammeRepository
from marketplace.markets.service import MANAGERS, MarketService


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SessionView:
    market: Market
    session: Session
    room: Room
    works: list[WorkFacts]
    seats_left: int
    in_agenda: bool


class ProgrammeService:
    def __init__(
        self,
        markets: MarketService,
        accreditations: AccreditationService,
        repository: ProgrammeRepository,
        rooms: RoomCalendar,
        catalogue: Catalogue,
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._markets = markets
        self._accreditations = accreditations
        self._repo = repository
        self._rooms = rooms
        self._catalogue = catalogue
        self._uow = unit_of_work
        self.now = now

    # Rooms (managers) -------------------------------------------------------------------------

    async def add_room(self, who: Principal, market_id: UUID, name: str, seats: int) -> Room:
        market = await self._markets.managed(who, market_id, MANAGERS)
        name, seats = checked_room_name(name), checked_seats(seats)
        async with self._uow():
            resource_id = await self._rooms.add_room(market.id, market.window, name)
            room = Room(new_id(), market.id, name, seats, resource_id, self.now())
            await self._repo.add_room(room)
        return room

    async def rooms(self, viewer: Principal | None, market_id: UUID) -> list[Room]:
        market = await self._markets.visible(viewer, market_id)
        return await self._repo.rooms(market.id)

    # Sessions (managers) ----------------------------------------------------------------------

    async def create(self, who: Principal, market_id: UUID, details: SessionDetails) -> Session:
        market = await self._markets.managed(who, market_id, MANAGERS)
        checked = details.validated(market.window)
        room = await self._room_of(market, checked.room_id)
        await self._linked_works(checked)
        await self._rooms.cover(market.id, market.window)
        now = self.now()
        async with self._uow():
            group_id = await self._rooms.hold(
                room.resource_id, checked.starts_at, checked.ends_at, who.user_id, _label(checked)
            )
            session = Session(
                new_id(), market.id, checked, group_id, SessionState.SCHEDULED, now, now, room.name
            )
            await self._repo.add_session(session)
        return session

    async def edit(
        self, who: Principal, market_id: UUID, session_id: UUID, details: SessionDetails
    ) -> Session:
        """New texts, times or room: the room is booked again for the new times (the old
        booking is freed in the same transaction, so moving a session by a slot works). The
        agenda entries are the session's, so the people who added it keep it at its new time;
        the .ics's SEQUENCE grows with each change for their calendars to follow."""
        market = await self._markets.managed(who, market_id, MANAGERS)
        session = await self._session_of(market, session_id)
        if not session.scheduled:
            raise Conflict(MarketError.SESSION_CANCELLED)
        checked = details.validated(market.window)
        room = await self._room_of(market, checked.room_id)
        if room.id != session.details.room_id:
            # The agenda's seats move with the session: a smaller room must seat them all.
            taken = (await self._repo.seats_taken([session.id])).get(session.id, 0)
            if taken > room.seats:
                raise Conflict(MarketError.ROOM_TOO_SMALL, taken=taken)
        await self._linked_works(checked)
        await self._rooms.cover(market.id, market.window)
        group_id = session.booking_group_id
        async with self._uow():
            old = session.details
            if (old.room_id, old.starts_at, old.ends_at) != (
                checked.room_id,
                checked.starts_at,
                checked.ends_at,
            ):
                await self._rooms.release(group_id, who.user_id)
                group_id = await self._rooms.hold(
                    room.resource_id,
                    checked.starts_at,
                    checked.ends_at,
                    who.user_id,
                    _label(checked),
                )
            session = replace(
                session,
                details=checked,
                booking_group_id=group_id,
                updated_at=self.now(),
                room_name=room.name,
            )
            await self._repo.save_session(session)
        return session

    async def managed_session(self, who: Principal, market_id: UUID, session_id: UUID) -> Session:
        """A session of the market, for its managers (its edit page)."""
        market = await self._markets.managed(who, market_id, MANAGERS)
        return await self._session_of(market, session_id)

    async def cancel(self, who: Principal, market_id: UUID, session_id: UUID) -> Session:
        market = await self._markets.managed(who, market_id, MANAGERS)
        session = await self._session_of(market, session_id)
        if not session.scheduled:
            raise Conflict(MarketError.SESSION_CANCELLED)
        async with self._uow():
            await self._rooms.release(session.booking_group_id, who.user_id)
            session = replace(session, state=SessionState.CANCELLED, updated_at=self.now())
            await self._repo.save_session(session)
        return session

    # What visitors see ------------------------------------------------------------------------

    async def programme(self, viewer: Principal | None, market_id: UUID) -> list[Session]:
        """The market's sessions this person may see, in order (cancelled ones stay, marked)."""
        market = await self._markets.visible(viewer, market_id)
        private = await self._accreditations.is_accredited(market, viewer)
        return [s for s in await self._repo.sessions(market.id) if s.public or private]

    async def view(
        self, viewer: Principal | None, market_id: UUID, session_id: UUID
    ) -> SessionView:
        market = await self._markets.visible(viewer, market_id)
        session = await self._seen(viewer, market, session_id)
        room = await self._room_of(market, session.details.room_id)
        works = await self._catalogue.works(list(session.details.work_ids))
        taken = (await self._repo.seats_taken([session.id])).get(session.id, 0)
        mine = viewer is not None and await self._repo.has_seat(session.id, viewer.user_id)
        return SessionView(
            market=market,
            session=session,
            room=room,
            works=[works[w] for w in session.details.work_ids if w in works and works[w].listed],
            seats_left=max(0, room.seats - taken),
            in_agenda=mine,
        )

    async def premiere(
        self, viewer: Principal | None, market_id: UUID, session_id: UUID
    ) -> tuple[SessionView, PremiereClock, datetime]:
        """A premiere's page and the shared clock: the server's now, not the viewer's."""
        view = await self.view(viewer, market_id, session_id)
        if not view.session.premiere:
            raise NotFound(MarketError.SESSION_NOT_FOUND)
        now = self.now()
        details = view.session.details
        return view, premiere_clock(details.starts_at, details.ends_at, now), now

    # The personal agenda ----------------------------------------------------------------------

    async def join(self, who: Principal, market_id: UUID, session_id: UUID) -> Session:
        market = await self._markets.visible(who, market_id)
        session = await self._seen(who, market, session_id)
        if not session.scheduled:
            raise Conflict(MarketError.SESSION_CANCELLED)
        if session.details.ends_at <= self.now():
            raise Conflict(MarketError.SESSION_PASSED)
        room = await self._room_of(market, session.details.room_id)
        async with self._uow():
            taken = await self._repo.take_seat(session.id, who.user_id, room.seats, self.now())
        if taken == "full":
            raise Conflict(MarketError.SESSION_FULL)
        if taken == "already":
            raise Conflict(MarketError.ALREADY_IN_AGENDA)
        return session

    async def leave(self, who: Principal, market_id: UUID, session_id: UUID) -> None:
        market = await self._markets.visible(who, market_id)
        session = await self._seen(who, market, session_id)
        async with self._uow():
            if not await self._repo.leave(session.id, who.user_id):
                raise NotFound(MarketError.NOT_IN_AGENDA)

    async def agenda(self, user_id: UUID) -> list[Session]:
        """Every session in the person's agenda, in every market, in order."""
        return await self._repo.sessions_by_id(await self._repo.agenda_of(user_id))

    async def slugs(self, market_ids: set[UUID]) -> dict[UUID, str]:
        """The page addresses of markets, for links out of a feed."""
        return {mid: (await self._markets.get(mid)).details.slug for mid in market_ids}

    # Helpers ----------------------------------------------------------------------------------

    async def _seen(self, viewer: Principal | None, market: Market, session_id: UUID) -> Session:
        session = await self._session_of(market, session_id)
        if session.public or await self._accreditations.is_accredited(market, viewer):
            return session
        raise NotFound(MarketError.SESSION_NOT_FOUND)

    async def _session_of(self, market: Market, session_id: UUID) -> Session:
        session = await self._repo.session(session_id)
        if session is None or session.market_id != market.id:
            raise NotFound(MarketError.SESSION_NOT_FOUND)
        return session

    async def _room_of(self, market: Market, room_id: UUID) -> Room:
        room = await self._repo.room(room_id)
        if room is None or room.market_id != market.id:
            raise NotFound(MarketError.ROOM_NOT_FOUND)
        return room

    async def _linked_works(self, details: SessionDetails) -> None:
        """Published works only (a stand's or the catalogue's): another draft is not found."""
        found = await self._catalogue.works(list(details.work_ids))
        if any(w not in found or not found[w].listed for w in details.work_ids):
            raise NotFound(MarketError.WORK_NOT_FOUND)


def _label(details: SessionDetails) -> str:
    return details.titles.get("fr", "")


__all__ = ["ProgrammeService", "SessionView"]
