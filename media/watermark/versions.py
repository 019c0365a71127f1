"""A film's language versions in a screener: its other audio tracks and its subtitles, served
under the holder's signed links like the marked renditions.

The alternate audio tracks are **not marked**: marking one would mean an A/B pair of every
track (each audio track encoded twice, stored twice, prepared again whenever a version is
added) and a tracer that knows which track a leaked copy carries. What a leak of a screener's
picture reveals is still traced by the picture's mark; a dub leaked on its own is not. So a
version is served as the screener's own signed segments (`/media/marked/<film>/versions/
<track>/<file>?h=&e=&s=`): the same HMAC over the path, the holder and the expiry, and the same
`HolderGate` on every playlist and segment, so a withdrawn invitation or a withdrawn work stops
its versions as it stops the picture, and nobody fetches them without a link the server wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from infra.i18n.context import gettext
from media.access.versions import alternates, versions
from media.assets.domain import PLAYABLE, TRACK_ROLES, AssetRole, MediaAsset
from media.assets.repository import AssetRepository
from media.streaming.playlists import rewrite_media_playlist
from media.streaming.versions import subtitle_playlist, with_versions
from media.watermark.signing import MarkedUrlSigner

# A file of a version: the track's HLS media playlist, init segment and segments, or the
# subtitles' WebVTT file and the playlist made of it.
VERSION_FILE = re.compile(r"^[A-Za-z0-9_-]{1,40}\.(m3u8|mp4|m4s|vtt)$")


@dataclass(frozen=True)
class VersionFile:
    """What a version's URL names: a stored file (`key`; a media playlist to be signed for the
    holder when `signed`), or a playlist written here (`text`)."""

    content_type: str
    key: str | None = None
    signed: bool = False
    text: str | None = None


class ScreenerVersions:
    def __init__(self, assets: AssetRepository, signer: MarkedUrlSigner) -> None:
        self._assets = assets
        self._signer = signer

    def _url(self, film_id: UUID, track_id: UUID, name: str, holder: str, expires: int) -> str:
        path = f"{film_id.hex}/versions/{track_id.hex}/{name}"
        return self._signer.url(path, holder, expires)

    async def with_versions(self, film: MediaAsset, master: str, holder: str, expires: int) -> str:
        """The holder's marked master with one `EXT-X-MEDIA` line per version of the work."""
        if film.role is not AssetRole.MAIN:
            return master
        found = await versions(self._assets, film.work_id)

        def link(track: MediaAsset, path: str) -> str:
            return self._url(film.id, track.id, path.rsplit("/", 1)[-1], holder, expires)

        audio = alternates([v for v in found if v.type == "audio"], link)
        texts = alternates([v for v in found if v.type == "subtitles"], link)
        return with_versions(master, audio, texts, gettext("Version originale"))

    async def file(
        self, film_id: UUID, track_id: UUID, name: str, holder: str, expires: int
    ) -> VersionFile | None:
        """The file `name` of a playable version of the film's work; None for anything else
        (another work's track, a withdrawn track, a name the track does not have)."""
        if not VERSION_FILE.match(name):
            return None
        film, track = await self._assets.get(film_id), await self._assets.get(track_id)
        if film is None or track is None or not _version_of(track, film):
            return None
        if track.role is AssetRole.SUBTITLE and name.endswith(".m3u8"):
            vtt = name.removesuffix(".m3u8") + ".vtt"
            if _entry(track, vtt, "subtitle") is None:
                return None
            duration = float(film.facts.get("duration_s") or 0)
            url = self._url(film_id, track_id, vtt, holder, expires)
            playlist = subtitle_playlist(url, duration)
            return VersionFile("application/vnd.apple.mpegurl", text=playlist)
        entry = next(
            (e for e in track.manifest if str(e.get("path", "")).rsplit("/", 1)[-1] == name), None
        )
        if entry is None or entry["role"] not in ("hls_playlist", "hls_segment", "subtitle"):
            return None
        signed = entry["role"] == "hls_playlist"
        return VersionFile(str(entry["content_type"]), key=str(entry["key"]), signed=signed)

    def signed_media_playlist(
        self, stored: str, film_id: UUID, track_id: UUID, holder: str, expires: int
    ) -> str:
        """A track's stored media playlist with each segment as the holder's signed link."""
        return rewrite_media_playlist(
            stored, lambda uri: self._url(film_id, track_id, uri, holder, expires)
        )


def _version_of(track: MediaAsset, film: MediaAsset) -> bool:
    return (
        film.role is AssetRole.MAIN
        and track.role in TRACK_ROLES
        and track.work_id == film.work_id
        and track.status in PLAYABLE
    )


def _entry(track: MediaAsset, name: str, role: str) -> dict[str, object] | None:
    return next(
        (
            e
            for e in track.manifest
            if e.get("role") == role and str(e.get("path", "")).rsplit("/", 1)[-1] == name
        ),
        None,
    )
