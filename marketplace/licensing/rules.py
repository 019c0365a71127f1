"""Checks on what a client sends: mediums, languages, territories, periods. Each failure is a
4xx with the module's code, raised before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from infra.errors import InvalidInput
from marketplace.catalogue.languages import SUPPORTED_LANGUAGES
from marketplace.licensing.domain import ALL_LANGUAGES, Period
from marketplace.licensing.errors import LicensingError
from marketplace.licensing.media import Medium
from marketplace.licensing.territories import UnknownTerritory, resolve

LANGUAGES = (ALL_LANGUAGES, *SUPPORTED_LANGUAGES)
MAX_DAYS = 36_500
# Dates a rights period may name (the end is stored as the next day: 9999-12-31 overflows).
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


@dataclass(frozen=True)
class MandateInput:
    medium: str
    territory: str
    exclusive: bool
    signatory_id: UUID
    language: str = ALL_LANGUAGES
    starts_on: date | None = None
    ends_on: date | None = None
    release_offset_days: int | None = None
    length_days: int | None = None
    holder_org_id: UUID | None = None  # an organisation the declarer acts for


def medium(raw: str) -> str:
    try:
        return Medium(raw).value
    except ValueError:
        allowed = ", ".join(m.value for m in Medium)
        raise InvalidInput(
            LicensingError.UNKNOWN_MEDIUM, medium=repr(raw[:40]), allowed=allowed
        ) from None


def language(raw: str) -> str:
    if raw not in LANGUAGES:
        raise InvalidInput(
            LicensingError.UNKNOWN_LANGUAGE, language=repr(raw[:40]), allowed=", ".join(LANGUAGES)
        )
    return raw


def countries(expression: str) -> frozenset[str]:
    try:
        found = resolve(expression[:2000])
    except UnknownTerritory as error:
        raise InvalidInput(LicensingError.UNKNOWN_TERRITORY, term=repr(error.term[:40])) from None
    if not found:
        raise InvalidInput(LicensingError.EMPTY_TERRITORY)
    return found


def period(starts_on: date, ends_on: date | None) -> Period:
    for day in (starts_on, ends_on):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise InvalidInput(
                LicensingError.DATE_RANGE, earliest=EARLIEST.isoformat(), latest=LATEST.isoformat()
            )
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput(
            LicensingError.INVERTED_PERIOD,
            starts_on=starts_on.isoformat(),
            ends_on=ends_on.isoformat(),
        )
    return Period.inclusive(starts_on, ends_on)


def relative(data: MandateInput) -> tuple[int, int | None] | None:
    """The (offset, length) of a period counted from the release, or None for fixed dates."""
    fixed = data.starts_on is not None
    counted = data.release_offset_days is not None
    if fixed == counted or (data.length_days is not None and not counted):
        raise InvalidInput(LicensingError.PERIOD_REQUIRED)
    if not counted:
        return None
    offset, length = data.release_offset_days or 0, data.length_days
    if not 0 <= offset <= MAX_DAYS or (length is not None and not 1 <= length <= MAX_DAYS):
        raise InvalidInput(LicensingError.INVALID_RELATIVE)
    return offset, length
