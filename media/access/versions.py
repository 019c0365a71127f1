"""A work's language versions as players see them: which exist (for anyone who can see the
work), and signed links to them (for those entitled to the whole work).

The newest track wins when an old one of the same language and kind is still stored (the
upload rules refuse a second one; older rows may hold several).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from media.assets.domain import PLAYABLE, AssetRole, MediaAsset
from media.assets.repository import AssetRepository
from media.kinds import MediaKind
from media.streaming.versions import Alternate
from media.tracks.domain import default_kind, track_name


@dataclass(frozen=True)
class Version:
    asset: MediaAsset
    language: str
    kind: str
    name: str
    path: str  # what plays: the track's HLS media playlist, the subtitles' WebVTT file
    download: str | None  # the version as a file: the track's M4A, the WebVTT file

    @property
    def type(self) -> str:
        return "audio" if self.asset.role is AssetRole.AUDIO_TRACK else "subtitles"

    @property
    def download_role(self) -> str:
        """The version as a library format: `audio:gcf-MQ:version`, `subtitles:en:captions`
        (at most 39 characters: the downloads' `role` column keeps 40)."""
        return f"{self.type}:{self.language}:{self.kind}"

    @property
    def content_type(self) -> str:
        return "audio/mp4" if self.type == "audio" else "text/vtt"


def _entry(asset: MediaAsset, role: str) -> dict[str, Any] | None:
    return next((e for e in asset.manifest if e.get("role") == role and e.get("path")), None)


async def versions(repo: AssetRepository, work_id: UUID) -> list[Version]:
    """Every playable version, audio tracks first, then by language."""
    return versions_of(await repo.tracks(work_id))


def versions_of(tracks: list[MediaAsset]) -> list[Version]:
    """`versions` from a work's track assets, newest first."""
    found: dict[tuple[str, str, str], Version] = {}
    for asset in tracks:
        if asset.status not in PLAYABLE or not asset.language:
            continue
        kind = asset.track_kind or default_kind(asset.kind).value
        key = (asset.role.value, asset.language, kind)
        if asset.kind is MediaKind.AUDIO:
            # The audio media playlist (not its master): an EXT-X-MEDIA URI names a rendition.
            playing, download = _entry(asset, "hls_playlist"), _entry(asset, "progressive")
        else:
            playing = download = _entry(asset, "subtitle")
        if key in found or playing is None:
            continue
        found[key] = Version(
            asset,
            asset.language,
            kind,
            track_name(asset.language, kind),
            str(playing["path"]),
            str(download["path"]) if download else None,
        )
    return sorted(found.values(), key=lambda v: (v.type != "audio", v.language, v.kind))


def as_downloads(items: list[Version]) -> list[dict[str, str]]:
    """The versions a buyer may download, as library formats (counted like the others)."""
    return [
        {
            "role": v.download_role,
            "content_type": v.content_type,
            "type": v.type,
            "language": v.language,
            "kind": v.kind,
            "name": v.name,
        }
        for v in items
        if v.download
    ]


def described(items: list[Version]) -> list[dict[str, str]]:
    """What anyone who can see the work may know: the versions' languages and kinds."""
    return [{"type": v.type, "language": v.language, "kind": v.kind, "name": v.name} for v in items]


def alternates(items: list[Version], link: Callable[[MediaAsset, str], str]) -> list[Alternate]:
    """The versions as master-playlist alternates; `link` signs a path of an asset.
    Subtitles are served as a playlist next to their file (`subtitles/<lang>.m3u8`)."""
    return [
        Alternate(
            v.language,
            v.kind,
            v.name,
            link(v.asset, v.path if v.type == "audio" else v.path.removesuffix(".vtt") + ".m3u8"),
        )
        for v in items
    ]
