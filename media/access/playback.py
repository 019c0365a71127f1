"""Who may play what: previews for anyone who can see the work, full media for the entitled.

The answer is a set of URLs carrying short-lived signed tokens; `/media/<token>/<path>` serves
them (see `media.streaming`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from accounts.domain import Principal
from infra.errors import NotFound
from infra.i18n.context import gettext
from media.access.entitlements import EntitlementService
from media.access.tokens import PlaybackGrant, Scope, TokenSigner
from media.access.versions import (
    Version,
    alternates,
    as_downloads,
    described,
    versions,
    versions_of,
)
from media.access.works import WorkDirectory, can_edit
from media.assets.domain import TRACK_ROLES, AssetRole, MediaAsset
from media.assets.renditions import rendition_view
from media.assets.repository import AssetRepository
from media.errors import MediaError
from media.streaming.versions import subtitle_playlist, with_versions

# What a preview token opens; everything else needs a full token.
PREVIEW_ROLES = frozenset({"preview", "waveform", "poster", "image"})
# Originals and their copies as downloads are served only with a full token.
DOWNLOAD_ROLES = frozenset({"download", "download_mp3", "download_flac"})
# A language version's file (the track's M4A, the subtitles' WebVTT) under a download token.
VERSION_FILE_ROLES = frozenset({"progressive", "subtitle"})
# How long a link to a work's picture (its cover on the catalogue pages) stays valid.
PICTURE_TTL_S = 3600


@dataclass(frozen=True)
class Playback:
    work_id: UUID
    kind: str | None
    entitled: bool
    preview: dict[str, str]
    full: dict[str, Any] | None
    subtitles: list[dict[str, str]]
    renditions: list[dict[str, str | None]] = field(default_factory=list)
    # The work's language versions (audio tracks, subtitles): type, language, kind, name.
    versions: list[dict[str, str]] = field(default_factory=list)


def allowed(scope: Scope, role: str) -> bool:
    if scope is Scope.DOWNLOAD:
        return role in DOWNLOAD_ROLES
    if scope is Scope.FULL:
        return role not in DOWNLOAD_ROLES
    return role in PREVIEW_ROLES


def media_url(token: str, path: str) -> str:
    return f"/media/{token}/{path}"


def best_image(asset: MediaAsset, width: int = 640) -> str | None:
    """The picture of an asset closest to `width` (WebP first), else its poster."""
    images = [e for e in asset.manifest if e.get("role") == "image" and e.get("path")]
    if images:

        def score(entry: dict[str, Any]) -> tuple[int, int]:
            label = str(entry.get("label") or "0w").rstrip("w")
            size = int(label) if label.isdigit() else 0
            return (abs(size - width), 0 if entry["content_type"] == "image/webp" else 1)

        return str(min(images, key=score)["path"])
    poster = next((e for e in asset.manifest if e.get("role") == "poster" and e.get("path")), None)
    return str(poster["path"]) if poster else None


class PlaybackService:
    def __init__(
        self,
        works: WorkDirectory,
        entitlements: EntitlementService,
        signer: TokenSigner,
        ttl_s: int,
        repository: AssetRepository,
        download_ttl_s: int = 600,
    ) -> None:
        self._download_ttl_s = download_ttl_s
        self._works = works
        self._entitlements = entitlements
        self._signer = signer
        self._ttl_s = ttl_s
        self._repo = repository

    async def playback(self, viewer: Principal | None, work_id: UUID) -> Playback:
        work = await self._works.visible_work(work_id, viewer)
        if work is None:
            raise NotFound(MediaError.WORK_NOT_FOUND)
        viewer_id = viewer.user_id if viewer else None
        entitled = (
            viewer is not None and can_edit(viewer, work)
        ) or await self._entitlements.may_stream(viewer, work_id)
        main = await self._repo.latest_ready(work_id, AssetRole.MAIN)
        if main is None:
            return Playback(work_id, None, entitled, {}, None, [])
        ttl = self._ttl_for(main)
        preview_token = self._signer.issue(main.id, Scope.PREVIEW, viewer_id, ttl)
        preview = {
            entry["role"]: media_url(preview_token, entry["path"])
            for entry in main.manifest
            if entry.get("path") and entry["role"] in PREVIEW_ROLES
        }
        full: dict[str, Any] | None = None
        subtitles: list[dict[str, str]] = []
        found = await versions(self._repo, work_id)
        if entitled:
            token = self._signer.issue(main.id, Scope.FULL, viewer_id, ttl)
            # Owners and staff download directly; buyers through their library, which counts.
            editor = viewer is not None and can_edit(viewer, work)
            download_token = self._signer.issue(main.id, Scope.DOWNLOAD, viewer_id, ttl)
            full = {"downloads": []}
            for entry in main.manifest:
                role = entry["role"]
                if role in ("hls_master", "progressive"):
                    full[role] = media_url(token, entry["path"])
                elif role in DOWNLOAD_ROLES:
                    download = {"role": role, "content_type": entry["content_type"]}
                    if editor:
                        download["url"] = media_url(download_token, entry.get("path") or "original")
                    full["downloads"].append(download)
            links = {
                v.asset.id: self._signer.issue(v.asset.id, Scope.FULL, viewer_id, ttl)
                for v in found
            }
            subtitles = [
                {**item, "url": media_url(links[v.asset.id], v.path)}
                for v, item in zip(found, described(found), strict=True)
                if v.type == "subtitles"
            ]
            # Each version as a file: the track's M4A, the subtitles' WebVTT. Like the other
            # formats, owners and staff get a link; buyers a role their library counts.
            full["versions"] = [
                {**item, "role": v.download_role}
                | ({"url": media_url(links[v.asset.id], v.download)} if editor else {})
                for v, item in zip(found, described(found), strict=True)
                if v.download
            ]
        # Renditions are published one by one: the player says what is still being made.
        states = rendition_view(main.renditions)
        return Playback(
            work_id, main.kind.value, entitled, preview, full, subtitles, states, described(found)
        )

    async def master_with_versions(self, asset: MediaAsset, grant: PlaybackGrant, text: str) -> str:
        """A film's master playlist with its language versions, signed for the same viewer and
        expiring with the grant that opened the master."""
        if asset.role is not AssetRole.MAIN or grant.scope is not Scope.FULL:
            return text
        found = await versions(self._repo, asset.work_id)
        ttl = self.seconds_left(grant)

        def link(version_asset: MediaAsset, path: str) -> str:
            token = self._signer.issue(version_asset.id, Scope.FULL, grant.viewer_id, ttl)
            return media_url(token, path)

        audio = alternates([v for v in found if v.type == "audio"], link)
        texts = alternates([v for v in found if v.type == "subtitles"], link)
        return with_versions(text, audio, texts, gettext("Version originale"))

    async def subtitle_playlist(self, grant: PlaybackGrant, path: str) -> str | None:
        """`subtitles/<lang>.m3u8` of a subtitles asset: its WebVTT file as an HLS playlist as
        long as the film; None for any other path."""
        if grant.scope is not Scope.FULL or not path.endswith(".m3u8"):
            return None
        asset = await self._repo.get(grant.asset_id)
        if asset is None or asset.role is not AssetRole.SUBTITLE:
            return None
        vtt = path.removesuffix(".m3u8") + ".vtt"
        if not any(e.get("path") == vtt and e["role"] == "subtitle" for e in asset.manifest):
            return None
        main = await self._repo.latest_ready(asset.work_id, AssetRole.MAIN)
        duration = float(main.facts.get("duration_s") or 0) if main else 0.0
        return subtitle_playlist(vtt.rsplit("/", 1)[-1], duration)

    async def picture_url(self, work_id: UUID, width: int = 640) -> str | None:
        """A preview link to the work's picture: its cover, else its main media's own image or
        poster; None when it has none. The caller has checked that the work is visible."""
        for role in (AssetRole.COVER, AssetRole.MAIN):
            asset = await self._repo.latest_ready(work_id, role)
            path = best_image(asset, width) if asset is not None else None
            if asset is not None and path is not None:
                token = self._signer.issue(asset.id, Scope.PREVIEW, None, PICTURE_TTL_S)
                return media_url(token, path)
        return None

    async def download_roles(self, work_id: UUID) -> list[dict[str, str]]:
        """The main media's formats, then each language version (`audio:gcf-MQ:version`)."""
        main = await self._repo.latest_ready(work_id, AssetRole.MAIN)
        if main is None:
            return []
        return _download_roles(main) + as_downloads(await versions(self._repo, work_id))

    async def download_roles_of(self, work_ids: list[UUID]) -> dict[UUID, list[dict[str, str]]]:
        """`download_roles` for many works, read in two queries."""
        mains = await self._repo.latest_ready_of(work_ids, AssetRole.MAIN)
        tracks = await self._repo.tracks_of([w for w in work_ids if w in mains])
        return {
            work_id: _download_roles(mains.get(work_id))
            + as_downloads(versions_of(tracks.get(work_id, [])))
            for work_id in work_ids
        }

    async def download_url(self, work_id: UUID, role: str, viewer_id: UUID) -> tuple[str, int]:
        """One short-lived link to a download; the caller has checked the right to it."""
        if ":" in role:
            return await self._version_download_url(work_id, role, viewer_id)
        main = await self._repo.latest_ready(work_id, AssetRole.MAIN)
        entry = None
        if main is not None:
            entry = next((e for e in main.manifest if e["role"] == role), None)
        if main is None or entry is None or role not in DOWNLOAD_ROLES:
            raise NotFound(MediaError.FORMAT_NOT_OFFERED)
        token = self._signer.issue(main.id, Scope.DOWNLOAD, viewer_id, self._download_ttl_s)
        return media_url(token, entry.get("path") or "original"), self._signer.verify(
            token
        ).expires_at

    async def _version_download_url(
        self, work_id: UUID, role: str, viewer_id: UUID
    ) -> tuple[str, int]:
        """A language version's file under a download token of its own asset."""
        found: Version | None = None
        if await self._repo.latest_ready(work_id, AssetRole.MAIN) is not None:
            found = next(
                (v for v in await versions(self._repo, work_id) if v.download_role == role), None
            )
        if found is None or found.download is None:
            raise NotFound(MediaError.FORMAT_NOT_OFFERED)
        token = self._signer.issue(found.asset.id, Scope.DOWNLOAD, viewer_id, self._download_ttl_s)
        return media_url(token, found.download), self._signer.verify(token).expires_at

    def _ttl_for(self, asset: MediaAsset) -> int:
        # A film must stay playable to its end: at least twice its duration.
        duration = float(asset.facts.get("duration_s") or 0)
        return max(self._ttl_s, math.ceil(duration * 2))

    def verify(self, token: str) -> PlaybackGrant:
        return self._signer.verify(token)

    async def asset_for(self, grant: PlaybackGrant, path: str) -> tuple[MediaAsset, dict[str, Any]]:
        asset = await self._repo.get(grant.asset_id)
        if asset is None:
            raise NotFound(MediaError.MEDIA_NOT_FOUND)
        for entry in asset.manifest:
            if (entry.get("path") or "original") == path and (
                allowed(grant.scope, entry["role"]) or _version_file(grant.scope, asset, entry)
            ):
                return asset, entry
        raise NotFound(MediaError.MEDIA_NOT_FOUND)

    @staticmethod
    def seconds_left(grant: PlaybackGrant) -> int:
        return max(1, grant.expires_at - int(time.time()))


def _version_file(scope: Scope, asset: MediaAsset, entry: dict[str, Any]) -> bool:
    """A download token of a language version opens its file (and nothing else of it)."""
    return (
        scope is Scope.DOWNLOAD
        and asset.role in TRACK_ROLES
        and entry["role"] in VERSION_FILE_ROLES
    )


def _download_roles(main: MediaAsset | None) -> list[dict[str, str]]:
    if main is None:
        return []
    return [
        {"role": entry["role"], "content_type": entry["content_type"]}
        for entry in main.manifest
        if entry["role"] in DOWNLOAD_ROLES
    ]
