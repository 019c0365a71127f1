"""A premiere's shared clock and a session's times: pure arithmetic, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import pytest

from infra.errors import InvalidInput
from marketplace.markets.domain import Window
from marketplace.markets.programme.domain import (
    PremierePhase,
    SessionAudience,
    SessionDetails,
    SessionKind,
    live_position,
    premiere_clock,
)

START = datetime(2027, 3, 28, 18, 0, tzinfo=UTC)  # 14:00 in Martinique, 20:00 in Paris (CEST)
END = START + timedelta(minutes=95)


def test_before_the_start_the_premiere_counts_down() -> None:
    clock = premiere_clock(START, END, START - timedelta(minutes=2, seconds=5))
    assert clock.phase is PremierePhase.COUNTDOWN
    assert clock.seconds_to_start == 125.0
    assert clock.position == 0.0


def test_everyone_plays_from_the_start_plus_the_time_elapsed() -> None:
    clock = premiere_clock(START, END, START + timedelta(minutes=41, seconds=7.5))
    assert clock.phase is PremierePhase.LIVE
    assert clock.seconds_to_start == 0.0
    assert clock.position == 2467.5
    # Exactly at the start the work begins at 0; at the end it is over.
    assert premiere_clock(START, END, START).position == 0.0
    assert premiere_clock(START, END, END).phase is PremierePhase.OVER


def test_the_viewer_adds_only_its_own_elapsed_time_to_the_servers_position() -> None:
    # The server said 600 s at the viewer's monotonic 1000 s; 12.5 s later the live position
    # is 612.5, whatever the viewer's wall clock says. A clock going back adds nothing.
    assert live_position(600.0, 1000.0, 1012.5) == 612.5
    assert live_position(600.0, 1000.0, 990.0) == 600.0


def _details(starts: datetime, minutes: int = 60) -> SessionDetails:
    return SessionDetails(
        room_id=uuid4(),
        kind=SessionKind.TALK,
        audience=SessionAudience.PUBLIC,
        titles={"fr": "Rencontre", "gcf": "Rankont"},
        descriptions={},
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
    )


def test_a_session_is_kept_in_utc_and_must_fit_the_markets_window() -> None:
    window = Window(START - timedelta(days=1), START + timedelta(days=1))
    martinique = timezone(timedelta(hours=-4))
    checked = _details(datetime(2027, 3, 28, 14, 0, tzinfo=martinique)).validated(window)
    assert checked.starts_at == START
    assert checked.titles == {"fr": "Rencontre", "gcf-MQ": "Rankont"}
    with pytest.raises(InvalidInput) as outside:
        _details(START + timedelta(days=1)).validated(window)
    assert outside.value.code == "outside_window"
    with pytest.raises(InvalidInput) as naive:
        _details(datetime(2027, 3, 28, 14, 0)).validated(window)
    assert naive.value.code == "invalid_window"
    with pytest.raises(InvalidInput) as backwards:
        _details(START, minutes=-15).validated(window)
    assert backwards.value.code == "invalid_session_times"
