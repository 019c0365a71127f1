"""The catalogue's work aggregate: a work, the details its creator describes it with, and the
rules of its life (draft, processing, published, withdrawn) with the events it records.

Pure Python: no ORM, no web framework. Services load a work, call a method, and hand the
recorded events to the outbox in the same transaction as the rows. Creator profiles live in
`creators`, the shared value types in `values`, the field checks in `field_checks`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from infra.errors import Conflict, Forbidden, InvalidInput
from infra.events.model import EventRecorder
from infra.events.types import EventType
from infra.ids import new_id
from marketplace.catalogue.creators import CreatorProfile
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.errors import LazyText, WorkError
from marketplace.catalogue.events import (
    WORK_CREATED,
    WORK_PUBLISHED,
    WORK_UPDATED,
    WORK_WITHDRAWN,
    WorkEvent,
)
from marketplace.catalogue.field_checks import (
    check_duration,
    check_year,
    credits,
    identifiers,
    languages,
    localised,
)
from marketplace.catalogue.identifiers import WORK_IDENTIFIERS
from marketplace.catalogue.labels import WORK_STATUS_LABELS
from marketplace.catalogue.values import (
    MAX_DESCRIPTION,
    MAX_DURATION_S,
    MAX_TITLE,
    Credit,
    Visibility,
    WorkStatus,
)


@dataclass(frozen=True)
class WorkDetails:
    """Everything a creator describes about a work; validated as a whole."""

    titles: Mapping[str, str]
    discipline: Discipline
    descriptions: Mapping[str, str] = field(default_factory=dict)
    languages: Sequence[str] = ()
    year: int | None = None
    duration_s: int | None = None
    credits: Sequence[Credit] = ()
    identifiers: Mapping[str, str] = field(default_factory=dict)
    visibility: Visibility = Visibility.PUBLIC

    def validated(self, now: datetime) -> WorkDetails:
        titles = localised(self.titles, field_name="titles", max_length=MAX_TITLE)
        if not titles:
            raise InvalidInput(WorkError.MISSING_TITLE)
        return replace(
            self,
            titles=titles,
            descriptions=localised(
                self.descriptions, field_name="descriptions", max_length=MAX_DESCRIPTION
            ),
            languages=languages(self.languages),
            year=check_year(self.year, now),
            duration_s=check_duration(self.duration_s),
            credits=credits(self.credits),
            identifiers=identifiers(self.identifiers, WORK_IDENTIFIERS),
        )


@dataclass
class Work(EventRecorder):
    id: UUID
    creator_id: UUID
    owner_id: UUID
    details: WorkDetails
    status: WorkStatus
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None
    cover_key: str | None = None
    # Set when staff withdrew the work: only staff may publish it again.
    moderation_hold: bool = False
    # When the last media event applied to this work happened: older ones arriving late are
    # ignored, so "processing" never overwrites a later "ready".
    media_event_at: datetime | None = None

    @property
    def title(self) -> str:
        titles = self.details.titles
        return titles.get("fr") or next(iter(titles.values()))

    @classmethod
    def create(cls, creator: CreatorProfile, details: WorkDetails, by: UUID, now: datetime) -> Work:
        work = cls(
            id=new_id(),
            creator_id=creator.id,
            owner_id=creator.owner_id,
            details=details.validated(now),
            status=WorkStatus.DRAFT,
            created_at=now,
            updated_at=now,
        )
        work._event(WORK_CREATED, by)
        return work

    def update(
        self, details: WorkDetails, by: UUID, now: datetime, *, by_staff: bool = False
    ) -> None:
        # Staff may edit a held work (to fix what got it withdrawn) before republishing it.
        if self.status is WorkStatus.WITHDRAWN and self.moderation_hold and not by_staff:
            raise Forbidden(WorkError.MODERATION_HOLD)
        self.details = details.validated(now)
        self.updated_at = now
        self._event(WORK_UPDATED, by)

    def set_cover(self, key: str, by: UUID, now: datetime) -> None:
        self.cover_key = key
        self.updated_at = now
        self._event(WORK_UPDATED, by)

    def publish(self, by: UUID, by_staff: bool, now: datetime) -> None:
        if self.status is WorkStatus.PUBLISHED:
            return  # publishing twice is a no-op, not an error: double clicks happen
        if self.status is WorkStatus.PROCESSING:
            raise Conflict(WorkError.MEDIA_PROCESSING)
        if self.moderation_hold and not by_staff:
            raise Forbidden(WorkError.MODERATION_HOLD)
        self.status = WorkStatus.PUBLISHED
        self.moderation_hold = False
        self.published_at = self.published_at or now
        self.updated_at = now
        self._event(WORK_PUBLISHED, by)

    def withdraw(self, by: UUID, by_staff: bool, reason: str | None, now: datetime) -> None:
        moderating = by_staff and by != self.owner_id
        if self.status is WorkStatus.WITHDRAWN:
            if moderating and not self.moderation_hold:
                # The owner withdrew it first: moderation still holds it, or the owner could
                # republish it at will.
                self.moderation_hold = True
                self.updated_at = now
                self._event(WORK_WITHDRAWN, by, reason=(reason or "")[:500] or None)
            return
        if self.status is not WorkStatus.PUBLISHED:
            raise Conflict(
                WorkError.NOT_PUBLISHED, status=LazyText(WORK_STATUS_LABELS[self.status.value])
            )
        self.status = WorkStatus.WITHDRAWN
        self.moderation_hold = moderating
        self.updated_at = now
        self._event(WORK_WITHDRAWN, by, reason=(reason or "")[:500] or None)

    def start_processing(self, now: datetime) -> None:
        """The media pipeline took an upload: the work waits for its renditions."""
        if self.status is WorkStatus.DRAFT:
            self.status = WorkStatus.PROCESSING
            self.updated_at = now

    def follow_main_media(
        self, event_type: str, occurred_at: datetime, duration_s: int | None, now: datetime
    ) -> bool:
        """Apply a main-media event unless a newer one was applied already; True if applied."""
        if self.media_event_at is not None and occurred_at <= self.media_event_at:
            return False
        self.media_event_at = occurred_at
        if event_type == "media.processing":
            self.start_processing(now)
        else:
            self.media_settled(duration_s, now)
        return True

    def media_settled(self, duration_s: int | None, now: datetime) -> None:
        """The main media finished processing (ready or not): the work can be published."""
        if self.status is WorkStatus.PROCESSING:
            self.status = WorkStatus.DRAFT
            self.updated_at = now
        if duration_s and self.details.duration_s is None:
            self.details = replace(self.details, duration_s=min(duration_s, MAX_DURATION_S))
            self.updated_at = now

    def visible_to(self, viewer_id: UUID | None, viewer_is_staff: bool) -> bool:
        if viewer_is_staff or viewer_id == self.owner_id:
            return True
        return (
            self.status is WorkStatus.PUBLISHED
            and self.details.visibility is not Visibility.PRIVATE
        )

    def _event(self, kind: EventType[WorkEvent], by: UUID, reason: str | None = None) -> None:
        payload = WorkEvent(
            work_id=self.id,
            creator_id=self.creator_id,
            owner_id=self.owner_id,
            by=by,
            status=self.status.value,
            reason=reason,
        )
        self.record(kind.event(self.id, payload))
