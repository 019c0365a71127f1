"""Issue 14's "done when", end to end on real ffmpeg output: an exhibitor invites the accredited
buyers of a market to a screener of their film; its marked A/B copy is prepared by the real
worker (the page's opening says "preparing" until then); two buyers watch through their own
signed links and their views are in the viewing report; the copy one of them recorded,
re-encoded at half its bit rate with its start removed and cut to 60 %, is traced by
`lakou trace` to that buyer, and the unmarked film to nobody."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.screeners.tables import ViewingRow
from media.watermark.cli import trace
from tests.e2e.test_markets_api import open_market, organiser
from tests.meeting_helpers import accredited, stand_of_new_creator
from tests.organisation_helpers import recording_notifier
from tests.screener_helpers import (
    code,
    email_of,
    invitation_of,
    open_view,
    screener_body,
    work_with_media,
)
from tests.watermark_helpers import leak, make_film
from workers.runtime import make_relay

# Minutes of ffmpeg on a shared machine: with the other marked-copy tests, not in the quick run.
pytestmark = pytest.mark.slow

FILM_S = 150
WIDTH, HEIGHT = 640, 360  # one rung (360p): the marks are the same at every rung
CUT_START_S = 15
CUT_LENGTH_S = FILM_S * 0.6


@pytest.fixture(scope="module")
def film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("screener-film") / "film.mp4"
    return make_film(dest, FILM_S, size=f"{WIDTH}x{HEIGHT}")


async def _prepare_in_the_worker(broker: Any, worker: Any) -> None:
    """The relay hands `media.marked_renditions_requested` to the "media" queue's actor."""
    assert await make_relay(broker).drain()
    await asyncio.to_thread(lambda: broker.join("media", timeout=900_000))
    await asyncio.to_thread(worker.join)


async def _watch(
    client: AsyncTestClient[Any], viewer: dict[str, str], invitation_id: str, dest: Path
) -> tuple[Path, list[str]]:
    """Opens a view, beats once, and records what the player fetches of the 360p rendition:
    the recording and the A/B letters of its segments."""
    opened = await open_view(client, viewer, invitation_id)
    assert opened.status_code == 201, opened.text
    body = opened.json()
    master = await client.get(body["playlist"], headers=viewer)
    assert master.status_code == 200, master.text
    variant_url = next(line for line in master.text.splitlines() if "/360p/index.m3u8" in line)
    playlist = await client.get(variant_url)
    assert playlist.status_code == 200, playlist.text
    init = re.search(r'URI="([^"]+)"', playlist.text)
    assert init is not None
    segments = [line for line in playlist.text.splitlines() if line.startswith("/media/marked/")]
    with dest.open("wb") as out:
        for url in [init.group(1), *segments]:
            fetched = await client.get(url)
            assert fetched.status_code == 200, (url, fetched.text)
            out.write(fetched.content)
    beat = await client.post(
        body["heartbeat"],
        json={"event": "tick", "position_s": 1.0, "played_s": 1.0},
        headers=viewer,
    )
    assert beat.status_code == 200, beat.text
    letters = [url.split("?")[0][-5] for url in segments]
    return dest, letters


async def test_the_accredited_buyers_screener_is_traced_to_the_buyer_who_leaked_it(
    client: AsyncTestClient[Any],
    container: Container,
    broker: Any,
    worker: Any,
    film: Path,
    tmp_path: Path,
) -> None:
    recording_notifier(container)
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    exhibitor, stand = await stand_of_new_creator(client, container, manager, market["id"])
    buyers = [await accredited(client, container, manager, market["id"], "buyer") for _ in "abc"]
    work_id = await work_with_media(
        client,
        container,
        exhibitor,
        creator_id=stand["creator_id"],
        marked=False,
        film=(film.read_bytes(), WIDTH, HEIGHT),
    )
    placed = await client.put(
        f"/api/stands/{stand['id']}/works", json={"work_ids": [work_id]}, headers=exhibitor
    )
    assert placed.status_code == 200, placed.text
    audience = [{"kind": "market", "market_id": market["id"], "category": "buyer"}]
    made = await client.post(
        "/api/screeners",
        json=screener_body(work_id, stand_id=stand["id"], audiences=audience, max_views=2),
        headers=exhibitor,
    )
    assert made.status_code == 201, made.text
    screener_id = made.json()["id"]
    assert made.json()["invited"] == 3
    invitations = [await invitation_of(client, buyer, screener_id) for buyer in buyers]

    # Until the worker has made the marked copy, opening says so and spends no view.
    early = await open_view(client, buyers[0], invitations[0])
    assert (early.status_code, code(early)) == (409, "screener_preparing")
    assert await ViewingRow.count() == 0
    await _prepare_in_the_worker(broker, worker)

    first, first_letters = await _watch(client, buyers[0], invitations[0], tmp_path / "a.mp4")
    _, second_letters = await _watch(client, buyers[1], invitations[1], tmp_path / "b.mp4")
    # Two viewers, two sequences of variants: each spells its own codeword.
    assert len(first_letters) == len(second_letters) == FILM_S // 2
    assert first_letters != second_letters
    assert set(first_letters) == {"A", "B"}

    report = (await client.get(f"/api/screeners/{screener_id}/report", headers=exhibitor)).json()
    views = {row["invitation_id"]: row["views"] for row in report}
    assert views == {invitations[0]: 1, invitations[1]: 1, invitations[2]: 0}
    assert all(row["watched_s"] > 0 for row in report if row["views"])

    leaked = leak(
        first, tmp_path / "leak.mp4", start_s=CUT_START_S, length_s=CUT_LENGTH_S, video=True
    )
    result = await asyncio.to_thread(
        CliRunner().invoke, trace, [str(leaked)], obj=container.services
    )
    assert result.exit_code == 0, result.output
    assert f"match: holder {invitations[0]}" in result.output
    assert f"<{await email_of(client, buyers[0])}>" in result.output
    assert "probability of a false accusation" in result.output

    unmarked = leak(
        film, tmp_path / "unmarked.mp4", start_s=CUT_START_S, length_s=CUT_LENGTH_S, video=True
    )
    result = await asyncio.to_thread(
        CliRunner().invoke, trace, [str(unmarked)], obj=container.services
    )
    assert result.output.startswith("no match"), result.output
