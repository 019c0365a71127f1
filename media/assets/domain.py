"""A media asset's life: uploaded in parts, checked, processed into renditions, ready.

Pure Python. The asset records events; the catalogue reacts to them (a work waits in
`processing` while its main media is prepared), the indexer and the player follow.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from infra.errors import Conflict, InvalidInput, fill
from infra.events.model import EventRecorder
from infra.events.types import EventType
from infra.i18n.context import N_, gettext
from media.assets.renditions import PLAYABLE as PLAYABLE_RENDITIONS
from media.assets.renditions import (
    Rendition,
    RenditionState,
    failure_code,
    planned,
    still_to_make,
)
from media.errors import MediaError
from media.events import (
    MEDIA_FAILED,
    MEDIA_PROCESSING,
    MEDIA_READY,
    MEDIA_REJECTED,
    MEDIA_RENDITION_FAILED,
    MEDIA_RENDITION_READY,
    MEDIA_UPLOADED,
    AssetEvent,
    RenditionEvent,
)
from media.kinds import MediaKind


class AssetStatus(StrEnum):
    UPLOADING = "uploading"
    UPLOADED = "uploaded"  # complete and stored, waiting for the safety gate
    PROCESSING = "processing"
    # Renditions are published one by one; these say what already plays (docs/decisions.md,
    # "Playable sooner"). Both keep being processed.
    PREVIEW_READY = "preview_ready"  # the preview plays; the stream is being made
    STREAM_READY = "stream_ready"  # the whole work streams; downloads are being made
    READY = "ready"  # every rendition is published
    # Finished with some renditions failed for good: what was published plays.
    INCOMPLETE = "incomplete"
    REJECTED = "rejected"  # the safety gate refused it: nothing was transcoded
    FAILED = "failed"  # processing failed for a reason a retry cannot fix
    ABORTED = "aborted"  # abandoned or cancelled before completion
    WITHDRAWN = "withdrawn"  # a language version its owner took back: its files are gone


# The states as the studio shows them (`asset_state`, a template global).
ASSET_STATES: dict[str, str] = {
    AssetStatus.UPLOADING: N_("envoi en cours"),
    AssetStatus.UPLOADED: N_("envoyé, en attente"),
    AssetStatus.PROCESSING: N_("en traitement"),
    AssetStatus.PREVIEW_READY: N_("extrait prêt"),
    AssetStatus.STREAM_READY: N_("lecture complète prête"),
    AssetStatus.READY: N_("prêt"),
    AssetStatus.INCOMPLETE: N_("prêt en partie"),
    AssetStatus.REJECTED: N_("refusé"),
    AssetStatus.FAILED: N_("échec"),
    AssetStatus.ABORTED: N_("abandonné"),
    AssetStatus.WITHDRAWN: N_("retiré"),
}


def asset_state(status: str) -> str:
    """A media state in the active language (the state's code when it is not one we know)."""
    label = ASSET_STATES.get(status)
    return gettext(label) if label else status


def asset_error(asset: MediaAsset) -> str | None:
    """Why an asset was refused or failed, in the active language: a refusal is stored as its
    French source and parameters (older rows, and failures, as the text itself)."""
    if not asset.error_message:
        return None
    return fill(gettext(asset.error_message), asset.error_params)


TERMINAL = frozenset(
    {
        AssetStatus.READY,
        AssetStatus.INCOMPLETE,
        AssetStatus.REJECTED,
        AssetStatus.FAILED,
        AssetStatus.ABORTED,
        AssetStatus.WITHDRAWN,
    }
)
# The worker is (or will be again) making renditions.
MAKING = frozenset({AssetStatus.PROCESSING, AssetStatus.PREVIEW_READY, AssetStatus.STREAM_READY})
# Something of it plays: the player uses the newest such asset.
PLAYABLE = frozenset(
    {
        AssetStatus.PREVIEW_READY,
        AssetStatus.STREAM_READY,
        AssetStatus.READY,
        AssetStatus.INCOMPLETE,
    }
)


class AssetRole(StrEnum):
    MAIN = "main"  # the work itself: the track, the film, the book, the game build, the image
    COVER = "cover"
    SUBTITLE = "subtitle"
    # Another audio track of a film: a dub, audio description, commentary (media/tracks/).
    AUDIO_TRACK = "audio_track"


# A work's language versions: linked to its main media, each with a language and a kind.
TRACK_ROLES = frozenset({AssetRole.SUBTITLE, AssetRole.AUDIO_TRACK})

# Which kinds each role accepts.
ROLE_KINDS: dict[AssetRole, frozenset[MediaKind]] = {
    AssetRole.MAIN: frozenset(
        {MediaKind.AUDIO, MediaKind.VIDEO, MediaKind.IMAGE, MediaKind.BOOK, MediaKind.GAME}
    ),
    AssetRole.COVER: frozenset({MediaKind.IMAGE}),
    AssetRole.SUBTITLE: frozenset({MediaKind.SUBTITLE}),
    AssetRole.AUDIO_TRACK: frozenset({MediaKind.AUDIO}),
}

DEFAULT_PREVIEW_S = 30.0
MAX_PREVIEW_S = 300.0


@dataclass(frozen=True)
class PreviewChoice:
    start_s: float = 0.0
    length_s: float = DEFAULT_PREVIEW_S

    def validated(self) -> PreviewChoice:
        if not (0 <= self.start_s <= 24 * 3600) or not (5 <= self.length_s <= MAX_PREVIEW_S):
            raise InvalidInput(MediaError.INVALID_PREVIEW, max=f"{MAX_PREVIEW_S:.0f}")
        return self


@dataclass
class MediaAsset(EventRecorder):
    id: UUID
    work_id: UUID
    owner_id: UUID
    kind: MediaKind
    role: AssetRole
    language: str | None
    original_name: str
    original_key: str
    declared_size: int
    part_size: int
    status: AssetStatus
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    multipart_id: str | None = None  # S3 multipart upload id in direct-to-storage mode
    size_bytes: int | None = None
    sha256: str | None = None
    content_type: str | None = None
    progress: int = 0
    facts: dict[str, Any] = field(default_factory=dict)
    renditions_prefix: str | None = None
    manifest: list[dict[str, Any]] = field(default_factory=list)
    error_code: str | None = None
    error_message: str | None = None
    # With a refusal, `error_message` is the French source and these fill its placeholders.
    error_params: dict[str, str] = field(default_factory=dict)
    preview: PreviewChoice = field(default_factory=PreviewChoice)
    attempts: int = 0
    # Rendition name -> {"state": making|ready|failed, "code"?, "reason"?} (`renditions.py`).
    renditions: dict[str, dict[str, Any]] = field(default_factory=dict)
    # A language version's kind (`media.tracks.domain.TrackKind`); None for other roles.
    track_kind: str | None = None

    @property
    def parts_expected(self) -> int:
        return max(1, math.ceil(self.declared_size / self.part_size))

    def expected_part_size(self, number: int) -> int:
        if not 1 <= number <= self.parts_expected:
            raise InvalidInput(
                MediaError.PART_OUT_OF_RANGE, number=number, count=self.parts_expected
            )
        if number < self.parts_expected:
            return self.part_size
        return self.declared_size - self.part_size * (self.parts_expected - 1)

    def require_uploading(self, now: datetime) -> None:
        if self.status is not AssetStatus.UPLOADING:
            raise Conflict(MediaError.UPLOAD_NOT_OPEN, state=asset_state(self.status))
        if now >= self.expires_at:
            raise Conflict(MediaError.UPLOAD_EXPIRED)

    def complete(self, size: int, sha256: str, now: datetime) -> None:
        self.require_uploading(now)
        if size != self.declared_size:
            raise InvalidInput(MediaError.SIZE_MISMATCH, received=size, declared=self.declared_size)
        self.size_bytes = size
        self.sha256 = sha256
        self.status = AssetStatus.UPLOADED
        self.updated_at = now
        self._event(MEDIA_UPLOADED)

    def abort(self, now: datetime) -> None:
        if self.status is AssetStatus.UPLOADING:
            self.status = AssetStatus.ABORTED
            self.updated_at = now

    def start_processing(self, facts: dict[str, Any], content_type: str, now: datetime) -> None:
        self.facts = facts
        self.content_type = content_type
        self.status = AssetStatus.PROCESSING
        self.progress = 0
        self.attempts += 1
        self.error_code = self.error_message = None
        self.error_params = {}
        self.updated_at = now
        self._event(MEDIA_PROCESSING)

    def report_progress(self, percent: float, now: datetime) -> bool:
        """True when the stored progress moved (callers write only then)."""
        value = max(self.progress, min(99, int(percent)))
        if value == self.progress:
            return False
        self.progress = value
        self.updated_at = now
        return True

    def reject(
        self, code: str, message: str, now: datetime, params: Mapping[str, object] | None = None
    ) -> None:
        self.status = AssetStatus.REJECTED
        self.error_code, self.error_message = code, message[:500]
        self.error_params = {name: str(value)[:200] for name, value in (params or {}).items()}
        self.updated_at = now
        self._event(MEDIA_REJECTED, code=code)

    def fail(self, reason: str, now: datetime) -> None:
        self.status = AssetStatus.FAILED
        self.error_code, self.error_message = "processing_failed", reason[:500]
        self.updated_at = now
        self._event(MEDIA_FAILED)

    def withdraw(self, now: datetime) -> None:
        """A language version taken back by its owner: it stops playing at once. Only tracks
        (`TRACK_ROLES`) and only once they are past uploading (an open upload is cancelled)."""
        if self.role not in TRACK_ROLES:
            raise Conflict(MediaError.NOT_A_TRACK)
        if self.status is AssetStatus.UPLOADING or self.status in MAKING:
            raise Conflict(MediaError.TRACK_BUSY, state=asset_state(self.status))
        self.status = AssetStatus.WITHDRAWN
        self.manifest, self.renditions = [], {}  # nothing of it plays or downloads any more
        self.updated_at = now

    def plan_renditions(self, names: list[Rendition]) -> list[str]:
        """Which renditions this attempt makes: those neither published nor failed for good
        (a resumed job redoes only what a killed one had not published)."""
        self.renditions = planned(self.renditions, names)
        return still_to_make(self.renditions)

    def resume_processing(self, now: datetime) -> None:
        """Another attempt at a job that already published renditions: what plays keeps
        playing (no step back to "processing")."""
        self.attempts += 1
        self.updated_at = now

    def publish_rendition(
        self, name: str, prefix: str, entries: list[dict[str, Any]], now: datetime
    ) -> None:
        """The rendition's files are stored: from this commit on it plays (or downloads)."""
        self.renditions_prefix = prefix
        self.manifest = [e for e in self.manifest if e.get("rendition") != name] + [
            {**entry, "rendition": name} for entry in entries
        ]
        self.renditions[name] = {"state": RenditionState.READY.value}
        self._rendition_event(MEDIA_RENDITION_READY, name)
        self._advance(now)

    def fail_rendition(self, name: str, reason: str, now: datetime) -> None:
        code = failure_code(name)
        self.renditions[name] = {
            "state": RenditionState.FAILED.value,
            "code": code,
            "reason": reason[:300],
        }
        self._rendition_event(MEDIA_RENDITION_FAILED, name, code)
        self._advance(now)

    def _advance(self, now: datetime) -> None:
        self.updated_at = now
        status = stage(self.renditions)
        if status is self.status:
            return
        self.status = status
        failed = [s for s in self.renditions.values() if s["state"] == RenditionState.FAILED]
        if status is AssetStatus.FAILED:
            self.error_code, self.error_message = "processing_failed", failed[0]["reason"]
            self._event(MEDIA_FAILED)
        elif status in (AssetStatus.READY, AssetStatus.INCOMPLETE):
            self.progress = 100
            code = failed[0]["code"] if failed else None
            if failed:
                self.error_code = code
                self.error_message = N_("Ces versions n'ont pas pu être préparées : %(codes)s.")
                self.error_params = {"codes": ", ".join(s["code"] for s in failed)}
            duration = self.facts.get("duration_s")
            self._event(MEDIA_READY, duration_s=round(duration) if duration else None, code=code)

    def _rendition_event(
        self, kind: EventType[RenditionEvent], name: str, code: str | None = None
    ) -> None:
        payload = RenditionEvent(
            asset_id=self.id,
            work_id=self.work_id,
            owner_id=self.owner_id,
            kind=self.kind.value,
            role=self.role.value,
            rendition=name,
            status=stage(self.renditions).value,
            code=code,
        )
        self.record(kind.event(self.id, payload))

    def _event(
        self,
        kind: EventType[AssetEvent],
        duration_s: int | None = None,
        code: str | None = None,
    ) -> None:
        payload = AssetEvent(
            asset_id=self.id,
            work_id=self.work_id,
            owner_id=self.owner_id,
            kind=self.kind.value,
            role=self.role.value,
            language=self.language,
            duration_s=duration_s,
            code=code,
        )
        self.record(kind.event(self.id, payload))


def stage(renditions: Mapping[str, Mapping[str, Any]]) -> AssetStatus:
    """The asset's status from its renditions' states: what plays already, or how it ended."""
    states = {name: str(state["state"]) for name, state in renditions.items()}
    ready = {name for name, state in states.items() if state == RenditionState.READY}
    if RenditionState.MAKING in states.values():
        if Rendition.STREAM in ready:
            return AssetStatus.STREAM_READY
        if Rendition.PREVIEW in ready:
            return AssetStatus.PREVIEW_READY
        return AssetStatus.PROCESSING
    if len(ready) == len(states):
        return AssetStatus.READY
    return AssetStatus.INCOMPLETE if ready & PLAYABLE_RENDITIONS else AssetStatus.FAILED


def upload_expiry(now: datetime, ttl_s: int) -> datetime:
    return now + timedelta(seconds=ttl_s)
