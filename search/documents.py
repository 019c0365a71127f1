"""The search document: what the index knows about one listed work. Pure Python.

Only published, public works become documents (`build_document` answers None for the rest), so
neither engine ever holds a draft, a withdrawn, an unlisted or a private work. Rights fields
(territories, licence types) are in every document but shown only in the partner view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from infra.i18n.context import activated, gettext
from infra.i18n.languages import LANGUAGES
from marketplace.catalogue.creators import CreatorProfile
from marketplace.catalogue.disciplines import DISCIPLINE_LABELS, Discipline
from marketplace.catalogue.domain import Work
from marketplace.catalogue.values import Visibility, WorkStatus


class Availability(StrEnum):
    BUY = "buy"
    STREAM = "stream"
    LICENCE = "licence"
    FREE = "free"


# Words that find a work by its language: "musique créole", "english film".
LANGUAGE_WORDS: Mapping[str, tuple[str, ...]] = {
    "fr": ("français", "french", "francés"),
    "gcf-MQ": ("kréyòl", "créole", "creole"),
    "en": ("anglais", "english", "inglés"),
    "es": ("espagnol", "spanish", "español"),
}

# Buckets shown as facets: the engines count values, not ranges.
DURATION_BUCKETS: tuple[tuple[str, int], ...] = (
    ("under_5m", 5 * 60),
    ("5m_30m", 30 * 60),
    ("30m_90m", 90 * 60),
)
LONGEST_BUCKET = "over_90m"
PRICE_BUCKETS: tuple[tuple[str, int], ...] = (("under_5", 500), ("5_15", 1500), ("15_50", 5000))
DEAREST_BUCKET = "over_50"


@dataclass(frozen=True)
class WorkExtras:
    """What the work itself does not say: media facts, entitlements, and later offers."""

    has_preview: bool = False
    streamable: bool = False  # ready audio or video renditions
    free: bool = False  # a free entitlement for everyone
    price_cents: int | None = None  # offers arrive with the marketplace
    buyable: bool = False
    licensable: bool = False
    territories: tuple[str, ...] = ()
    licence_types: tuple[str, ...] = ()
    # Combined territory-and-medium tokens (`CA:svod`) still available now or later.
    rights: tuple[str, ...] = ()
    duration_s: int | None = None  # from `media.ready` when the work has none yet
    # Languages of the work's versions: its other audio tracks and its subtitles (BCP 47).
    version_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchDocument:
    id: str
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    creator_id: str
    creator_name: str
    credit_names: tuple[str, ...]
    discipline: str
    tags: tuple[str, ...]
    languages: tuple[str, ...]
    commune: str | None
    year: int | None
    duration_s: int | None
    price_cents: int | None
    availability: tuple[str, ...]
    has_preview: bool
    published_at: datetime
    territories: tuple[str, ...] = ()
    licence_types: tuple[str, ...] = ()
    rights: tuple[str, ...] = ()
    version_languages: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.titles.get("fr") or next(iter(self.titles.values()), "")

    @property
    def published_ts(self) -> int:
        """Publication time in microseconds, the "newest" sort key."""
        return int(self.published_at.timestamp() * 1_000_000)

    @property
    def decade(self) -> str | None:
        return f"{self.year // 10 * 10}s" if self.year is not None else None

    @property
    def duration_bucket(self) -> str | None:
        return _bucket(self.duration_s, DURATION_BUCKETS, LONGEST_BUCKET)

    @property
    def price_bucket(self) -> str | None:
        return _bucket(self.price_cents, PRICE_BUCKETS, DEAREST_BUCKET)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe primitives (written by hand: `dataclasses.asdict` deep-copies, slowly)."""
        return {
            "id": self.id,
            "titles": dict(self.titles),
            "descriptions": dict(self.descriptions),
            "creator_id": self.creator_id,
            "creator_name": self.creator_name,
            "credit_names": list(self.credit_names),
            "discipline": self.discipline,
            "tags": list(self.tags),
            "languages": list(self.languages),
            "commune": self.commune,
            "year": self.year,
            "duration_s": self.duration_s,
            "price_cents": self.price_cents,
            "availability": list(self.availability),
            "has_preview": self.has_preview,
            "published_at": self.published_at.isoformat(),
            "territories": list(self.territories),
            "licence_types": list(self.licence_types),
            "rights": list(self.rights),
            "version_languages": list(self.version_languages),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SearchDocument:
        published = datetime.fromisoformat(data["published_at"])
        return cls(
            id=data["id"],
            titles=dict(data["titles"]),
            descriptions=dict(data.get("descriptions") or {}),
            creator_id=data["creator_id"],
            creator_name=data["creator_name"],
            credit_names=tuple(data.get("credit_names") or ()),
            discipline=data["discipline"],
            tags=tuple(data.get("tags") or ()),
            languages=tuple(data.get("languages") or ()),
            commune=data.get("commune"),
            year=data.get("year"),
            duration_s=data.get("duration_s"),
            price_cents=data.get("price_cents"),
            availability=tuple(data.get("availability") or ()),
            has_preview=bool(data.get("has_preview")),
            published_at=published if published.tzinfo else published.replace(tzinfo=UTC),
            territories=tuple(data.get("territories") or ()),
            licence_types=tuple(data.get("licence_types") or ()),
            rights=tuple(data.get("rights") or ()),
            version_languages=tuple(data.get("version_languages") or ()),
        )

    def view(self, partner: bool) -> dict[str, Any]:
        """What a client sees: the audience view leaves out the rights fields. The combined
        `CA:svod` tokens are for filtering only (a world-wide mandate makes hundreds)."""
        shown = self.to_dict()
        shown.pop("rights")
        if not partner:
            shown.pop("territories")
            shown.pop("licence_types")
        return shown


def _bucket(value: int | None, bounds: Sequence[tuple[str, int]], last: str) -> str | None:
    if value is None:
        return None
    for name, upper in bounds:
        if value < upper:
            return name
    return last


def is_listed(work: Work) -> bool:
    return work.status is WorkStatus.PUBLISHED and work.details.visibility is Visibility.PUBLIC


def tags_for(discipline: Discipline, languages: Sequence[str]) -> tuple[str, ...]:
    """Words that find a work whatever the searcher's language: the discipline's code, its
    French label and the label in every interface language, and its languages' names."""
    label = DISCIPLINE_LABELS[discipline]
    found = [discipline.value, label]
    for interface in LANGUAGES:
        with activated(interface.tag):
            found.append(gettext(label))
    for language in languages:
        found.extend(LANGUAGE_WORDS.get(language, ()))
    return tuple(dict.fromkeys(found))


def availability_of(extras: WorkExtras) -> tuple[str, ...]:
    flags = (
        (Availability.BUY, extras.buyable),
        (Availability.STREAM, extras.streamable),
        (Availability.LICENCE, extras.licensable),
        (Availability.FREE, extras.free),
    )
    return tuple(flag.value for flag, on in flags if on)


def build_document(
    work: Work, creator: CreatorProfile, extras: WorkExtras | None = None
) -> SearchDocument | None:
    """The document of a listed work, or None when the work must not be searchable."""
    if not is_listed(work) or work.published_at is None:
        return None
    extras = extras or WorkExtras()
    details = work.details
    return SearchDocument(
        id=str(work.id),
        titles=dict(details.titles),
        descriptions=dict(details.descriptions),
        creator_id=str(creator.id),
        creator_name=creator.name,
        credit_names=tuple(dict.fromkeys(credit.name for credit in details.credits)),
        discipline=details.discipline.value,
        tags=tags_for(details.discipline, details.languages),
        languages=tuple(details.languages),
        # The registry's name when the commune is known, so spellings share one facet value.
        commune=creator.commune_name or creator.commune,
        year=details.year,
        duration_s=details.duration_s or extras.duration_s,
        price_cents=extras.price_cents,
        availability=availability_of(extras),
        has_preview=extras.has_preview,
        published_at=work.published_at,
        territories=tuple(extras.territories),
        licence_types=tuple(extras.licence_types),
        rights=tuple(extras.rights),
        version_languages=tuple(extras.version_languages),
    )


# Facet name -> the document field both engines count for it.
FACET_FIELDS: dict[str, str] = {
    "discipline": "discipline",
    "language": "languages",
    "commune": "commune",
    "availability": "availability",
    "has_preview": "has_preview",
    "decade": "decade",
    "duration": "duration_bucket",
    "price": "price_bucket",
    "territory": "territories",
    "licence_type": "licence_types",
    "version_language": "version_languages",
}
