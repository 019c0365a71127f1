"""Marked copies end to end on real ffmpeg output (issue 14): 20 viewers each record their
stream of a 3-minute 540p film through the API; every recording is re-encoded at half its bit
rate, its first 20 s removed and cut to 60 % of the film, and the tracer names its viewer; the
unmarked film is no match. The same for a song. Renditions are prepared by the real worker.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from media.kinds import MediaKind
from media.watermark.cli import trace
from media.watermark.service import MarkedCopies
from media.watermark.tracing import TraceService
from tests.watermark_helpers import ffmpeg, leak, make_film, make_song, ready_asset, record
from workers.runtime import make_relay

# Minutes of ffmpeg and tracing that no database engine changes: once, in the PostgreSQL pass
# (which ends well before the browser journeys' pass, so the suite's wall time drops).
pytestmark = pytest.mark.engine_neutral

FILM_S = 180
CUT_START_S = 20
CUT_LENGTH_S = FILM_S * 0.6
VIEWERS = [f"viewer-{n:02d}" for n in range(20)]


@pytest.fixture(scope="module")
def film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_film(tmp_path_factory.mktemp("film") / "film.mp4", FILM_S)


@pytest.fixture(scope="module")
def song(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_song(tmp_path_factory.mktemp("song") / "song.flac", FILM_S)


async def _prepared(
    container: Container,
    broker: Any,
    worker: Any,
    source: Path,
    kind: MediaKind,
    facts: dict[str, Any],
) -> tuple[MarkedCopies, UUID]:
    asset_id = await ready_asset(container, source, kind, facts)
    copies = container.services.get(MarkedCopies)
    for viewer in VIEWERS:
        await copies.issue(asset_id, viewer)
    await copies.issue(asset_id, VIEWERS[0])  # a second invitation: the same codeword
    assert await copies.state(asset_id) == "absent"
    await copies.prepare(asset_id)
    await copies.prepare(asset_id)  # a double click asks once
    assert await copies.state(asset_id) == "preparing"
    # The relay hands the request to the worker's "media" queue; a film takes minutes there.
    assert await make_relay(broker).drain()
    await asyncio.to_thread(lambda: broker.join("media", timeout=1_800_000))
    await asyncio.to_thread(worker.join)
    assert await copies.state(asset_id) == "ready"
    return copies, asset_id


async def test_every_viewers_recording_of_a_film_is_traced_to_them(
    container: Container,
    client: AsyncTestClient[Any],
    broker: object,
    worker: object,
    film: Path,
    tmp_path: Path,
) -> None:
    facts = {"width": 960, "height": 540, "duration_s": FILM_S, "audio_codec": "aac"}
    copies, asset_id = await _prepared(container, broker, worker, film, MediaKind.VIDEO, facts)
    tracer = container.services.get(TraceService)
    named = {}
    for viewer in VIEWERS:
        recording = await record(
            client, copies, asset_id, viewer, "540p", tmp_path / f"{viewer}.mp4"
        )
        leaked = leak(
            recording,
            tmp_path / f"{viewer}-leak.mp4",
            start_s=CUT_START_S,
            length_s=CUT_LENGTH_S,
            video=True,
        )
        named[viewer] = (await tracer.trace(leaked)).verdict.holder_ref
        recording.unlink()
    assert named == {viewer: viewer for viewer in VIEWERS}

    unmarked = leak(
        film, tmp_path / "unmarked.mp4", start_s=CUT_START_S, length_s=CUT_LENGTH_S, video=True
    )
    assert (await tracer.trace(unmarked)).verdict.holder_ref is None

    # A film that is not a Lakou work: no match either.
    foreign = tmp_path / "foreign.mp4"
    ffmpeg(*("-f", "lavfi", "-i", "testsrc=size=960x540:rate=25:duration=90"), str(foreign))
    assert (await tracer.trace(foreign)).verdict.holder_ref is None

    # The operator's command says the same, with the chance of accusing the wrong person.
    result = await asyncio.to_thread(
        CliRunner().invoke, trace, [str(tmp_path / "viewer-07-leak.mp4")], obj=container.services
    )
    assert result.exit_code == 0, result.output
    assert "match: holder viewer-07" in result.output
    assert "probability of a false accusation" in result.output
    result = await asyncio.to_thread(
        CliRunner().invoke, trace, [str(unmarked)], obj=container.services
    )
    assert result.output.startswith("no match")


async def test_every_listeners_recording_of_a_song_is_traced_to_them(
    container: Container,
    client: AsyncTestClient[Any],
    broker: object,
    worker: object,
    song: Path,
    tmp_path: Path,
) -> None:
    facts = {"duration_s": FILM_S}
    copies, asset_id = await _prepared(container, broker, worker, song, MediaKind.AUDIO, facts)
    tracer = container.services.get(TraceService)
    named = {}
    for viewer in VIEWERS:
        recording = await record(
            client, copies, asset_id, viewer, "audio", tmp_path / f"{viewer}.m4a"
        )
        leaked = leak(
            recording,
            tmp_path / f"{viewer}-leak.m4a",
            start_s=CUT_START_S,
            length_s=CUT_LENGTH_S,
            video=False,
        )
        named[viewer] = (await tracer.trace(leaked)).verdict.holder_ref
    assert named == {viewer: viewer for viewer in VIEWERS}
    unmarked = leak(
        song, tmp_path / "unmarked.m4a", start_s=CUT_START_S, length_s=CUT_LENGTH_S, video=False
    )
    assert (await tracer.trace(unmarked)).verdict.holder_ref is None
