"""A creator who publishes the instant the upload shows "ready" gets a published work.

The asset turns ready in the media context's transaction; the work leaves "processing" when
the `media.ready` event reaches the catalogue, a moment later. Publishing in that moment used
to answer 409 `media_processing` although the studio showed "ready".
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient

from infra.events.envelope import EventEnvelope
from infra.events.relay import OutboxRelay, Route
from lakou.bootstrap import Container
from tests.helpers import create_creator, create_work, sign_up_and_log_in


class _Recorder:
    def __init__(self) -> None:
        self.envelopes: list[EventEnvelope] = []

    def publish(self, route: Route, envelope: EventEnvelope) -> None:
        self.envelopes.append(envelope)


@pytest.fixture(scope="module")
def tone(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("publish") / "tone.flac"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi"),
            *("-i", "sine=frequency=440:duration=3", "-ac", "2", str(path)),
        ],
        check=True,
    )
    return Path(path).read_bytes()


async def _relayed(types: tuple[str, ...]) -> list[EventEnvelope]:
    recorder = _Recorder()
    routes = {event_type: (Route(actor="test.record"),) for event_type in types}
    await OutboxRelay(recorder, routes).drain()
    return recorder.envelopes


async def _uploaded_work(
    client: AsyncTestClient, tone: bytes
) -> tuple[dict[str, str], dict[str, Any], str]:
    """A creator's work whose main audio is uploaded, not yet processed."""
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    declared = await client.post(
        f"/api/works/{work['id']}/uploads",
        json={"kind": "audio", "filename": "tone.flac", "size": len(tone)},
        headers=headers,
    )
    upload_id = str(declared.json()["id"])
    sent = await client.put(f"/api/uploads/{upload_id}/content", content=tone, headers=headers)
    assert sent.status_code < 300, sent.text
    return headers, work, upload_id


async def test_publishing_at_the_first_instant_the_upload_is_ready(
    client: AsyncTestClient, container: Container, tone: bytes
) -> None:
    headers, work, upload_id = await _uploaded_work(client, tone)

    # The worker processes the upload; of its events, only "processing" has reached the work.
    await container.processing.process(UUID(upload_id))
    events = await _relayed(("media.processing", "media.ready"))
    processing = next(event for event in events if event.type == "media.processing")
    assert await container.media_follower.handle(processing)
    shown = await client.get(f"/api/works/{work['id']}", headers=headers)
    assert shown.json()["status"] == "processing"
    upload = await client.get(f"/api/uploads/{upload_id}", headers=headers)
    assert upload.json()["status"] == "ready"

    published = await client.post(f"/api/works/{work['id']}/publish", headers=headers)

    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"
    # The late "ready" event changes nothing more.
    ready = next(event for event in events if event.type == "media.ready")
    await container.media_follower.handle(ready)
    after = await client.get(f"/api/works/{work['id']}", headers=headers)
    assert after.json()["status"] == "published"
    assert after.json()["duration_s"] == 3


async def test_publishing_while_the_upload_is_processing_is_still_refused(
    client: AsyncTestClient, container: Container, tone: bytes
) -> None:
    headers, work, upload_id = await _uploaded_work(client, tone)
    # The work heard that processing started; the asset has not finished.
    processing = EventEnvelope.from_message(
        {
            "id": "0190c0de-0000-7000-8000-000000000001",
            "type": "media.processing",
            "aggregate_id": upload_id,
            "payload": {
                "work_id": work["id"],
                "asset_id": upload_id,
                "owner_id": (await client.get("/api/auth/me", headers=headers)).json()["id"],
                "kind": "audio",
                "role": "main",
                "v": 1,
            },
            "occurred_at": "2026-12-06T10:00:00+00:00",
        }
    )
    assert await container.media_follower.handle(processing)

    refused = await client.post(f"/api/works/{work['id']}/publish", headers=headers)

    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "media_processing"
    shown = await client.get(f"/api/works/{work['id']}", headers=headers)
    assert shown.json()["status"] == "processing"
