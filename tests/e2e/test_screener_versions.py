"""A screener of a film with language versions: the viewer's master playlist carries the Creole
audio track and the English subtitles under the viewer's own signed links (like the marked
renditions, with the same gate: a withdrawn invitation stops them); a link altered or signed
for another work's track opens nothing. The versions themselves are not marked (see
media/watermark/versions.py)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient

from accounts.domain import Role
from infra.ids import new_id
from lakou.bootstrap import Container
from media.assets.domain import AssetRole, AssetStatus, MediaAsset
from media.assets.repository import AssetRepository
from media.kinds import MediaKind
from media.watermark.signing import MarkedUrlSigner
from tests.meeting_helpers import person, user_id
from tests.screener_helpers import (
    FILM_S,
    code,
    invitation_of,
    make_screener,
    open_view,
    work_with_media,
)

VTT = "WEBVTT\n\n00:00:00.500 --> 00:00:03.000\nOnce upon a time\n"
HLS = "application/vnd.apple.mpegurl"


@cache
def creole_audio() -> dict[str, bytes]:
    """A Creole audio track as the pipeline stores it: an fMP4 HLS rendition (lavfi tone)."""
    with tempfile.TemporaryDirectory(prefix="screener-track-") as folder:
        subprocess.run(
            [
                *("ffmpeg", "-nostdin", "-y", "-hide_banner", "-loglevel", "error"),
                *("-f", "lavfi", "-i", f"sine=frequency=520:duration={FILM_S}"),
                *("-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "2"),
                *("-hls_playlist_type", "vod", "-hls_segment_type", "fmp4"),
                *("-hls_fmp4_init_filename", "init.mp4"),
                *("-hls_segment_filename", str(Path(folder) / "seg_%05d.m4s")),
                str(Path(folder) / "index.m3u8"),
            ],
            check=True,
            timeout=60,
        )
        return {path.name: path.read_bytes() for path in Path(folder).iterdir()}


async def _version(
    client: AsyncTestClient,
    container: Container,
    owner: dict[str, str],
    work_id: str,
    role: AssetRole,
    language: str,
) -> UUID:
    """A ready language version of the work (what the pipeline would have published)."""
    asset_id = new_id()
    prefix = f"renditions/{asset_id.hex}/{new_id().hex}"
    files = (
        {f"hls/audio/{name}": data for name, data in creole_audio().items()}
        if role is AssetRole.AUDIO_TRACK
        else {f"subtitles/{language}.vtt": VTT.encode()}
    )
    manifest: list[dict[str, Any]] = []
    for path, data in files.items():
        kind = (
            "text/vtt" if path.endswith(".vtt") else HLS if path.endswith("m3u8") else "audio/mp4"
        )
        container.storage.put(f"{prefix}/{path}", iter([data]), kind)
        entry_role = (
            "subtitle"
            if path.endswith(".vtt")
            else "hls_playlist"
            if path.endswith(".m3u8")
            else "hls_segment"
        )
        manifest.append(
            {"role": entry_role, "path": path, "key": f"{prefix}/{path}", "content_type": kind}
        )
    now = datetime.now(UTC)
    await AssetRepository().add(
        MediaAsset(
            id=asset_id,
            work_id=UUID(work_id),
            owner_id=await user_id(client, owner),
            kind=MediaKind.AUDIO if role is AssetRole.AUDIO_TRACK else MediaKind.SUBTITLE,
            role=role,
            language=language,
            track_kind="version" if role is AssetRole.AUDIO_TRACK else "subtitles",
            original_name="version",
            original_key=f"uploads/{asset_id.hex}/original",
            declared_size=1000,
            part_size=1000,
            status=AssetStatus.READY,
            created_at=now,
            updated_at=now,
            expires_at=now + timedelta(days=1),
            facts={"duration_s": FILM_S},
            renditions_prefix=prefix,
            manifest=manifest,
        )
    )
    return asset_id


def _uri(master: str, kind: str, language: str) -> str:
    line = next(
        line
        for line in master.splitlines()
        if line.startswith(f"#EXT-X-MEDIA:TYPE={kind}") and f'LANGUAGE="{language}"' in line
    )
    found = re.search(r'URI="([^"]+)"', line)
    assert found, line
    return found.group(1)


def _links(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("/media/marked/")] + re.findall(
        r'URI="(/media/marked/[^"]+)"', text
    )


async def test_a_screener_offers_the_film_s_versions_under_the_viewer_s_own_links(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    work_id = await work_with_media(client, container, owner)
    track = await _version(client, container, owner, work_id, AssetRole.AUDIO_TRACK, "gcf-MQ")
    await _version(client, container, owner, work_id, AssetRole.SUBTITLE, "en")
    other_work = await work_with_media(client, container, owner, marked=False)
    foreign = await _version(client, container, owner, other_work, AssetRole.AUDIO_TRACK, "es")
    screener = await make_screener(client, owner, work_id, viewer)
    invitation = await invitation_of(client, viewer, screener["id"])
    opened = await open_view(client, viewer, invitation)
    assert opened.status_code == 201, opened.text

    master = (await client.get(opened.json()["playlist"], headers=viewer)).text
    audio_uri = _uri(master, "AUDIO", "gcf-MQ")
    assert audio_uri.startswith("/media/marked/")
    assert f"/versions/{track.hex}/index.m3u8?" in audio_uri
    assert f"h={invitation}" in audio_uri
    assert 'NAME="Kréyòl"' in master
    # The picture's variants name the subtitles group; the marked audio stays the default.
    assert 'SUBTITLES="subs"' in master
    assert 'TYPE=AUDIO,GROUP-ID="audio",NAME="Version originale",DEFAULT=YES' in master

    playlist = await client.get(audio_uri)
    assert playlist.status_code == 200, playlist.text
    segments = _links(playlist.text)
    assert len(segments) == 1 + len([n for n in creole_audio() if n.endswith(".m4s")])
    assert all(f"h={invitation}" in link for link in segments)
    served = await client.get(next(link for link in segments if "seg_00000.m4s" in link))
    assert served.status_code == 200
    assert served.content == creole_audio()["seg_00000.m4s"]
    subtitles = await client.get(_uri(master, "SUBTITLES", "en"))
    assert subtitles.status_code == 200
    (vtt_link,) = _links(subtitles.text)
    assert (await client.get(vtt_link)).text == VTT

    # An altered link opens nothing; a well-signed one for another work's track neither.
    altered = audio_uri.replace(track.hex, foreign.hex)
    refused = await client.get(altered)
    assert (refused.status_code, code(refused)) == (403, "invalid_link")
    film = audio_uri.split("/")[3]
    expires = int(re.search(r"e=(\d+)", audio_uri).group(1))  # type: ignore[union-attr]
    signer = container.services.get(MarkedUrlSigner)
    other = signer.url(f"{film}/versions/{foreign.hex}/index.m3u8", invitation, expires)
    missing = await client.get(other)
    assert (missing.status_code, code(missing)) == (404, "not_found")

    # Withdrawn, the invitation's versions stop with its picture.
    revoked = await client.post(
        f"/api/screeners/{screener['id']}/invitations/{invitation}/revoke", headers=owner
    )
    assert revoked.status_code == 200, revoked.text
    for link in (audio_uri, segments[-1], vtt_link):
        stopped = await client.get(link)
        assert (stopped.status_code, code(stopped)) == (403, "link_withdrawn"), link
