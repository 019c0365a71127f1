"""The catalogue's model: creator profiles and works, their rules and the events they record.

Pure Python: no ORM, no web framework. Services load these, call a method, and hand the
recorded events to the outbox in the same transaction as the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit
from uuid import UUID

from accounts.territory import by_code as commune_by_code
from accounts.territory import find as find_commune
from infra.errors import Conflict, Forbidden, InvalidInput
from infra.events.model import EventRecorder
from infra.events.types import EventType
from infra.i18n.context import N_
from infra.ids import new_id
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.errors import CatalogueError, CreatorError, LazyText, WorkError
from marketplace.catalogue.events import (
    CREATOR_CREATED,
    CREATOR_UPDATED,
    WORK_CREATED,
    WORK_PUBLISHED,
    WORK_UPDATED,
    WORK_WITHDRAWN,
    CreatorEvent,
    WorkEvent,
)
from marketplace.catalogue.identifiers import (
    PERSON_IDENTIFIERS,
    WORK_IDENTIFIERS,
    IdentifierKind,
    InvalidIdentifier,
    normalise,
)
from marketplace.catalogue.labels import WORK_STATUS_LABELS
from marketplace.catalogue.languages import (
    SUPPORTED_LANGUAGES,
    InvalidLocalisedText,
    UnsupportedLanguage,
    normalise_language,
    normalise_localised_text,
)

MAX_TITLE = 300
MAX_DESCRIPTION = 10_000
MAX_BIO = 5_000
MAX_CREDITS = 100
MAX_LINKS = 10
EARLIEST_YEAR = 1000
MAX_DURATION_S = 100 * 3600
MAX_NAME = 200
MAX_COMMUNE = 100


class WorkStatus(StrEnum):
    DRAFT = "draft"
    PROCESSING = "processing"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Visibility(StrEnum):
    PUBLIC = "public"  # listed and searchable once published
    UNLISTED = "unlisted"  # reachable by its link once published, never listed
    PRIVATE = "private"  # the owner and staff only


class CreatorKind(StrEnum):
    PERSON = "person"
    STRUCTURE = "structure"


class CreditRole(StrEnum):
    AUTHOR = "author"
    COMPOSER = "composer"
    LYRICIST = "lyricist"
    PERFORMER = "performer"
    ARRANGER = "arranger"
    PRODUCER = "producer"
    LABEL = "label"
    PUBLISHER = "publisher"
    DIRECTOR = "director"
    SCREENWRITER = "screenwriter"
    ANIMATOR = "animator"
    DEVELOPER = "developer"
    ILLUSTRATOR = "illustrator"
    PHOTOGRAPHER = "photographer"
    DESIGNER = "designer"
    TRANSLATOR = "translator"
    ARTISAN = "artisan"
    OTHER = "other"


@dataclass(frozen=True)
class Credit:
    name: str
    role: CreditRole
    isni: str | None = None
    ipi: str | None = None


def localised(texts: Mapping[str, str], *, field_name: str, max_length: int) -> dict[str, str]:
    try:
        return normalise_localised_text(texts, max_length=max_length)
    except InvalidLocalisedText as error:
        where = f"{field_name} ({error.language})" if error.language else field_name
        raise InvalidInput(
            CatalogueError.INVALID_LOCALISED_TEXT,
            field=where,
            reason=LazyText(error.message, error.params),
        ) from error
    except UnsupportedLanguage as error:
        raise InvalidInput(
            CatalogueError.INVALID_LOCALISED_TEXT,
            field=field_name,
            reason=LazyText(error.message, error.params),
        ) from error


def languages(tags: Sequence[str]) -> list[str]:
    result: list[str] = []
    for tag in tags:
        try:
            normalised = normalise_language(tag)
        except UnsupportedLanguage as error:
            raise InvalidInput(
                WorkError.UNSUPPORTED_LANGUAGE,
                tag=error.tag,
                supported=", ".join(SUPPORTED_LANGUAGES),
            ) from error
        if normalised not in result:
            result.append(normalised)
    return result


def identifiers(raw: Mapping[str, str], allowed: frozenset[IdentifierKind]) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, value in raw.items():
        try:
            kind = IdentifierKind(name.lower())
        except ValueError:
            kind = None
        if kind is None or kind not in allowed:
            raise InvalidInput(
                WorkError.INVALID_IDENTIFIER,
                kind=name[:40],
                value=str(value)[:80],
                reason=LazyText(
                    N_("ce type d'identifiant n'est pas accepté ici (utilisez %(names)s)"),
                    {"names": ", ".join(sorted(k.value for k in allowed))},
                ),
            )
        try:
            result[kind.value] = normalise(kind, value)
        except InvalidIdentifier as error:
            raise InvalidInput(
                WorkError.INVALID_IDENTIFIER,
                kind=error.kind.upper(),
                value=error.value,
                reason=LazyText(error.message, error.params),
            ) from error
    return result


def credits(raw: Sequence[Credit]) -> list[Credit]:
    if len(raw) > MAX_CREDITS:
        raise InvalidInput(WorkError.TOO_MANY_CREDITS, max=MAX_CREDITS)
    cleaned: list[Credit] = []
    for credit in raw:
        name = credit.name.strip()
        if not name or len(name) > MAX_NAME:
            raise InvalidInput(WorkError.INVALID_CREDIT)
        person_ids = identifiers(
            {k: v for k, v in (("isni", credit.isni), ("ipi", credit.ipi)) if v},
            PERSON_IDENTIFIERS,
        )
        cleaned.append(
            Credit(
                name=name, role=credit.role, isni=person_ids.get("isni"), ipi=person_ids.get("ipi")
            )
        )
    return cleaned


def links(raw: Sequence[str]) -> list[str]:
    if len(raw) > MAX_LINKS:
        raise InvalidInput(CreatorError.TOO_MANY_LINKS, max=MAX_LINKS)
    for link in raw:
        parts = urlsplit(link)
        # Only web links: a `javascript:` URL in a profile would run in visitors' browsers.
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > 500:
            raise InvalidInput(CreatorError.INVALID_LINK, link=link[:80])
    return list(raw)


def check_year(year: int | None, now: datetime) -> int | None:
    if year is not None and not EARLIEST_YEAR <= year <= now.year + 1:
        raise InvalidInput(WorkError.INVALID_YEAR, min=EARLIEST_YEAR, max=now.year + 1)
    return year


def check_duration(duration_s: int | None) -> int | None:
    if duration_s is not None and not 0 < duration_s <= MAX_DURATION_S:
        raise InvalidInput(WorkError.INVALID_DURATION, max=MAX_DURATION_S)
    return duration_s


@dataclass
class CreatorProfile(EventRecorder):
    id: UUID
    owner_id: UUID
    kind: CreatorKind
    name: str
    bios: dict[str, str]
    commune: str | None
    disciplines: list[Discipline]
    links: list[str]
    created_at: datetime
    updated_at: datetime
    commune_code: str | None = None

    @property
    def commune_name(self) -> str | None:
        """The registry's name of the commune (a proper name, never translated)."""
        found = commune_by_code(self.commune_code) if self.commune_code else None
        return found.name if found else None

    @classmethod
    def create(cls, owner_id: UUID, details: CreatorDetails, now: datetime) -> CreatorProfile:
        valid = details.validated()
        profile = cls(
            id=new_id(),
            owner_id=owner_id,
            kind=valid.kind,
            name=valid.name,
            bios=dict(valid.bios),
            commune=valid.commune,
            commune_code=valid.commune_code,
            disciplines=list(valid.disciplines),
            links=list(valid.links),
            created_at=now,
            updated_at=now,
        )
        profile.record(
            CREATOR_CREATED.event(
                profile.id, CreatorEvent(creator_id=profile.id, owner_id=owner_id)
            )
        )
        return profile

    @property
    def details(self) -> CreatorDetails:
        return CreatorDetails(
            kind=self.kind,
            name=self.name,
            bios=dict(self.bios),
            commune=self.commune,
            commune_code=self.commune_code,
            disciplines=list(self.disciplines),
            links=list(self.links),
        )

    def update(self, details: CreatorDetails, now: datetime) -> None:
        valid = details.validated()
        self.kind = valid.kind
        self.name = valid.name
        self.bios = dict(valid.bios)
        self.commune = valid.commune
        self.commune_code = valid.commune_code
        self.disciplines = list(valid.disciplines)
        self.links = list(valid.links)
        self.updated_at = now
        self.record(
            CREATOR_UPDATED.event(self.id, CreatorEvent(creator_id=self.id, owner_id=self.owner_id))
        )


@dataclass(frozen=True)
class CreatorDetails:
    kind: CreatorKind
    name: str
    bios: Mapping[str, str] = field(default_factory=dict)
    commune: str | None = None
    disciplines: Sequence[Discipline] = ()
    links: Sequence[str] = ()
    # INSEE code of a Martinican commune (accounts.territory); `commune` stays free text.
    commune_code: str | None = None

    def validated(self) -> CreatorDetails:
        name = self.name.strip()
        if not 1 <= len(name) <= MAX_NAME:
            raise InvalidInput(CreatorError.INVALID_NAME)
        commune = (self.commune or "").strip() or None
        if commune is not None and len(commune) > MAX_COMMUNE:
            raise InvalidInput(CreatorError.INVALID_COMMUNE, max=MAX_COMMUNE)
        code = (self.commune_code or "").strip() or None
        if code is not None:
            known = commune_by_code(code)
            if known is None:
                raise InvalidInput(CreatorError.UNKNOWN_COMMUNE_CODE, code=code[:10])
            # A code without text: the text is the commune's name, for clients that read it.
            commune = commune or known.name
        else:
            # Only text: its code when it names a commune; otherwise it stays text alone.
            matched = find_commune(commune)
            code = matched.code if matched else None
        return replace(
            self,
            name=name,
            bios=localised(self.bios, field_name="bios", max_length=MAX_BIO),
            commune=commune,
            commune_code=code,
            disciplines=list(dict.fromkeys(self.disciplines)),
            links=links(self.links),
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
