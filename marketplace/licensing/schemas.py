"""What the licensing API reads and answers."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec

from marketplace.licensing.domain import ALL_LANGUAGES, MandateRecord, Span
from marketplace.licensing.repository import WindowRecord


class MandateIn(msgspec.Struct, kw_only=True):
    medium: str
    territory: str  # "world -FR", "caricom french_antilles", "CA US"
    signatory_id: UUID  # a rights holder of the work's split sheet
    exclusive: bool = False
    language: str = ALL_LANGUAGES
    starts_on: date | None = None
    ends_on: date | None = None  # inclusive; none: no end
    release_offset_days: int | None = None  # or counted from the work's release
    length_days: int | None = None
    # The organisation holding the mandate (one the caller acts for); none: the caller.
    holder_org_id: UUID | None = None


class MandateOut(msgspec.Struct):
    id: UUID
    medium: str
    language: str
    territory: str
    countries: list[str]
    starts_on: date | None
    ends_on: date | None
    release_offset_days: int | None
    length_days: int | None
    exclusive: bool
    signatory_id: UUID
    holder_org_id: UUID | None


class WindowIn(msgspec.Struct, kw_only=True):
    medium: str
    territory: str
    starts_on: date
    ends_on: date | None = None
    exclusive: bool = False
    language: str = ALL_LANGUAGES
    licensee: str


class WindowOut(msgspec.Struct):
    id: UUID
    medium: str
    language: str
    territory: str
    countries: list[str]
    starts_on: date
    ends_on: date | None
    exclusive: bool
    licensee: str
    deal_id: UUID | None


class SpanOut(msgspec.Struct):
    medium: str
    language: str
    starts_on: date
    ends_on: date | None
    status: str  # exclusive, non_exclusive (partly available), licensed
    countries: list[str]


class AvailabilityOut(msgspec.Struct):
    work_id: UUID
    spans: list[SpanOut]


class CountryStatusOut(msgspec.Struct):
    country: str
    status: str | None  # None: not available there for the whole period


class WorkAvailabilityOut(msgspec.Struct):
    work_id: UUID
    overall: str  # available, partly_available, licensed (or not offered)
    countries: list[CountryStatusOut]


def mandate_out(mandate: MandateRecord) -> MandateOut:
    grant = mandate.grant
    relative = mandate.relative
    return MandateOut(
        id=mandate.id,
        medium=grant.medium,
        language=grant.language,
        territory=mandate.territory,
        countries=sorted(grant.countries),
        starts_on=None if relative else grant.period.start,
        ends_on=None if relative else grant.period.ends_on,
        release_offset_days=relative[0] if relative else None,
        length_days=relative[1] if relative else None,
        exclusive=grant.exclusive,
        signatory_id=mandate.signatory_id,
        holder_org_id=mandate.holder_org_id,
    )


def window_out(window: WindowRecord) -> WindowOut:
    grant = window.grant
    return WindowOut(
        window.id,
        grant.medium,
        grant.language,
        window.territory,
        sorted(grant.countries),
        grant.period.start,
        grant.period.ends_on,
        grant.exclusive,
        window.licensee,
        window.deal_id,
    )


def span_out(span: Span) -> SpanOut:
    return SpanOut(
        span.medium,
        span.language,
        span.period.start,
        span.period.ends_on,
        span.status.value,
        sorted(span.countries),
    )
