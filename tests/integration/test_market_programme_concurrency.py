"""The programme under concurrency, on both engines: sessions that overlap in a room are
written once whatever the timing (the scheduling bookings' unique index decides), and a room's
seats are never given twice (the agenda's unique indexes decide)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from accounts.domain import Principal
from infra.errors import AppError
from lakou.bootstrap import Container
from marketplace.markets.domain import Market, MarketDetails, Window
from marketplace.markets.programme.domain import (
    SessionAudience,
    SessionDetails,
    SessionKind,
)
from marketplace.markets.programme.service import ProgrammeService
from marketplace.markets.service import MarketService
from scheduling.tables import ScheduleBooking
from tests.scheduling_helpers import principal


async def _outcomes(attempts: list[object]) -> tuple[int, list[str]]:
    results = await asyncio.gather(*attempts, return_exceptions=True)  # type: ignore[call-overload]
    won = sum(1 for result in results if not isinstance(result, BaseException))
    lost = [result.code for result in results if isinstance(result, AppError)]
    assert won + len(lost) == len(results), [r for r in results if isinstance(r, BaseException)]
    return won, lost


def _quarter_after(moment: datetime, hours: int) -> datetime:
    base = moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=hours)
    return base.astimezone(UTC)


async def _market(container: Container) -> tuple[Principal, Market, datetime]:
    manager = principal(uuid4())
    now = datetime.now(UTC)
    markets = container.services.get(MarketService)
    market = await markets.create(
        manager,
        uuid4(),
        MarketDetails(
            name="Marché de Foyal",
            slug=f"foyal-{uuid4().hex[:8]}",
            edition="2027",
            descriptions={"fr": "Le marché."},
            sections=["music"],  # type: ignore[list-item]
            window=Window(now - timedelta(hours=1), now + timedelta(days=2)),
        ),
    )
    await markets.publish(manager, market.id)
    return manager, market, _quarter_after(now, 3)


def _session(room_id: UUID, starts: datetime, minutes: int) -> SessionDetails:
    return SessionDetails(
        room_id=room_id,
        kind=SessionKind.TALK,
        audience=SessionAudience.PUBLIC,
        titles={"fr": f"Rencontre {minutes}"},
        descriptions={},
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
    )


async def test_overlapping_sessions_in_one_room_at_once_only_one_is_written(
    container: Container,
) -> None:
    programme = container.services.get(ProgrammeService)
    manager, market, start = await _market(container)
    room = await programme.add_room(manager, market.id, "Salle Aimé Césaire", 50)
    # Twelve sessions, each overlapping all the others (same start, 30 to 195 minutes).
    won, lost = await _outcomes(
        [
            programme.create(
                manager,
                market.id,
                _session(room.id, start + timedelta(minutes=15 * (n % 2)), 30 + 15 * n),
            )
            for n in range(12)
        ]
    )
    assert won == 1
    assert lost == ["room_taken"] * 11
    sessions = await programme.programme(manager, market.id)
    assert len(sessions) == 1
    # The winner holds its room for every quarter it spans; no slot of a loser remains.
    held = await ScheduleBooking.select().where(
        (ScheduleBooking.resource_id == room.resource_id) & (ScheduleBooking.status == "booked")
    )
    minutes = (sessions[0].details.ends_at - sessions[0].details.starts_at).total_seconds() / 60
    assert len(held) == minutes / 15
    assert {str(row["group_id"]) for row in held} == {str(sessions[0].booking_group_id)}


async def test_a_room_seats_no_more_people_than_it_has_even_at_once(
    container: Container,
) -> None:
    programme = container.services.get(ProgrammeService)
    manager, market, start = await _market(container)
    room = await programme.add_room(manager, market.id, "Petite salle", 3)
    session = await programme.create(manager, market.id, _session(room.id, start, 60))
    people = [principal(uuid4()) for _ in range(10)]
    won, lost = await _outcomes([programme.join(p, market.id, session.id) for p in people])
    assert won == 3
    assert lost == ["session_full"] * 7
    # One person's double click takes one seat.
    second_room = await programme.add_room(manager, market.id, "Grande salle", 100)
    other = await programme.create(manager, market.id, _session(second_room.id, start, 60))
    won, lost = await _outcomes([programme.join(people[0], market.id, other.id) for _ in range(4)])
    assert (won, lost) == (1, ["already_in_agenda"] * 3)
    view = await programme.view(people[0], market.id, other.id)
    assert view.in_agenda
    assert view.seats_left == 99
