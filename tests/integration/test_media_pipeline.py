"""A creator uploads media through the API; the worker (real Redis, real ffmpeg) makes it
playable; previews play for anyone, the full stream only for the entitled."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import subprocess
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
import requests
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.settings import Settings, StorageBackend
from lakou.bootstrap import Container, build_container
from media.access.tokens import Scope, TokenSigner
from media.storage.s3 import S3Storage
from tests.helpers import create_creator, create_work, sign_up_and_log_in
from tests.shared_apps import client_of
from workers.broker import QUEUE
from workers.runtime import make_relay

PART = 64 * 1024


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("media")
    lavfi = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi"]
    subprocess.run(
        [
            *lavfi,
            "-i",
            "anoisesrc=duration=4:color=pink:sample_rate=44100:amplitude=0.3",
            "-ac",
            "2",
            str(folder / "tone.flac"),
        ],
        check=True,
    )
    subprocess.run(
        [
            *lavfi,
            "-i",
            "testsrc=size=320x240:rate=25:duration=3",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=300:duration=3",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-shortest",
            str(folder / "clip.mp4"),
        ],
        check=True,
    )
    (folder / "page.mp4").write_text(
        "<!doctype html><html><body><script>alert(1)</script></body></html>"
    )
    return folder


def _small_parts(settings: Settings) -> Settings:
    return dataclasses.replace(settings, media=dataclasses.replace(settings.media, part_size=PART))


@pytest.fixture
async def media_container(
    settings: Settings, redis_url: str, container: Container
) -> AsyncIterator[Container]:
    # The shared fixture cleaned the database; this one only changes the part size.
    built = build_container(_small_parts(settings), redis_url)
    yield built
    if built.redis is not None:
        await built.redis.aclose()


@pytest.fixture
async def media_client(media_container: Container) -> AsyncIterator[AsyncTestClient]:

    async with client_of(media_container) as test_client:
        yield test_client


@pytest.fixture
def media_worker(broker: RedisBroker, media_container: Container) -> Any:
    from workers.runtime import start_worker

    running = start_worker(broker, media_container, threads=2)
    yield running
    running.stop()


async def _deliver(broker: RedisBroker, worker: Worker, rounds: int = 4) -> None:
    """Relay the outbox and let the worker drain the queues, until nothing is left."""
    relay = make_relay(broker)
    for _ in range(rounds):
        if not await relay.drain():
            return
        for queue in (QUEUE, "media"):
            await asyncio.to_thread(lambda q=queue: broker.join(q, timeout=60_000))
        await asyncio.to_thread(worker.join)


async def _upload_in_parts(
    client: AsyncTestClient, headers: dict[str, str], work_id: str, path: Path, **extra: Any
) -> dict[str, Any]:
    data = path.read_bytes()
    begin = await client.post(
        f"/api/works/{work_id}/uploads",
        json={
            "kind": extra.pop("kind", "audio"),
            "filename": path.name,
            "size": len(data),
            **extra,
        },
        headers=headers,
    )
    assert begin.status_code == 201, begin.text
    upload = begin.json()
    assert upload["mode"] == "local"
    for number in range(1, upload["parts"] + 1):
        chunk = data[(number - 1) * PART : number * PART]
        response = await client.put(
            f"/api/uploads/{upload['id']}/parts/{number}", content=chunk, headers=headers
        )
        assert response.status_code == 200, response.text
    done = await client.post(f"/api/uploads/{upload['id']}/complete", headers=headers)
    assert done.status_code == 200, done.text
    return dict(done.json())


async def _published_work(
    client: AsyncTestClient, headers: dict[str, str], **extra: Any
) -> dict[str, Any]:
    creator = await create_creator(client, headers)
    return await create_work(client, headers, creator["id"], **extra)


async def test_parts_must_arrive_in_order_and_resume_from_the_last(
    media_client: AsyncTestClient, media_dir: Path
) -> None:
    headers = await sign_up_and_log_in(media_client)
    work = await _published_work(media_client, headers)
    data = (media_dir / "tone.flac").read_bytes()
    upload = (
        await media_client.post(
            f"/api/works/{work['id']}/uploads",
            json={"kind": "audio", "filename": "tone.flac", "size": len(data)},
            headers=headers,
        )
    ).json()
    assert upload["parts"] >= 3

    out_of_order = await media_client.put(
        f"/api/uploads/{upload['id']}/parts/2", content=data[PART : 2 * PART], headers=headers
    )
    assert out_of_order.status_code == 409
    assert out_of_order.json()["error"]["code"] == "part_out_of_order"

    await media_client.put(
        f"/api/uploads/{upload['id']}/parts/1", content=data[:PART], headers=headers
    )
    wrong_size = await media_client.put(
        f"/api/uploads/{upload['id']}/parts/2", content=data[PART : PART + 10], headers=headers
    )
    assert wrong_size.status_code == 422
    assert wrong_size.json()["error"]["code"] == "part_size_mismatch"

    # The connection dropped: the client asks where to resume.
    state = (await media_client.get(f"/api/uploads/{upload['id']}", headers=headers)).json()
    assert state["received_parts"] == [1]
    assert state["next_part"] == 2

    early = await media_client.post(f"/api/uploads/{upload['id']}/complete", headers=headers)
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "upload_incomplete"

    stranger = await sign_up_and_log_in(media_client)
    assert (
        await media_client.get(f"/api/uploads/{upload['id']}", headers=stranger)
    ).status_code == 404


async def test_audio_becomes_playable_preview_for_all_full_for_the_entitled(
    media_client: AsyncTestClient,
    media_container: Container,
    media_worker: Worker,
    broker: RedisBroker,
    media_dir: Path,
) -> None:
    headers = await sign_up_and_log_in(media_client)
    work = await _published_work(media_client, headers)
    asset = await _upload_in_parts(
        media_client,
        headers,
        work["id"],
        media_dir / "tone.flac",
        preview_start_s=1,
        preview_length_s=5,
    )
    assert asset["status"] == "uploaded"

    await _deliver(broker, media_worker)

    ready = (await media_client.get(f"/api/media/{asset['id']}", headers=headers)).json()
    assert ready["status"] == "ready", ready
    assert ready["progress"] == 100
    assert ready["facts"]["lossless"] is True
    events = await media_client.get(f"/api/media/{asset['id']}/events", headers=headers)
    assert '"status":"ready"' in events.text

    # The work waited in "processing" and is back to draft, its duration filled from the media.
    work_now = (await media_client.get(f"/api/works/{work['id']}", headers=headers)).json()
    assert work_now["status"] == "draft"
    assert work_now["duration_s"] == 4
    assert (
        await media_client.post(f"/api/works/{work['id']}/publish", headers=headers)
    ).status_code == 200

    anonymous = (await media_client.get(f"/api/works/{work['id']}/playback")).json()
    assert anonymous["entitled"] is False
    assert anonymous["full"] is None
    assert set(anonymous["preview"]) >= {"preview", "waveform"}
    preview = await media_client.get(anonymous["preview"]["preview"])
    assert preview.status_code == 200
    assert preview.headers["content-type"].startswith("audio/")
    waveform = json.loads((await media_client.get(anonymous["preview"]["waveform"])).content)
    assert all(0 <= peak <= 1 for peak in waveform["peaks"])

    # A preview token opens nothing else.
    preview_token = anonymous["preview"]["preview"].split("/")[2]
    assert (await media_client.get(f"/media/{preview_token}/hls/master.m3u8")).status_code == 404

    owner = (await media_client.get(f"/api/works/{work['id']}/playback", headers=headers)).json()
    assert owner["entitled"] is True
    downloads = {item["role"] for item in owner["full"]["downloads"]}
    assert downloads == {"download_mp3", "download_flac"}
    master = await media_client.get(owner["full"]["hls_master"])
    assert master.status_code == 200
    assert "#EXTM3U" in master.text

    # The progressive file answers HTTP Range as players ask for it.
    progressive = owner["full"]["progressive"]
    whole = await media_client.get(progressive)
    partial = await media_client.get(progressive, headers={"Range": "bytes=100-199"})
    assert partial.status_code == 206
    assert partial.content == whole.content[100:200]
    assert partial.headers["content-range"] == f"bytes 100-199/{len(whole.content)}"
    beyond = await media_client.get(
        progressive, headers={"Range": f"bytes={len(whole.content) + 10}-"}
    )
    assert beyond.status_code == 416

    # A listener gets the full stream once entitled (the marketplace will grant on purchase).
    listener = await sign_up_and_log_in(media_client, role="audience")
    assert (await media_client.get(f"/api/works/{work['id']}/playback", headers=listener)).json()[
        "full"
    ] is None
    await media_container.entitlements.grant(
        UUID(work["id"]), await _user_id(media_client, listener), "grant:test"
    )
    assert (await media_client.get(f"/api/works/{work['id']}/playback", headers=listener)).json()[
        "full"
    ]

    # A play opens on the preview's token (the play protocol: media/plays/).
    played = await media_client.post("/api/plays", json={"token": preview_token})
    assert played.status_code == 201, played.text
    assert played.json()["threshold_s"] > 0


async def _user_id(client: AsyncTestClient, headers: dict[str, str]) -> UUID:
    return UUID((await client.get("/api/auth/me", headers=headers)).json()["id"])


async def test_tampered_expired_and_foreign_tokens_are_refused(
    media_client: AsyncTestClient,
    media_container: Container,
    media_worker: Worker,
    broker: RedisBroker,
    media_dir: Path,
) -> None:
    headers = await sign_up_and_log_in(media_client)
    work = await _published_work(media_client, headers)
    asset = await _upload_in_parts(media_client, headers, work["id"], media_dir / "tone.flac")
    await _deliver(broker, media_worker)
    owner = (await media_client.get(f"/api/works/{work['id']}/playback", headers=headers)).json()
    url = owner["full"]["progressive"]
    token = url.split("/")[2]

    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert (await media_client.get(url.replace(token, tampered))).status_code == 403

    signer = TokenSigner(media_container.settings.secret_key)
    expired = signer.issue(UUID(asset["id"]), Scope.FULL, None, ttl_s=-5)
    response = await media_client.get(url.replace(token, expired))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "invalid_token"

    # A token names one asset: a valid token of another work opens nothing of this one.
    other_work = await _published_work(media_client, headers)
    other = signer.issue(UUID(other_work["id"]), Scope.FULL, None, ttl_s=60)
    assert (await media_client.get(url.replace(token, other))).status_code == 404

    # Someone else's draft work: its playback does not exist for them.
    stranger = await sign_up_and_log_in(media_client)
    assert (
        await media_client.get(f"/api/works/{work['id']}/playback", headers=stranger)
    ).status_code == 404


async def test_video_plays_through_an_hls_ladder(
    media_client: AsyncTestClient, media_worker: Worker, broker: RedisBroker, media_dir: Path
) -> None:
    headers = await sign_up_and_log_in(media_client)
    work = await _published_work(media_client, headers, discipline="film")
    asset = await _upload_in_parts(
        media_client, headers, work["id"], media_dir / "clip.mp4", kind="video"
    )
    await _deliver(broker, media_worker)
    ready = (await media_client.get(f"/api/media/{asset['id']}", headers=headers)).json()
    assert ready["status"] == "ready", ready
    owner = (await media_client.get(f"/api/works/{work['id']}/playback", headers=headers)).json()
    master = (await media_client.get(owner["full"]["hls_master"])).text
    assert "RESOLUTION=" in master
    variant = next(line for line in master.splitlines() if line.endswith(".m3u8"))
    base = owner["full"]["hls_master"].rsplit("/", 1)[0]
    playlist = await media_client.get(f"{base}/{variant}")
    assert playlist.status_code == 200
    segment = next(line for line in playlist.text.splitlines() if line and not line.startswith("#"))
    variant_base = f"{base}/{variant}".rsplit("/", 1)[0]
    assert (await media_client.get(f"{variant_base}/{segment}")).status_code == 200
    assert "poster" in owner["preview"]


async def test_a_web_page_renamed_mp4_is_rejected_and_not_kept(
    media_client: AsyncTestClient,
    media_container: Container,
    media_worker: Worker,
    broker: RedisBroker,
    media_dir: Path,
) -> None:
    headers = await sign_up_and_log_in(media_client)
    work = await _published_work(media_client, headers, discipline="film")
    asset = await _upload_in_parts(
        media_client, headers, work["id"], media_dir / "page.mp4", kind="video"
    )
    await _deliver(broker, media_worker)
    rejected = (await media_client.get(f"/api/media/{asset['id']}", headers=headers)).json()
    assert rejected["status"] == "rejected"
    assert rejected["error_code"] == "unsupported_format"
    # The reason is kept as its source and parameters, so each reader gets their language.
    reasons = {
        language: (
            await media_client.get(
                f"/api/media/{asset['id']}", headers=headers | {"accept-language": language}
            )
        ).json()
        for language in ("fr", "en", "es", "gcf")
    }
    assert {reason["error_code"] for reason in reasons.values()} == {"unsupported_format"}
    assert len({reason["error_message"] for reason in reasons.values()}) == 4, reasons
    assert all("%(" not in reason["error_message"] for reason in reasons.values()), reasons
    stored = await media_container.uploads.owned_asset(
        (await media_container.identity.authenticate(headers["Authorization"].split()[1], "api")),  # type: ignore[arg-type]
        UUID(asset["id"]),
    )
    assert not media_container.storage.exists(stored.original_key)
    work_now = (await media_client.get(f"/api/works/{work['id']}", headers=headers)).json()
    assert work_now["status"] == "draft"


async def test_single_request_upload_is_checked_against_its_declared_size(
    media_client: AsyncTestClient, media_container: Container, media_dir: Path
) -> None:
    headers = await sign_up_and_log_in(media_client)
    work = await _published_work(media_client, headers)
    data = (media_dir / "tone.flac").read_bytes()

    async def begin(size: int) -> dict[str, Any]:
        response = await media_client.post(
            f"/api/works/{work['id']}/uploads",
            json={"kind": "audio", "filename": "../../etc/passwd\u202e3pm.flac", "size": size},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    bigger = await begin(len(data) - 100)
    response = await media_client.put(
        f"/api/uploads/{bigger['id']}/content", content=data, headers=headers
    )
    assert response.status_code == 413
    smaller = await begin(len(data) + 100)
    response = await media_client.put(
        f"/api/uploads/{smaller['id']}/content", content=data, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "size_mismatch"
    staging = media_container.settings.media.staging_dir
    assert not staging.exists() or not any(staging.rglob("*.tmp"))

    exact = await begin(len(data))
    done = await media_client.put(
        f"/api/uploads/{exact['id']}/content", content=data, headers=headers
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "uploaded"
    assert "/" not in done.json()["original_name"]
    assert "\u202e" not in done.json()["original_name"]

    too_big = await media_client.post(
        f"/api/works/{work['id']}/uploads",
        json={
            "kind": "subtitle",
            "role": "subtitle",
            "language": "fr",
            "filename": "fr.srt",
            "size": 50 * 1024**2,
        },
        headers=headers,
    )
    assert too_big.status_code == 413
    empty = await media_client.post(
        f"/api/works/{work['id']}/uploads",
        json={"kind": "audio", "filename": "x.mp3", "size": 0},
        headers=headers,
    )
    assert empty.status_code == 422
    assert empty.json()["error"]["code"] == "empty_file"


async def test_s3_mode_sends_parts_straight_to_storage_and_plays_from_presigned_urls(
    settings: Settings,
    redis_url: str,
    container: Container,
    broker: RedisBroker,
    moto_s3_endpoint: str,
    media_dir: Path,
) -> None:
    from workers.runtime import start_worker

    s3_settings = dataclasses.replace(
        settings,
        storage=dataclasses.replace(
            settings.storage,
            backend=StorageBackend.S3,
            s3_endpoint_url=moto_s3_endpoint,
            s3_bucket=f"lakou-{UUID(int=0).hex[:4]}-media",
            s3_access_key_id="test",
            s3_secret_access_key="test",
        ),
        media=dataclasses.replace(settings.media, part_size=5 * 1024 * 1024),
    )
    s3 = build_container(s3_settings, redis_url)
    assert isinstance(s3.storage, S3Storage)
    s3.storage.ensure_bucket()
    worker = start_worker(broker, s3, threads=2)
    try:
        async with client_of(s3) as client:
            headers = await sign_up_and_log_in(client)
            work = await _published_work(client, headers)
            data = (media_dir / "tone.flac").read_bytes()
            upload = (
                await client.post(
                    f"/api/works/{work['id']}/uploads",
                    json={"kind": "audio", "filename": "tone.flac", "size": len(data)},
                    headers=headers,
                )
            ).json()
            assert upload["mode"] == "s3"
            url = (
                await client.get(f"/api/uploads/{upload['id']}/parts/1/url", headers=headers)
            ).json()["url"]
            # As a browser would: the part goes to storage, not through Lakou.
            sent = await asyncio.to_thread(requests.put, url, data=data, timeout=30)
            assert sent.status_code == 200, sent.text
            done = await client.post(f"/api/uploads/{upload['id']}/complete", headers=headers)
            assert done.json()["status"] == "uploaded", done.text
            await _deliver(broker, worker)
            owner = (await client.get(f"/api/works/{work['id']}/playback", headers=headers)).json()
            progressive = await client.get(owner["full"]["progressive"], follow_redirects=False)
            assert progressive.status_code == 302
            assert progressive.headers["location"].startswith(moto_s3_endpoint)
            master = (await client.get(owner["full"]["hls_master"])).text
            variant = next(line for line in master.splitlines() if line.endswith(".m3u8"))
            base = owner["full"]["hls_master"].rsplit("/", 1)[0]
            playlist = (await client.get(f"{base}/{variant}")).text
            segments = [line for line in playlist.splitlines() if line and not line.startswith("#")]
            assert segments
            assert all(
                line.startswith(moto_s3_endpoint) and "X-Amz-Signature" in line for line in segments
            )
            with urllib.request.urlopen(segments[0], timeout=10) as response:  # noqa: S310
                assert response.status == 200
    finally:
        worker.stop()
        if s3.redis is not None:
            await s3.redis.aclose()
