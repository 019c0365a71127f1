"""The search index port, and the validated queries and results that cross it. Pure Python.

A `SearchQuery` can only exist valid: its constructor checks every part (text length, known
facet values, ranges with min <= max, page and page size), so an adapter never sees a raw client
string other than the free text, which adapters only ever split into plain words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from infra.errors import Forbidden, InvalidInput
from infra.text import fold
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.languages import SUPPORTED_LANGUAGES
from marketplace.catalogue.values import EARLIEST_YEAR, MAX_DURATION_S
from search.documents import Availability, SearchDocument
from search.errors import SearchErrors

MAX_TEXT = 200
MAX_PAGE_SIZE = 50
# Deep pages cost every engine more; past this many results, refine the query instead.
MAX_RESULT_WINDOW = 1000
MAX_VALUES_PER_FACET = 20
MAX_SUGGESTIONS = 10
LATEST_YEAR = 2100
MAX_PRICE_CENTS = 100_000_000


class SearchError(InvalidInput):
    """A search parameter a client got wrong; `code` says which rule."""


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"


class View(StrEnum):
    AUDIENCE = "audience"
    PARTNER = "partner"  # export partners and staff: rights fields and rights filters


# Facets counted for every query, and the rights facets only the partner view gets.
FACETS: tuple[str, ...] = (
    "discipline",
    "language",
    "commune",
    "availability",
    "has_preview",
    "decade",
    "duration",
    "price",
    "version_language",
)
PARTNER_FACETS: tuple[str, ...] = ("territory", "licence_type")
# Numeric fields whose minimum and maximum come with every result.
STATS: tuple[str, ...] = ("year", "duration_s", "price_cents")


@dataclass(frozen=True)
class IntRange:
    """An inclusive range; either end may be open."""

    low: int | None = None
    high: int | None = None

    def check(self, name: str, minimum: int, maximum: int) -> None:
        for end in (self.low, self.high):
            if end is not None and not minimum <= end <= maximum:
                raise SearchError(SearchErrors.INVALID_RANGE, name=name, min=minimum, max=maximum)
        if self.low is not None and self.high is not None and self.low > self.high:
            raise SearchError(SearchErrors.INVERTED_RANGE, name=name, low=self.low, high=self.high)

    @property
    def is_open(self) -> bool:
        return self.low is None and self.high is None


def _values(name: str, values: Sequence[str], allowed: Sequence[str] | None) -> tuple[str, ...]:
    if len(values) > MAX_VALUES_PER_FACET:
        raise SearchError(SearchErrors.TOO_MANY_VALUES, name=name, max=MAX_VALUES_PER_FACET)
    for value in values:
        if allowed is not None and value not in allowed:
            shown = value[:40]
            raise SearchError(
                SearchErrors.VALUE_NOT_ALLOWED,
                name=name,
                value=repr(shown),
                allowed=", ".join(allowed),
            )
        if allowed is None and not 1 <= len(value) <= 100:
            raise SearchError(SearchErrors.VALUE_LENGTH, name=name)
    return tuple(dict.fromkeys(values))


@dataclass(frozen=True)
class Filters:
    """Facet filters: values of one facet are alternatives (OR); facets combine with AND."""

    disciplines: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    availability: tuple[str, ...] = ()
    has_preview: bool | None = None
    year: IntRange = IntRange()
    duration_s: IntRange = IntRange()
    price_cents: IntRange = IntRange()
    # Partner view only.
    territories: tuple[str, ...] = ()
    licence_types: tuple[str, ...] = ()
    # Works with an audio track or subtitles in one of these languages (BCP 47, normalised).
    version_languages: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _values("discipline", self.disciplines, [d.value for d in Discipline])
        _values("language", self.languages, SUPPORTED_LANGUAGES)
        _values("commune", self.communes, None)
        _values("availability", self.availability, [a.value for a in Availability])
        _values("territory", self.territories, None)
        _values("licence_type", self.licence_types, None)
        _values("version_language", self.version_languages, None)
        for territory in self.territories:
            if not (len(territory) == 2 and territory.isascii() and territory.isupper()):
                raise SearchError(SearchErrors.TERRITORY)
        self.year.check("year", EARLIEST_YEAR, LATEST_YEAR)
        self.duration_s.check("duration", 0, MAX_DURATION_S)
        self.price_cents.check("price", 0, MAX_PRICE_CENTS)

    def term_sets(self) -> list[tuple[str, tuple[str, ...]]]:
        """(indexed field, wanted values) for each facet filtered by a set of values."""
        pairs = (
            ("discipline", self.disciplines),
            ("languages", self.languages),
            ("commune_key", self.commune_keys),
            ("availability", self.availability),
            *self._rights_terms(),
            ("version_languages", self.version_languages),
        )
        return [(field, values) for field, values in pairs if values]

    def _rights_terms(self) -> list[tuple[str, tuple[str, ...]]]:
        """A territory and a licence type together must be available together: the combined
        `CA:svod` tokens, not the country in one medium and the medium in another country."""
        if self.territories and self.licence_types:
            combined = (f"{t}:{m}" for t in self.territories for m in self.licence_types)
            return [("rights", tuple(combined))]
        return [("territories", self.territories), ("licence_types", self.licence_types)]

    @property
    def uses_rights(self) -> bool:
        return bool(self.territories or self.licence_types)

    @property
    def commune_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fold(commune).strip() for commune in self.communes))


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    page_size: int = 20
    view: View = View.AUDIENCE

    def __post_init__(self) -> None:
        if len(self.text) > MAX_TEXT:
            raise SearchError(SearchErrors.QUERY_TOO_LONG, max=MAX_TEXT, length=len(self.text))
        if "\x00" in self.text:
            raise SearchError(SearchErrors.NUL_IN_QUERY)
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise SearchError(SearchErrors.INVALID_PAGE_SIZE, max=MAX_PAGE_SIZE)
        if self.page < 1 or self.page * self.page_size > MAX_RESULT_WINDOW:
            raise SearchError(SearchErrors.PAGE_TOO_DEEP, max=MAX_RESULT_WINDOW)
        if self.filters.uses_rights and self.view is not View.PARTNER:
            raise Forbidden(SearchErrors.PARTNER_ONLY)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def has_text(self) -> bool:
        return any(char.isalnum() for char in self.text)

    @property
    def effective_sort(self) -> Sort:
        # Without words there is nothing to rank by: newest first.
        if self.sort is Sort.RELEVANCE and not self.has_text:
            return Sort.NEWEST
        return self.sort

    @property
    def facets(self) -> tuple[str, ...]:
        return FACETS + PARTNER_FACETS if self.view is View.PARTNER else FACETS


@dataclass(frozen=True)
class SearchResults:
    hits: tuple[SearchDocument, ...]
    total: int
    # facet -> value -> number of matching works
    facets: Mapping[str, Mapping[str, int]]
    # numeric field -> (min, max) over the matching works that have it
    stats: Mapping[str, tuple[int, int]]


@dataclass(frozen=True)
class Suggestion:
    id: str
    title: str
    creator_name: str


class IndexBuild(Protocol):
    """A new index filled beside the live one, then swapped in at once."""

    async def add(self, documents: Sequence[SearchDocument]) -> None: ...

    async def publish(self) -> None:
        """Make the new index the live one (atomically), and drop the old one."""
        ...

    async def discard(self) -> None: ...


class SearchIndex(Protocol):
    """A search engine holding `SearchDocument`s. Writes are searchable when they return."""

    async def upsert(self, documents: Sequence[SearchDocument]) -> None: ...

    async def delete(self, ids: Sequence[str]) -> None: ...

    async def search(self, query: SearchQuery) -> SearchResults: ...

    async def suggest(self, prefix: str, limit: int) -> list[Suggestion]: ...

    async def get(self, document_id: str) -> SearchDocument | None: ...

    async def count(self) -> int: ...

    async def rebuild(self) -> IndexBuild: ...

    async def ping(self) -> None:
        """Raise when the engine cannot be used."""
        ...

    def close(self) -> None: ...
