"""A film's language versions through the API and a real worker (Redis, ffmpeg): audio tracks
in Creole and English beside the French film, subtitles in three languages, all in the HLS
master playlist the viewer gets; and every refusal with its code, changing nothing."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from tests.helpers import create_creator, create_work, sign_up_and_log_in
from tests.integration.test_media_pipeline import (  # noqa: F401 - fixtures used by name
    _deliver,
    _upload_in_parts,
    media_client,
    media_container,
    media_dir,
    media_worker,
)

LAVFI = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi"]
SRT = "1\n00:00:00,500 --> 00:00:02,500\nBonjou tout moun\n"
VTT = "WEBVTT\n\n00:00:00.500 --> 00:00:02.500\n{}\n"


@pytest.fixture(scope="session")
def tracks_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tracks")
    for name, seconds, frequency in (("gcf.m4a", 3, 500), ("en.m4a", 3, 700), ("long.m4a", 9, 400)):
        subprocess.run(
            [
                *LAVFI,
                "-i",
                f"sine=frequency={frequency}:duration={seconds}",
                "-c:a",
                "aac",
                str(folder / name),
            ],
            check=True,
        )
    (folder / "gcf.srt").write_text(SRT, encoding="utf-8")
    (folder / "en.vtt").write_text(VTT.format("Hello everyone"), encoding="utf-8")
    (folder / "fr.vtt").write_text(VTT.format("Bonjour à tous"), encoding="utf-8")
    return folder


async def _film(client: AsyncTestClient, headers: dict[str, str], media: Path) -> dict[str, Any]:
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"], discipline="film")
    await _upload_in_parts(client, headers, work["id"], media / "clip.mp4", kind="video")
    return work


async def _begin(
    client: AsyncTestClient, headers: dict[str, str], work_id: str, **body: Any
) -> Any:
    return await client.post(
        f"/api/works/{work_id}/uploads",
        json={"filename": "x", "size": 1000, **body},
        headers=headers,
    )


def _code(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


async def test_a_film_plays_its_creole_and_english_versions_and_three_subtitles(
    media_client: AsyncTestClient,  # noqa: F811
    media_worker: Worker,  # noqa: F811
    broker: RedisBroker,
    media_dir: Path,  # noqa: F811
    tracks_dir: Path,
) -> None:
    headers = await sign_up_and_log_in(media_client)
    work = await _film(media_client, headers, media_dir)
    await _deliver(broker, media_worker)
    upload = _upload_in_parts
    await upload(
        media_client,
        headers,
        work["id"],
        tracks_dir / "gcf.m4a",
        role="audio_track",
        language="acf",
    )  # an alias of Martinican Creole
    await upload(
        media_client,
        headers,
        work["id"],
        tracks_dir / "en.m4a",
        role="audio_track",
        language="en",
        track_kind="description",
    )
    for name, language in (("gcf.srt", "gcf-MQ"), ("en.vtt", "EN"), ("fr.vtt", "fr")):
        await upload(
            media_client,
            headers,
            work["id"],
            tracks_dir / name,
            kind="subtitle",
            role="subtitle",
            language=language,
        )
    await _deliver(broker, media_worker)

    owner = (await media_client.get(f"/api/works/{work['id']}/playback", headers=headers)).json()
    versions = {(v["type"], v["language"], v["kind"]) for v in owner["versions"]}
    assert versions == {
        ("audio", "gcf-MQ", "version"),
        ("audio", "en", "description"),
        ("subtitles", "gcf-MQ", "subtitles"),
        ("subtitles", "en", "subtitles"),
        ("subtitles", "fr", "subtitles"),
    }
    # Each version downloads as a file: the tracks as M4A, the subtitles as WebVTT.
    files = {(v["type"], v["language"]): v["url"] for v in owner["full"]["versions"]}
    assert len(files) == 5
    m4a = await media_client.get(files[("audio", "gcf-MQ")])
    assert m4a.status_code == 200
    assert m4a.headers["content-type"].startswith("audio/mp4")
    converted = await media_client.get(files[("subtitles", "gcf-MQ")])
    assert converted.text.startswith("WEBVTT")
    assert "Bonjou tout moun" in converted.text

    master = (await media_client.get(owner["full"]["hls_master"])).text
    audio = [line for line in master.splitlines() if line.startswith("#EXT-X-MEDIA:TYPE=AUDIO")]
    texts = [line for line in master.splitlines() if "TYPE=SUBTITLES" in line]
    assert len(audio) == 3, master
    assert len(texts) == 3, master
    creole = next(line for line in audio if 'LANGUAGE="gcf-MQ"' in line)
    assert 'NAME="Kréyòl"' in creole
    assert "DEFAULT=NO" in creole
    assert "AUTOSELECT=YES" in creole
    described = next(line for line in audio if 'LANGUAGE="en"' in line)
    assert "public.accessibility.describes-video" in described
    assert all('GROUP-ID="group_audio"' in line for line in audio)
    assert all('SUBTITLES="subs"' in line for line in master.splitlines() if "RESOLUTION=" in line)

    # Every alternate is signed for this viewer and plays: the track's playlist, its init
    # segment; the subtitles' one-segment playlist, its WebVTT.
    uri = re.search(r'URI="([^"]+)"', creole)
    assert uri is not None
    assert uri.group(1).startswith("/media/")
    playlist = await media_client.get(uri.group(1))
    assert playlist.status_code == 200
    assert "#EXT-X-MAP" in playlist.text
    base = uri.group(1).rsplit("/", 1)[0]
    variant = next(line for line in playlist.text.splitlines() if line and not line.startswith("#"))
    assert (await media_client.get(f"{base}/{variant}")).status_code == 200
    subtitle_uri = re.search(r'URI="([^"]+)"', texts[0])
    assert subtitle_uri is not None
    text_playlist = await media_client.get(subtitle_uri.group(1))
    assert text_playlist.status_code == 200
    assert "#EXT-X-ENDLIST" in text_playlist.text
    vtt = next(line for line in text_playlist.text.splitlines() if line.endswith(".vtt"))
    sub_base = subtitle_uri.group(1).rsplit("/", 1)[0]
    assert (await media_client.get(f"{sub_base}/{vtt}")).text.startswith("WEBVTT")

    # A visitor who may only see the preview learns which versions exist, and gets no link.
    published = await media_client.post(f"/api/works/{work['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    visitor = (await media_client.get(f"/api/works/{work['id']}/playback")).json()
    assert visitor["full"] is None
    assert visitor["subtitles"] == []
    assert {v["language"] for v in visitor["versions"]} == {"gcf-MQ", "en", "fr"}

    # Search finds the film by the languages of its versions (an alias works there too).
    await _deliver(broker, media_worker)
    found = await media_client.get("/api/search", params={"version_language": "acf"})
    assert found.status_code == 200, found.text
    assert [item["id"] for item in found.json()["items"]] == [work["id"]]
    assert found.json()["facets"]["version_language"] == {"gcf-MQ": 1, "en": 1, "fr": 1}
    none = await media_client.get("/api/search", params={"version_language": "pt-BR"})
    assert none.json()["items"] == []
    bad = await media_client.get("/api/search", params={"version_language": "elvish"})
    assert _code(bad) == (422, "invalid_facet_value")


async def test_bad_tracks_are_refused_with_a_code_and_change_nothing(
    media_client: AsyncTestClient,  # noqa: F811
    media_worker: Worker,  # noqa: F811
    broker: RedisBroker,
    media_dir: Path,  # noqa: F811
    tracks_dir: Path,
) -> None:
    headers = await sign_up_and_log_in(media_client)
    creator = await create_creator(media_client, headers)
    song = await create_work(media_client, headers, creator["id"])
    await _upload_in_parts(media_client, headers, song["id"], media_dir / "tone.flac")
    film = await _film(media_client, headers, media_dir)
    await _deliver(broker, media_worker)
    before = {
        work["id"]: len(
            (await media_client.get(f"/api/media/works/{work['id']}", headers=headers)).json()
        )
        for work in (song, film)
    }

    # A song takes no other audio track: another version of a song is a work of its own.
    refused = await _begin(
        media_client, headers, song["id"], kind="audio", role="audio_track", language="en"
    )
    assert _code(refused) == (409, "audio_track_needs_video")
    for language in ("xx-nowhere", "und", "fr fr", "klingon", ""):
        refused = await _begin(
            media_client, headers, film["id"], kind="subtitle", role="subtitle", language=language
        )
        assert _code(refused) == (422, "invalid_language"), language
    refused = await _begin(
        media_client,
        headers,
        film["id"],
        kind="subtitle",
        role="subtitle",
        language="es",
        track_kind="commentary",
    )
    assert _code(refused) == (422, "invalid_track_kind")
    stranger = await sign_up_and_log_in(media_client)
    refused = await _begin(
        media_client, stranger, film["id"], kind="audio", role="audio_track", language="es"
    )
    assert _code(refused) == (404, "not_found")

    # Two tracks claiming one language and kind: the second is refused, even by an alias.
    first = await _begin(
        media_client, headers, film["id"], kind="audio", role="audio_track", language="gcf-MQ"
    )
    assert first.status_code == 201, first.text
    for alias in ("gcf", "cpf", "GCF-mq"):
        again = await _begin(
            media_client, headers, film["id"], kind="audio", role="audio_track", language=alias
        )
        assert _code(again) == (409, "track_exists"), alias
    # Another kind in the same language is another track.
    other_kind = await _begin(
        media_client,
        headers,
        film["id"],
        kind="audio",
        role="audio_track",
        language="gcf-MQ",
        track_kind="commentary",
    )
    assert other_kind.status_code == 201, other_kind.text

    # A track three times the film's length is refused by the worker, its file not kept.
    long = await _upload_in_parts(
        media_client,
        headers,
        film["id"],
        tracks_dir / "long.m4a",
        role="audio_track",
        language="es",
    )
    await _deliver(broker, media_worker)
    refused_track = (await media_client.get(f"/api/media/{long['id']}", headers=headers)).json()
    assert refused_track["status"] == "rejected"
    assert refused_track["error_code"] == "duration_mismatch"
    assert "9.0" in refused_track["error_message"], refused_track
    playback = (await media_client.get(f"/api/works/{film['id']}/playback", headers=headers)).json()
    assert playback["versions"] == []
    master = (await media_client.get(playback["full"]["hls_master"])).text
    assert "LANGUAGE=" not in master
    after = {
        work["id"]: len(
            (await media_client.get(f"/api/media/works/{work['id']}", headers=headers)).json()
        )
        for work in (song, film)
    }
    # The film gained only the two accepted uploads and the refused long track.
    assert after == {song["id"]: before[song["id"]], film["id"]: before[film["id"]] + 3}


async def test_a_withdrawn_version_stops_playing_and_may_be_sent_again(
    media_client: AsyncTestClient,  # noqa: F811
    media_worker: Worker,  # noqa: F811
    broker: RedisBroker,
    media_dir: Path,  # noqa: F811
    tracks_dir: Path,
) -> None:
    headers = await sign_up_and_log_in(media_client)
    film = await _film(media_client, headers, media_dir)
    english = await _upload_in_parts(
        media_client,
        headers,
        film["id"],
        tracks_dir / "en.vtt",
        kind="subtitle",
        role="subtitle",
        language="en",
    )
    await _deliver(broker, media_worker)
    before = (await media_client.get(f"/api/works/{film['id']}/playback", headers=headers)).json()
    link = before["subtitles"][0]["url"]
    assert (await media_client.get(link)).status_code == 200

    stranger = await sign_up_and_log_in(media_client)
    assert _code(await media_client.delete(f"/api/media/{english['id']}", headers=stranger)) == (
        404,
        "not_found",
    )
    main = next(
        asset
        for asset in (
            await media_client.get(f"/api/media/works/{film['id']}", headers=headers)
        ).json()
        if asset["role"] == "main"
    )
    assert _code(await media_client.delete(f"/api/media/{main['id']}", headers=headers)) == (
        409,
        "not_a_track",
    )

    withdrawn = await media_client.delete(f"/api/media/{english['id']}", headers=headers)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    again = await media_client.delete(f"/api/media/{english['id']}", headers=headers)
    assert again.json()["status"] == "withdrawn"  # withdrawing twice is not an error
    after = (await media_client.get(f"/api/works/{film['id']}/playback", headers=headers)).json()
    assert after["versions"] == []
    assert after["subtitles"] == []
    assert (await media_client.get(link)).status_code == 404  # the old link opens nothing now
    master = (await media_client.get(after["full"]["hls_master"])).text
    assert "TYPE=SUBTITLES" not in master
    # The language and kind are free again.
    resent = await _begin(
        media_client, headers, film["id"], kind="subtitle", role="subtitle", language="en"
    )
    assert resent.status_code == 201, resent.text
