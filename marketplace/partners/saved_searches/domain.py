"""Saved searches of partner organisations: what they ask for, and when a work matches. Pure.

A saved search is the catalogue search a partner would run (`text` and the search API's
filters, rights included: `territory=CA&licence_type=svod` means the combined `CA:svod` token,
available now or later), plus an optional period over which the rights must be offered for
the whole time in one of those countries and media (licensing's post-retrieval check).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

MAX_NAME_LENGTH = 100
# Per organisation: each one is evaluated for every newly published or re-offered work.
MAX_SAVED_SEARCHES = 20
# The search API's parameters a saved search may carry (paging and sorting mean nothing here).
FILTER_NAMES = (
    "discipline",
    "language",
    "commune",
    "availability",
    "territory",
    "licence_type",
    "version_language",
    "has_preview",
    "year_min",
    "year_max",
    "duration_min",
    "duration_max",
    "price_min",
    "price_max",
)


@dataclass(frozen=True)
class Criteria:
    """What a work must be: the search's words and filters (search API names and values)."""

    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def values(self, name: str) -> tuple[str, ...]:
        return tuple(self.filters.get(name, ()))


@dataclass(frozen=True)
class RightsPeriod:
    """The days (inclusive) a match's rights must be offered, every one of them."""

    starts_on: date
    ends_on: date | None = None


@dataclass(frozen=True)
class SavedSearch:
    id: UUID
    organisation_id: UUID
    name: str
    criteria: Criteria
    period: RightsPeriod | None
    created_by: UUID | None
    created_at: datetime
    matches: int = 0
    last_matched_at: datetime | None = None
    # What a new match does besides being recorded (the page's two switches).
    notify_members: bool = True
    send_webhooks: bool = True


def clean_name(raw: str) -> str | None:
    """The name with its spaces folded, or None when empty, too long or with control chars."""
    name = " ".join(raw.split())
    if not name or len(name) > MAX_NAME_LENGTH or any(ord(c) < 32 for c in raw if c != " "):
        return None
    return name


def unknown_filters(filters: Mapping[str, object]) -> list[str]:
    return sorted(str(name)[:40] for name in filters if name not in FILTER_NAMES)


def rights_pairs(criteria: Criteria) -> list[tuple[str, str]]:
    """The (country, medium) pairs a period is checked over: each territory by each type."""
    return [(t, m) for t in criteria.values("territory") for m in criteria.values("licence_type")]
