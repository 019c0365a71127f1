"""The programme's JSON API: rooms and sessions (the market's managers), the programme and a
session as each visitor may see them, the personal agenda with its .ics feed, a session's .ics
file and a premiere's shared clock."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from accounts.auth import provide_principal, provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.errors import NotFound
from infra.http.dependencies import provide_service
from marketplace.markets.programme.domain import Session
from marketplace.markets.programme.ical import render_sessions
from marketplace.markets.programme.schemas import (
    AgendaOut,
    PremiereOut,
    RoomIn,
    RoomOut,
    SessionIn,
    SessionOut,
    SessionViewOut,
)
from marketplace.markets.programme.service import ProgrammeService, SessionView
from scheduling.errors import SchedulingError
from scheduling.feeds import CalendarFeeds

FEED_SUFFIX = ".ics"
SESSION = "/sessions/{programme_session_id:uuid}"
CALENDAR = "text/calendar; charset=utf-8"

DEPENDENCIES: dict[str, Any] = {
    "programme": provide_service(ProgrammeService),
    "feeds": provide_service(CalendarFeeds),
    "viewer": Provide(provide_principal),
    "me": Provide(provide_user),
}


def base_url(request: Request[Any, Any, Any]) -> str:
    return str(request.base_url).rstrip("/")


def session_link(request: Request[Any, Any, Any], slugs: dict[UUID, str]) -> Any:
    """A session's page address, for the .ics files' URL property."""
    base = base_url(request)
    return lambda session: (
        f"{base}/marches/{slugs.get(session.market_id, '')}/programme/{session.id}"
    )


def agenda_feed_url(request: Request[Any, Any, Any], user_id: UUID, token: str) -> str:
    return f"{base_url(request)}/api/markets/agenda/feeds/{user_id}/{token}{FEED_SUFFIX}"


def session_view_out(view: SessionView) -> SessionViewOut:
    return SessionViewOut(
        SessionOut.of(view.session), view.room.seats, view.seats_left, view.in_agenda
    )


def session_ics_file(request: Request[Any, Any, Any], view: SessionView) -> Response[bytes]:
    link = session_link(request, {view.market.id: view.market.details.slug})
    body = render_sessions([view.session], link, name=view.market.details.name)
    return Response(
        body,
        media_type=CALENDAR,
        headers={
            "Content-Disposition": f'attachment; filename="seance-{view.session.id}.ics"',
            "X-Content-Type-Options": "nosniff",
        },
    )


class ProgrammeController(Controller):
    path = "/api/markets/{market_id:uuid}"
    tags = ["markets"]
    dependencies = DEPENDENCIES

    @post("/rooms", status_code=HTTP_201_CREATED, guards=[requires_user])
    async def add_room(
        self,
        market_id: FromPath[UUID],
        data: JSONBody[RoomIn],
        me: NamedDependency[Principal],
        programme: NamedDependency[ProgrammeService],
    ) -> RoomOut:
        """The market's managers add a room (its seats bound each session's agenda)."""
        return RoomOut.of(await programme.add_room(me, market_id, data.name, data.seats))

    @get("/rooms")
    async def rooms(
        self,
        market_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        programme: NamedDependency[ProgrammeService],
    ) -> list[RoomOut]:
        return [RoomOut.of(room) for room in await programme.rooms(viewer, market_id)]

    @post("/sessions", status_code=HTTP_201_CREATED, guards=[requires_user])
    async def create(
        self,
        market_id: FromPath[UUID],
        data: JSONBody[SessionIn],
        me: NamedDependency[Principal],
        programme: NamedDependency[ProgrammeService],
    ) -> SessionOut:
        """A session in a room: 409 `room_taken` when it overlaps another in the room."""
        return SessionOut.of(await programme.create(me, market_id, data.details()))

    @get("/sessions")
    async def sessions(
        self,
        market_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        programme: NamedDependency[ProgrammeService],
    ) -> list[SessionOut]:
        """The sessions the caller may see: the accredited-only ones for the accredited."""
        return [SessionOut.of(s) for s in await programme.programme(viewer, market_id)]

    @get(SESSION)
    async def show(
        self,
        market_id: FromPath[UUID],
        programme_session_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        programme: NamedDependency[ProgrammeService],
    ) -> SessionViewOut:
        return session_view_out(await programme.view(viewer, market_id, programme_session_id))

    @put(SESSION, guards=[requires_user])
    async def edit(
        self,
        market_id: FromPath[UUID],
        programme_session_id: FromPath[UUID],
        data: JSONBody[SessionIn],
        me: NamedDependency[Principal],
        programme: NamedDependency[ProgrammeService],
    ) -> SessionOut:
        return SessionOut.of(
            await programme.edit(me, market_id, programme_session_id, data.details())
        )

    @post(SESSION + "/cancel", status_code=HTTP_200_OK, guards=[requires_user])
    async def cancel(
        self,
        market_id: FromPath[UUID],
        programme_session_id: FromPath[UUID],
        me: NamedDependency[Principal],
        programme: NamedDependency[ProgrammeService],
    ) -> SessionOut:
        return SessionOut.of(await programme.cancel(me, market_id, programme_session_id))

    @post(SESSION + "/agenda", status_code=HTTP_201_CREATED, guards=[requires_user])
    async def join(
        self,
        market_id: FromPath[UUID],
        programme_session_id: FromPath[UUID],
        me: NamedDependency[Principal],
        programme: NamedDependency[ProgrammeService],
    ) -> SessionOut:
        """Adds the session to the caller's agenda: 409 `session_full` when the room is full."""
        return SessionOut.of(await programme.join(me, market_id, programme_session_id))

    @delete(SESSION + "/agenda", status_code=HTTP_204_NO_CONTENT, guards=[requires_user])
    async def leave(
        self,
        market_id: FromPath[UUID],
        programme_session_id: FromPath[UUID],
        me: NamedDependency[Principal],
        programme: NamedDependency[ProgrammeService],
    ) -> None:
        await programme.leave(me, market_id, programme_session_id)

    @get(SESSION + "/ics")
    async def session_ics(
        self,
        request: Request[Any, Any, Any],
        market_id: FromPath[UUID],
        programme_session_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        programme: NamedDependency[ProgrammeService],
    ) -> Response[bytes]:
        """The session as an .ics file ("Ajouter à mon calendrier")."""
        view = await programme.view(viewer, market_id, programme_session_id)
        return session_ics_file(request, view)

    @get(SESSION + "/premiere")
    async def premiere(
        self,
        market_id: FromPath[UUID],
        programme_session_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        programme: NamedDependency[ProgrammeService],
    ) -> PremiereOut:
        """The premiere's shared clock, by the server: the start, now, and the live position."""
        view, clock, now = await programme.premiere(viewer, market_id, programme_session_id)
        return PremiereOut.of(view.session, clock, now)


class AgendaController(Controller):
    path = "/api/markets/agenda"
    tags = ["markets"]
    dependencies = DEPENDENCIES

    @get("/", guards=[requires_user])
    async def agenda(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        programme: NamedDependency[ProgrammeService],
        feeds: NamedDependency[CalendarFeeds],
    ) -> AgendaOut:
        """The caller's sessions in every market, and their secret .ics feed address."""
        sessions = await programme.agenda(me.user_id)
        token = await feeds.token(me.user_id)
        return AgendaOut(
            [SessionOut.of(s) for s in sessions], agenda_feed_url(request, me.user_id, token)
        )

    @get("/feeds/{person_id:uuid}/{feed_token:str}")
    async def feed(
        self,
        request: Request[Any, Any, Any],
        person_id: FromPath[UUID],
        feed_token: FromPath[str],
        programme: NamedDependency[ProgrammeService],
        feeds: NamedDependency[CalendarFeeds],
    ) -> Response[bytes]:
        """The person's programme agenda for calendar apps (no session: the URL is the
        authority, signed like the scheduling feed; rotating that one revokes this one)."""
        if not await feeds.holds(person_id, feed_token.removesuffix(FEED_SUFFIX)[:64]):
            raise NotFound(SchedulingError.FEED_NOT_FOUND)
        sessions: list[Session] = await programme.agenda(person_id)
        slugs = await programme.slugs({s.market_id for s in sessions})
        body = render_sessions(sessions, session_link(request, slugs), name="Lakou")
        return Response(
            body, media_type=CALENDAR, headers={"Cache-Control": "private, max-age=300"}
        )
