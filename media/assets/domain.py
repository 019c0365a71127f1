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
from media.errors import MediaError
from media.events import (
    MEDIA_FAILED,
    MEDIA_PROCESSING,
    MEDIA_READY,
    MEDIA_REJECTED,
    MEDIA_UPLOADED,
    AssetEvent,
)
from media.kinds import MediaKind


class AssetStatus(StrEnum):
    UPLOADING = "uploading"
    UPLOADED = "uploaded"  # complete and stored, waiting for the safety gate
    PROCESSING = "processing"
    READY = "ready"
    REJECTED = "rejected"  # the safety gate refused it: nothing was transcoded
    FAILED = "failed"  # processing failed for a reason a retry cannot fix
    ABORTED = "aborted"  # abandoned or cancelled before completion


# The states as the studio shows them (`asset_state`, a template global).
ASSET_STATES: dict[str, str] = {
    AssetStatus.UPLOADING: N_("envoi en cours"),
    AssetStatus.UPLOADED: N_("envoyé, en attente"),
    AssetStatus.PROCESSING: N_("en traitement"),
    AssetStatus.READY: N_("prêt"),
    AssetStatus.REJECTED: N_("refusé"),
    AssetStatus.FAILED: N_("échec"),
    AssetStatus.ABORTED: N_("abandonné"),
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
    {AssetStatus.READY, AssetStatus.REJECTED, AssetStatus.FAILED, AssetStatus.ABORTED}
)


class AssetRole(StrEnum):
    MAIN = "main"  # the work itself: the track, the film, the book, the game build, the image
    COVER = "cover"
    SUBTITLE = "subtitle"


# Which kinds each role accepts.
ROLE_KINDS: dict[AssetRole, frozenset[MediaKind]] = {
    AssetRole.MAIN: frozenset(
        {MediaKind.AUDIO, MediaKind.VIDEO, MediaKind.IMAGE, MediaKind.BOOK, MediaKind.GAME}
    ),
    AssetRole.COVER: frozenset({MediaKind.IMAGE}),
    AssetRole.SUBTITLE: frozenset({MediaKind.SUBTITLE}),
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

    def mark_ready(self, prefix: str, manifest: list[dict[str, Any]], now: datetime) -> None:
        self.status = AssetStatus.READY
        self.renditions_prefix = prefix
        self.manifest = manifest
        self.progress = 100
        self.updated_at = now
        duration = self.facts.get("duration_s")
        self._event(MEDIA_READY, duration_s=round(duration) if duration else None)

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


def upload_expiry(now: datetime, ttl_s: int) -> datetime:
    return now + timedelta(seconds=ttl_s)
