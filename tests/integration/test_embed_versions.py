"""The embeddable player of a film with language versions (real worker and ffmpeg): someone
entitled to the whole film gets its HLS master, whose audio group carries the Creole version,
and its subtitles as signed WebVTT files; a visitor who may only hear the preview gets neither.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from tests.helpers import create_creator, create_work, page_log_in, sign_up_and_log_in
from tests.integration.test_language_versions import tracks_dir
from tests.integration.test_media_pipeline import (  # noqa: F401 - fixtures used by name
    _deliver,
    _upload_in_parts,
    media_client,
    media_container,
    media_dir,
    media_worker,
)

__all__ = ["tracks_dir"]


def _video_attribute(page: str, name: str) -> str | None:
    video = re.search(r"<video [^>]*>", page)
    assert video, page
    found = re.search(rf"""{name}=("[^"]*"|'[^']*')""", video.group(0))
    return html.unescape(found.group(1)[1:-1]) if found else None


async def _published_film(
    client: AsyncTestClient,
    broker: RedisBroker,
    worker: Worker,
    headers: dict[str, str],
    media: Path,
    tracks: Path,
) -> str:
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"], discipline="film")
    await _upload_in_parts(client, headers, work["id"], media / "clip.mp4", kind="video")
    await _deliver(broker, worker)
    await _upload_in_parts(
        client, headers, work["id"], tracks / "gcf.m4a", role="audio_track", language="gcf-MQ"
    )
    await _upload_in_parts(
        client,
        headers,
        work["id"],
        tracks / "en.vtt",
        kind="subtitle",
        role="subtitle",
        language="en",
        track_kind="captions",
    )
    await _deliver(broker, worker)
    published = await client.post(f"/api/works/{work['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    return str(work["id"])


async def test_an_embedded_film_offers_its_creole_audio_and_its_subtitles_to_the_entitled(
    media_client: AsyncTestClient,  # noqa: F811
    media_worker: Worker,  # noqa: F811
    broker: RedisBroker,
    media_dir: Path,  # noqa: F811
    tracks_dir: Path,
) -> None:
    owner = await sign_up_and_log_in(media_client, email="embed-versions@example.test")
    work_id = await _published_film(
        media_client, broker, media_worker, owner, media_dir, tracks_dir
    )
    # Signed in on the same site (the owner here, a buyer alike): the whole film.
    await page_log_in(media_client, "embed-versions@example.test")
    page = (await media_client.get(f"/embed/works/{work_id}")).text
    master_url = _video_attribute(page, "data-hls")
    assert master_url
    assert master_url.startswith("/media/")
    subtitles: list[dict[str, Any]] = json.loads(_video_attribute(page, "data-subtitles") or "[]")
    assert [(s["language"], s["kind"], s["name"]) for s in subtitles] == [
        ("en", "captions", "English (sous-titres pour sourds et malentendants)")
    ]
    vtt = await media_client.get(subtitles[0]["url"])
    assert vtt.status_code == 200
    assert vtt.text.startswith("WEBVTT")
    master = (await media_client.get(master_url)).text
    creole = [line for line in master.splitlines() if 'LANGUAGE="gcf-MQ"' in line]
    assert len(creole) == 1, master
    assert creole[0].startswith("#EXT-X-MEDIA:TYPE=AUDIO"), master
    uri = re.search(r'URI="([^"]+)"', creole[0])
    assert uri
    assert "#EXTINF" in (await media_client.get(uri.group(1))).text
    # The labels the script writes its choices with, in the page's language.
    assert 'data-label-audio="Audio"' in page
    assert 'data-label-subtitles="Sous-titres"' in page
    # A selection's switch answers the same.
    switched = (await media_client.get(f"/embed/works/{work_id}/player")).json()
    assert switched["player"]["hls"].startswith("/media/")
    assert [s["language"] for s in switched["player"]["subtitles"]] == ["en"]

    # A visitor who has not bought it hears the preview: no stream, no version, no link.
    await sign_up_and_log_in(media_client, role="audience", email="visitor@example.test")
    media_client.cookies.clear()
    for signed_in in (False, True):
        if signed_in:
            await page_log_in(media_client, "visitor@example.test")
        page = (await media_client.get(f"/embed/works/{work_id}")).text
        assert 'data-mode="preview"' in page
        assert _video_attribute(page, "data-hls") is None
        assert _video_attribute(page, "data-subtitles") is None
        assert "/subtitles/" not in page
