"""Small pure pieces of the screeners: offered renditions, device labels, heartbeat credit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from infra.errors import Conflict
from marketplace.screeners.devices import device_of
from marketplace.screeners.domain import BeatEvent, Invitation, Viewing
from marketplace.screeners.playlists import offered_only

MASTER = (
    "#EXTM3U\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=640x360\n/media/t/hls/360p/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=2,RESOLUTION=1280x720\n/media/t/hls/720p/index.m3u8\n"
    "#EXT-X-STREAM-INF:BANDWIDTH=3\n/marked/v/abc.m3u8?sig=1\n"
)


def test_only_the_offered_rungs_stay_and_unnamed_variants_are_kept() -> None:
    kept = offered_only(MASTER, ["360p"])
    assert "360p/index.m3u8" in kept
    assert "720p" not in kept
    assert "RESOLUTION=1280x720" not in kept
    assert "/marked/v/abc.m3u8?sig=1" in kept


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1", "Safari · iPhone"),
        ("Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36 Edg/120.0", "Edge · Windows"),
        (None, "autre"),
    ],
)
def test_a_device_is_a_browser_and_a_system(agent: str | None, label: str) -> None:
    assert device_of(agent) == label


def test_a_beat_credits_no_more_than_the_wall_clock_and_an_ended_viewing_takes_none() -> None:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    invitation = Invitation(uuid4(), uuid4(), uuid4(), "a@b.example", "A", "", False, now)
    viewing = Viewing.start(invitation, "browser", "MQ", "Firefox · Linux", now)
    viewing.beat(BeatEvent.TICK, 10, 1000, "GP", now + timedelta(seconds=10))
    assert viewing.watched_s == 12
    assert viewing.countries == ["MQ", "GP"]
    viewing.end(now + timedelta(seconds=11))
    with pytest.raises(Conflict):
        viewing.beat(BeatEvent.TICK, 12, 1, None, now + timedelta(seconds=12))
