"""Rights held (mandates), rights already licensed (windows) and what is left: availability.
Pure Python.

A cell is one country by one medium by one language version by one day. A mandate makes its cells
offerable (exclusively when the mandate is exclusive); a licensed window uses them up: an
exclusive window blocks every overlapping window, a non-exclusive one blocks a new exclusive
one but not another non-exclusive one. Availability is computed by sweeping the period
boundaries, with country sets (not single countries) for each elementary interval.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

# Language version "all": a mandate or window covering every version of the work.
ALL_LANGUAGES = "*"
# A period without an end stops on this (exclusive) day.
OPEN_END = date(9999, 12, 31)


class Status(StrEnum):
    EXCLUSIVE = "exclusive"  # free: an exclusive (or a non-exclusive) licence may be granted
    NON_EXCLUSIVE = "non_exclusive"  # partly available: only non-exclusive licences
    LICENSED = "licensed"  # held by an exclusive licence: nothing more


@dataclass(frozen=True)
class Period:
    """Half-open: from `start` (included) to `stop` (excluded)."""

    start: date
    stop: date

    @classmethod
    def inclusive(cls, starts_on: date, ends_on: date | None) -> Period:
        return cls(starts_on, OPEN_END if ends_on is None else ends_on + timedelta(days=1))

    def overlaps(self, other: Period) -> bool:
        return self.start < other.stop and other.start < self.stop

    @property
    def ends_on(self) -> date | None:
        return None if self.stop == OPEN_END else self.stop - timedelta(days=1)


@dataclass(frozen=True)
class Grant:
    """What a mandate or a window covers, once its territory and period are resolved."""

    medium: str
    language: str
    countries: frozenset[str]
    period: Period
    exclusive: bool

    def meets(self, other: Grant) -> bool:
        """Whether the two share at least one cell."""
        return (
            self.medium == other.medium
            and languages_meet(self.language, other.language)
            and self.period.overlaps(other.period)
            and not self.countries.isdisjoint(other.countries)
        )


def languages_meet(first: str, second: str) -> bool:
    return ALL_LANGUAGES in (first, second) or first == second


@dataclass(frozen=True)
class Span:
    """Countries with one status over one period, for one medium and language version."""

    medium: str
    language: str
    period: Period
    status: Status
    countries: frozenset[str]


@dataclass(frozen=True)
class MandateRecord:
    id: UUID
    work_id: UUID
    grant: Grant
    territory: str  # the expression as declared
    signatory_id: UUID  # the rights holder who signs and invoices
    relative: tuple[int, int | None] | None  # (days after release, length in days)
    # The Lakou organisation that holds the mandate (a producer, a label, a publisher): its
    # members answer the deals asked under it. None: the person who declared it.
    holder_org_id: UUID | None = None


def relative_period(release: date | None, offset_days: int, length_days: int | None) -> Period:
    """A period counted from the work's release; None release: not yet (an empty period)."""
    if release is None:
        return Period(OPEN_END, OPEN_END)
    start = release + timedelta(days=offset_days)
    stop = OPEN_END if length_days is None else start + timedelta(days=length_days)
    return Period(start, stop)


def availability(mandates: Sequence[Grant], windows: Sequence[Grant]) -> list[Span]:
    """Every mandated cell with its status, as spans per medium and mandate language."""
    spans: list[Span] = []
    keys = sorted({(grant.medium, grant.language) for grant in mandates})
    for medium, language in keys:
        held = [m for m in mandates if (m.medium, m.language) == (medium, language)]
        used = [w for w in windows if w.medium == medium and languages_meet(w.language, language)]
        spans += _sweep(medium, language, held, used)
    return spans


def _sweep(medium: str, language: str, held: list[Grant], used: list[Grant]) -> list[Span]:
    bounds = sorted({g.period.start for g in held + used} | {g.period.stop for g in held + used})
    spans: list[Span] = []
    open_spans: dict[Status, Span] = {}
    for start, stop in itertools.pairwise(bounds):
        mandated: set[str] = set()
        exclusive_ok: set[str] = set()
        for grant in held:
            if grant.period.start <= start and stop <= grant.period.stop:
                mandated |= grant.countries
                if grant.exclusive:
                    exclusive_ok |= grant.countries
        licensed: set[str] = set()
        shared: set[str] = set()
        for grant in used:
            if grant.period.start <= start and stop <= grant.period.stop:
                (licensed if grant.exclusive else shared).update(grant.countries)
        statuses = {
            Status.LICENSED: mandated & licensed,
            Status.NON_EXCLUSIVE: (mandated - licensed) & (shared | (mandated - exclusive_ok)),
        }
        statuses[Status.EXCLUSIVE] = mandated - licensed - statuses[Status.NON_EXCLUSIVE]
        for status, countries in statuses.items():
            previous = open_spans.get(status)
            # Adjacent intervals with the same countries and status become one span.
            if (
                previous is not None
                and previous.period.stop == start
                and (previous.countries == countries)
            ):
                open_spans[status] = Span(
                    medium,
                    language,
                    Period(previous.period.start, stop),
                    status,
                    previous.countries,
                )
                continue
            if previous is not None:
                spans.append(previous)
                del open_spans[status]
            if countries:
                open_spans[status] = Span(
                    medium, language, Period(start, stop), status, frozenset(countries)
                )
    spans += open_spans.values()
    return sorted(spans, key=lambda s: (s.period.start, s.status.value))


class Refusal(StrEnum):
    OUTSIDE_MANDATE = "outside_mandate"
    EXCLUSIVE_CONFLICT = "exclusive_conflict"


def refusal(window: Grant, mandates: Sequence[Grant], windows: Iterable[Grant]) -> Refusal | None:
    """Why `window` cannot be licensed next to the existing ones, or None when it can.

    Every cell must be mandated (exclusively, for an exclusive window); an exclusive window
    meets no existing window; a non-exclusive one meets no existing exclusive window."""
    if not _mandated(window, mandates):
        return Refusal.OUTSIDE_MANDATE
    for existing in windows:
        if existing.meets(window) and (window.exclusive or existing.exclusive):
            return Refusal.EXCLUSIVE_CONFLICT
    return None


def _mandated(window: Grant, mandates: Sequence[Grant]) -> bool:
    """Whether mandates (of the window's language, or of all languages) cover every cell."""
    fitting = [
        m
        for m in mandates
        if m.medium == window.medium
        and m.language in (window.language, ALL_LANGUAGES)
        and (m.exclusive or not window.exclusive)
    ]
    cuts = sorted(
        {window.period.start, window.period.stop}
        | {
            day
            for m in fitting
            for day in (m.period.start, m.period.stop)
            if window.period.start < day < window.period.stop
        }
    )
    for start, stop in itertools.pairwise(cuts):
        covered: set[str] = set()
        for m in fitting:
            if m.period.start <= start and stop <= m.period.stop:
                covered |= m.countries
        if not window.countries <= covered:
            return False
    return True


def available_for(
    spans: Iterable[Span], country: str, medium: str, period: Period
) -> Status | None:
    """The best a new licence for one country over `period` can be (the post-retrieval check):
    None when no language version is mandated there for every day of the period, else the
    weakest status met, for the language version that does best."""
    total = (period.stop - period.start).days
    covered: dict[str, int] = {}
    worst: dict[str, int] = {}
    order = list(Status)
    for span in spans:
        if span.medium != medium or country not in span.countries:
            continue
        if not span.period.overlaps(period):
            continue
        start, stop = max(span.period.start, period.start), min(span.period.stop, period.stop)
        # Within one medium and language, spans of different statuses never share a cell.
        covered[span.language] = covered.get(span.language, 0) + (stop - start).days
        worst[span.language] = max(worst.get(span.language, 0), order.index(span.status))
    fitting = [worst[language] for language, days in covered.items() if days >= total > 0]
    return order[min(fitting)] if fitting else None
