"""Two uploads claiming the same language version at the same instant: the database's unique
index (migration media.0006) lets one through, the other gets the usual 409 `track_exists`, and
a track that no longer stands (withdrawn, refused, abandoned) frees its language and kind."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient

from accounts.domain import Principal, Role
from infra.errors import AppError
from infra.ids import new_id
from lakou.bootstrap import Container
from media.assets.domain import AssetRole, AssetStatus
from media.assets.repository import AssetRepository, TrackTaken
from media.kinds import MediaKind
from media.uploads.service import UploadRequest
from tests.helpers import create_creator, create_work, sign_up_and_log_in
from tests.integration.test_media_pipeline import (  # noqa: F401 - fixtures used by name
    _upload_in_parts,
    media_client,
    media_container,
    media_dir,
)

CLAIMS = (
    {"kind": "audio", "role": "audio_track", "language": "gcf-MQ"},
    {"kind": "audio", "role": "audio_track", "language": "en", "track_kind": "description"},
    {"kind": "subtitle", "role": "subtitle", "language": "es"},
    {"kind": "subtitle", "role": "subtitle", "language": "fr", "track_kind": "captions"},
)


async def _film(client: AsyncTestClient, headers: dict[str, str], media: Path) -> str:
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"], discipline="film")
    await _upload_in_parts(client, headers, work["id"], media / "clip.mp4", kind="video")
    return str(work["id"])


def _begin(client: AsyncTestClient, headers: dict[str, str], work_id: str, claim: Any) -> Any:
    return client.post(
        f"/api/works/{work_id}/uploads",
        json={"filename": "version", "size": 1000, **claim},
        headers=headers,
    )


async def _standing_tracks(client: AsyncTestClient, headers: dict[str, str], work_id: str) -> Any:
    assets = (await client.get(f"/api/media/works/{work_id}", headers=headers)).json()
    return sorted(
        (a["role"], a["language"])
        for a in assets
        if a["role"] != "main" and a["status"] not in ("aborted", "withdrawn")
    )


@pytest.fixture
def checks_meet(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Both requests read the work's tracks (the service's duplicate check, on the real
    database) before either goes on to insert: the instant two racing uploads share, made
    certain rather than left to the scheduler (requests on one event loop rarely meet there)."""
    barrier = asyncio.Barrier(2)
    read = AssetRepository.track_claims

    async def read_then_wait(self: AssetRepository, work_id: UUID) -> Any:
        claims = await read(self, work_id)
        await asyncio.wait_for(barrier.wait(), timeout=30)
        return claims

    monkeypatch.setattr(AssetRepository, "track_claims", read_then_wait)
    return monkeypatch  # `.undo()` lets requests check alone again


async def _principal(client: AsyncTestClient, headers: dict[str, str]) -> Principal:
    me = (await client.get("/api/auth/me", headers=headers)).json()
    return Principal(UUID(me["id"]), me["email"], me["display_name"], Role(me["role"]))


def _request(claim: dict[str, str]) -> UploadRequest:
    return UploadRequest(
        kind=MediaKind(claim["kind"]),
        role=AssetRole(claim["role"]),
        filename="version",
        size=1000,
        language=claim["language"],
        track_kind=claim.get("track_kind"),
    )


async def test_two_uploads_of_the_same_track_at_once_give_one_track_and_one_409(
    media_client: AsyncTestClient,  # noqa: F811
    media_container: Container,  # noqa: F811
    media_dir: Path,  # noqa: F811
    checks_meet: pytest.MonkeyPatch,
) -> None:
    """Two requests at once, as the upload route makes them (the test client would run them
    one after the other, so the service is called directly, as the other race tests do)."""
    headers = await sign_up_and_log_in(media_client)
    owner = await _principal(media_client, headers)
    work_id = await _film(media_client, headers, media_dir)
    for claim in CLAIMS:
        answers = await asyncio.gather(
            media_container.uploads.begin(owner, UUID(work_id), _request(claim)),
            media_container.uploads.begin(owner, UUID(work_id), _request(claim)),
            return_exceptions=True,
        )
        refused = [a for a in answers if isinstance(a, BaseException)]
        assert len(refused) == 1, answers
        assert isinstance(refused[0], AppError), refused
        assert (refused[0].status_code, refused[0].code) == (409, "track_exists")
    assert await _standing_tracks(media_client, headers, work_id) == sorted(
        (claim["role"], claim["language"]) for claim in CLAIMS
    )
    checks_meet.undo()
    # Through the API the answer is the usual one, and the track's language is still taken.
    again = await _begin(media_client, headers, work_id, CLAIMS[0])
    assert (again.status_code, again.json()["error"]["code"]) == (409, "track_exists")


async def test_the_database_refuses_a_second_standing_track_but_not_after_a_withdrawal(
    media_client: AsyncTestClient,  # noqa: F811
    media_dir: Path,  # noqa: F811
) -> None:
    """Past the service's check (as a racing request is): only the index stands in the way."""
    headers = await sign_up_and_log_in(media_client)
    work_id = await _film(media_client, headers, media_dir)
    begun = await _begin(media_client, headers, work_id, CLAIMS[0])
    assert begun.status_code == 201, begun.text
    repository = AssetRepository()
    first = await repository.get(UUID(begun.json()["id"]))
    assert first is not None

    def twin() -> Any:
        return dataclasses.replace(
            first,
            id=new_id(),
            original_key=f"originals/{new_id()}",
            status=AssetStatus.UPLOADING,
        )

    with pytest.raises(TrackTaken):
        await repository.add(twin())
    # Another kind, another language or another work is another track.
    await repository.add(dataclasses.replace(twin(), track_kind="commentary"))
    await repository.add(dataclasses.replace(twin(), language="es"))
    for status in (AssetStatus.WITHDRAWN, AssetStatus.REJECTED, AssetStatus.ABORTED):
        first.status = status
        await repository.save(first)
        freed = twin()
        await repository.add(freed)  # the old one no longer stands: its language is free
        freed.status = AssetStatus.FAILED
        await repository.save(freed)
    # The film, the first track, the other kind and language, and the three freed ones.
    assert len(await repository.for_work(UUID(work_id))) == 1 + 1 + 2 + 3
