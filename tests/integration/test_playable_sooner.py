"""A track plays its preview before the rest of its renditions is made; a stream that fails
leaves the preview playing and the studio saying what failed; a worker killed mid-way loses
nothing already published and the next attempt makes only what is missing; the studio's event
stream shows each state as the worker commits it.

Ordering is checked through states and events (with one ffmpeg at a time, so the order is the
jobs' order), never through timing.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient

from infra.changes import RedisChangeNotices
from infra.events.envelope import EventEnvelope
from infra.events.relay import OutboxRelay, Route
from lakou.bootstrap import Container
from media.assets.domain import AssetStatus, MediaAsset
from media.assets.repository import AssetRepository
from media.processing import service as processing_service
from media.processing.service import ProcessingService
from media.streaming.watching import watched_asset
from media.transcoding import audio as audio_jobs
from media.transcoding import jobs as transcoding_jobs
from tests.helpers import create_creator, create_work, page_log_in, sign_up_and_log_in

RENDITION_EVENTS = ("media.rendition_ready", "media.rendition_failed", "media.ready")
RELAYED = ("media.uploaded", "media.processing", *RENDITION_EVENTS)
# A bound on waits that only a lost notice or a stuck worker reaches.
NOTICE_WAIT_S = 30.0


class _Recorder:
    def __init__(self) -> None:
        self.envelopes: list[EventEnvelope] = []

    def publish(self, route: Route, envelope: EventEnvelope) -> None:
        self.envelopes.append(envelope)


@pytest.fixture(scope="module")
def track(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("sooner") / "track.flac"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi"),
            *("-i", "sine=frequency=330:duration=4", "-ac", "2", str(path)),
        ],
        check=True,
    )
    return Path(path).read_bytes()


@pytest.fixture
def one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """One ffmpeg at a time: the renditions are then made in the jobs' order."""
    monkeypatch.setattr(processing_service, "SLOTS", 1)


async def _relayed_envelopes() -> list[EventEnvelope]:
    recorder = _Recorder()
    routes = {name: (Route(actor="test.record"),) for name in RELAYED}
    await OutboxRelay(recorder, routes).drain()
    return recorder.envelopes


async def _relayed() -> list[tuple[str, dict[str, Any]]]:
    """The rendition and readiness events since the last call, in the order they happened."""
    return [(e.type, e.payload) for e in await _relayed_envelopes() if e.type in RENDITION_EVENTS]


async def _uploaded(
    client: AsyncTestClient, track: bytes, email: str | None = None
) -> tuple[dict[str, str], str, UUID]:
    headers = await sign_up_and_log_in(client, email=email)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    declared = await client.post(
        f"/api/works/{work['id']}/uploads",
        json={"kind": "audio", "filename": "track.flac", "size": len(track)},
        headers=headers,
    )
    upload_id = UUID(declared.json()["id"])
    sent = await client.put(f"/api/uploads/{upload_id}/content", content=track, headers=headers)
    assert sent.status_code < 300, sent.text
    await _relayed()  # what came before processing
    return headers, str(work["id"]), upload_id


def _after_each_record(
    monkeypatch: pytest.MonkeyPatch, hook: Callable[[str], Awaitable[None]]
) -> None:
    """Run `hook(rendition)` right after each rendition is recorded (in the worker's loop)."""
    original = ProcessingService._record

    async def record(self: ProcessingService, asset: Any, name: str, *args: Any) -> None:
        await original(self, asset, name, *args)
        await hook(name)

    monkeypatch.setattr(ProcessingService, "_record", record)


async def test_the_preview_plays_before_the_rest_is_made(
    client: AsyncTestClient,
    container: Container,
    track: bytes,
    one_at_a_time: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers, work_id, upload_id = await _uploaded(client, track)
    seen: dict[str, Any] = {}

    async def look(name: str) -> None:
        if name == "preview":
            seen["asset"] = (await client.get(f"/api/media/{upload_id}", headers=headers)).json()
            seen["playback"] = (
                await client.get(f"/api/works/{work_id}/playback", headers=headers)
            ).json()
            seen["preview"] = await client.get(seen["playback"]["preview"]["preview"])

    _after_each_record(monkeypatch, look)
    await container.processing.process(upload_id)

    # The moment the preview was published: it played, the stream was still being made.
    assert seen["asset"]["status"] == "preview_ready"
    assert seen["preview"].status_code == 200
    assert "hls_master" not in seen["playback"]["full"]
    states = {r["name"]: r["state"] for r in seen["playback"]["renditions"]}
    assert states["preview"] == "ready"
    assert states["stream"] == states["mp3"] == "making"
    events = await _relayed()
    published = [(p["rendition"], p["status"]) for t, p in events if t != "media.ready"]
    assert published[:2] == [("preview", "preview_ready"), ("stream", "stream_ready")]
    assert {name for name, _ in published} == {
        "preview",
        "stream",
        "mp3",
        "m4a",
        "flac",
        "waveform",
    }
    assert published[-1][1] == "ready"
    (ready,) = [payload for kind, payload in events if kind == "media.ready"]
    assert ready["code"] is None
    done = (await client.get(f"/api/works/{work_id}/playback", headers=headers)).json()
    assert done["full"]["hls_master"]
    assert {d["role"] for d in done["full"]["downloads"]} == {"download_mp3", "download_flac"}


async def test_the_studio_stream_shows_the_preview_the_moment_it_is_published(
    client: AsyncTestClient,
    container: Container,
    track: bytes,
    one_at_a_time: None,
    monkeypatch: pytest.MonkeyPatch,
    redis_url: str,
) -> None:
    _, _, upload_id = await _uploaded(client, track, "watcher@example.test")
    # The page's side, on its own Redis connections, as a web process apart from the worker.
    page = RedisChangeNotices(redis_url)
    assets = AssetRepository()
    statuses: list[AssetStatus] = []
    preview_shown = asyncio.Event()

    async def watch() -> None:
        # An hour between reads: only the worker's notices can move this stream on.
        async for asset in watched_asset(
            lambda: _read(assets, upload_id), upload_id, page, interval_s=3600, lasts_s=3600
        ):
            if not statuses or statuses[-1] is not asset.status:
                statuses.append(asset.status)
            if asset.status is AssetStatus.PREVIEW_READY:
                preview_shown.set()

    async def hold_until_shown(name: str) -> None:
        # The worker goes on only once the page showed the preview alone.
        if name == "preview":
            await asyncio.wait_for(preview_shown.wait(), NOTICE_WAIT_S)

    _after_each_record(monkeypatch, hold_until_shown)
    watching = asyncio.create_task(watch())
    await container.processing.process(upload_id)
    await asyncio.wait_for(watching, NOTICE_WAIT_S)

    assert statuses[0] is AssetStatus.UPLOADED
    assert AssetStatus.PREVIEW_READY in statuses
    assert statuses[-1] is AssetStatus.READY


async def _read(assets: AssetRepository, asset_id: UUID) -> MediaAsset:
    asset = await assets.get(asset_id)
    assert asset is not None
    return asset


def _failing_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stream's ffmpeg fails the way a broken encoder does (not worth a retry)."""

    def broken(src: Path, work: Path) -> list[str]:
        out = str(work / "hls" / "audio" / "index.m3u8")
        return ["ffmpeg", "-i", str(src), "-c:a", "no_such_encoder", "-f", "hls", out]

    monkeypatch.setattr(audio_jobs.commands, "audio_hls_command", broken)


async def test_a_failed_stream_leaves_the_preview_playing_and_says_what_failed(
    client: AsyncTestClient,
    container: Container,
    track: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers, work_id, upload_id = await _uploaded(client, track, "failing@example.test")
    _failing_stream(monkeypatch)

    await container.processing.process(upload_id)

    asset = (await client.get(f"/api/media/{upload_id}", headers=headers)).json()
    assert asset["status"] == "incomplete"
    assert asset["error_code"] == "stream_failed"
    failed = [r for r in asset["renditions"] if r["state"] == "failed"]
    assert [(r["name"], r["code"]) for r in failed] == [("stream", "stream_failed")]
    playback = (await client.get(f"/api/works/{work_id}/playback", headers=headers)).json()
    assert (await client.get(playback["preview"]["preview"])).status_code == 200
    assert "hls_master" not in playback["full"]
    envelopes = await _relayed_envelopes()
    events = [(e.type, e.payload) for e in envelopes if e.type in RENDITION_EVENTS]
    assert ("media.rendition_failed", "stream_failed") in [(t, p.get("code")) for t, p in events]
    (ready,) = [payload for kind, payload in events if kind == "media.ready"]
    assert ready["code"] == "stream_failed"
    # The studio says what failed, with its code; the work can be published as a preview.
    await page_log_in(client, "failing@example.test")
    studio = await client.get(f"/studio/oeuvres/{work_id}")
    assert 'data-rendition="stream" data-state="failed"' in studio.text
    assert "stream_failed" in studio.text
    for envelope in envelopes:
        if envelope.type in ("media.processing", "media.ready"):
            await container.media_follower.handle(envelope)
    published = await client.post(f"/api/works/{work_id}/publish", headers=headers)
    assert published.status_code == 200, published.text


class WorkerKilled(BaseException):
    """Stands for a kill -9 between two renditions: nothing after it runs."""


async def test_a_killed_worker_resumes_with_the_missing_renditions_only(
    client: AsyncTestClient,
    container: Container,
    track: bytes,
    one_at_a_time: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers, work_id, upload_id = await _uploaded(client, track)

    async def die_after_stream(name: str) -> None:
        if name == "stream":
            raise WorkerKilled

    with monkeypatch.context() as killing:
        _after_each_record(killing, die_after_stream)
        with pytest.raises(WorkerKilled):
            await container.processing.process(upload_id)
    halfway = (await client.get(f"/api/media/{upload_id}", headers=headers)).json()
    assert halfway["status"] == "stream_ready"
    playback = (await client.get(f"/api/works/{work_id}/playback", headers=headers)).json()
    stream_url = playback["full"]["hls_master"]
    assert (await client.get(stream_url)).status_code == 200

    made: list[str] = []
    original = transcoding_jobs.run_job

    def spy(job: Any, *args: Any, **kwargs: Any) -> Any:
        made.append(job.name)
        return original(job, *args, **kwargs)

    monkeypatch.setattr(transcoding_jobs, "run_job", spy)
    await container.processing.process(upload_id)

    assert sorted(made) == ["flac", "m4a", "mp3", "waveform"]
    done = (await client.get(f"/api/media/{upload_id}", headers=headers)).json()
    assert done["status"] == "ready"
    after = (await client.get(f"/api/works/{work_id}/playback", headers=headers)).json()
    # The stream published before the kill is the one still served (same stored files).
    assert after["full"]["hls_master"].rsplit("/", 2)[-2:] == stream_url.rsplit("/", 2)[-2:]
    assert (await client.get(after["full"]["hls_master"])).status_code == 200


@pytest.fixture(scope="module")
def film(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Large enough for two rungs (360p, 540p), short enough to stay quick."""
    path = tmp_path_factory.mktemp("sooner") / "film.mp4"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-loglevel", "error", "-y"),
            *("-f", "lavfi", "-i", "testsrc2=size=960x540:rate=25:duration=2"),
            *("-f", "lavfi", "-i", "sine=frequency=440:duration=2"),
            *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"),
            *("-c:a", "aac", "-shortest", str(path)),
        ],
        check=True,
    )
    return Path(path).read_bytes()


async def test_a_film_streams_its_lowest_rung_before_the_others_are_made(
    client: AsyncTestClient,
    container: Container,
    film: bytes,
    one_at_a_time: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    declared = await client.post(
        f"/api/works/{work['id']}/uploads",
        json={"kind": "video", "filename": "film.mp4", "size": len(film)},
        headers=headers,
    )
    upload_id = UUID(declared.json()["id"])
    await client.put(f"/api/uploads/{upload_id}/content", content=film, headers=headers)
    masters: dict[str, str] = {}

    async def look(name: str) -> None:
        playback = await client.get(f"/api/works/{work['id']}/playback", headers=headers)
        full = playback.json()["full"]
        if "hls_master" in full:
            masters[name] = (await client.get(full["hls_master"])).text
        masters[f"{name}:status"] = (
            await client.get(f"/api/media/{upload_id}", headers=headers)
        ).json()["status"]

    _after_each_record(monkeypatch, look)
    await container.processing.process(upload_id)

    assert masters["stream:status"] == "stream_ready"
    assert "360p/index.m3u8" in masters["stream"]
    assert "540p/index.m3u8" not in masters["stream"]
    assert masters["ladder:status"] == "ready"
    assert "360p/index.m3u8" in masters["ladder"]
    assert "540p/index.m3u8" in masters["ladder"]
    assert 'AUDIO="group_audio"' in masters["ladder"].split("540p/index.m3u8")[0]
