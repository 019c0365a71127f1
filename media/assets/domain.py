"""A media asset's life: uploaded in parts, checked, processed into renditions, ready.

Pure Python. The asset records events; the catalogue reacts to them (a work waits in
`processing` while its main media is prepared), the indexer and the player follow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from infra.errors import Conflict, InvalidInput
from infra.events.model import EventRecorder
from infra.events.types import EventType
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
            raise InvalidInput(
                f"preview: start ≥ 0 and length between 5 and {MAX_PREVIEW_S:.0f} s",
                code="invalid_preview",
            )
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
    preview: PreviewChoice = field(default_factory=PreviewChoice)
    attempts: int = 0

    @property
    def parts_expected(self) -> int:
        return max(1, math.ceil(self.declared_size / self.part_size))

    def expected_part_size(self, number: int) -> int:
        if not 1 <= number <= self.parts_expected:
            raise InvalidInput(
                f"part {number} is outside 1..{self.parts_expected}", code="part_out_of_range"
            )
        if number < self.parts_expected:
            return self.part_size
        return self.declared_size - self.part_size * (self.parts_expected - 1)

    def require_uploading(self, now: datetime) -> None:
        if self.status is not AssetStatus.UPLOADING:
            raise Conflict(f"upload is {self.status.value}, not open", code="upload_closed")
        if now >= self.expires_at:
            raise Conflict("upload expired; start a new one", code="upload_expired")

    def complete(self, size: int, sha256: str, now: datetime) -> None:
        self.require_uploading(now)
        if size != self.declared_size:
            raise InvalidInput(
                f"received {size} bytes but {self.declared_size} were declared",
                code="size_mismatch",
            )
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

    def reject(self, code: str, message: str, now: datetime) -> None:
        self.status = AssetStatus.REJECTED
        self.error_code, self.error_message = code, message[:500]
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
