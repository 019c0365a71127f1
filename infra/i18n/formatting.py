"""Money, numbers, dates and times as CLDR writes them in the active language (Babel).

Amounts are integer cents and never pass through a float; times are shown in the active time
zone (America/Martinique unless the person chose another).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_currency, format_decimal

from infra.i18n.context import language_var, time_zone_var
from infra.i18n.languages import BY_TAG, SOURCE

MAX_ZONE_CHARS = 64


def _locale(tag: str | None = None) -> str:
    return BY_TAG.get(tag or language_var.get(), BY_TAG[SOURCE]).formats


def money(cents: int, currency: str = "EUR", tag: str | None = None) -> str:
    """8,00 € (French and Creole), €8.00 (English), 8.00 euros (Latin American Spanish, whose
    CLDR form `EUR8.00` reads as a code rather than an amount)."""
    amount = Decimal(int(cents)) / 100
    locale = _locale(tag)
    if locale.startswith("es"):
        return format_currency(amount, currency, locale=locale, format_type="name")
    return format_currency(amount, currency, locale=locale)


def number(value: int | float | Decimal, tag: str | None = None) -> str:
    return format_decimal(value, locale=_locale(tag))


def rate(basis_points: int, tag: str | None = None) -> str:
    """A rate in basis points: 8,5 % in French, 8.5% in English."""
    locale = _locale(tag)
    value = format_decimal(Decimal(int(basis_points)) / 100, locale=locale)
    return f"{value}\u00a0%" if locale.startswith("fr") else f"{value}%"


def amount_input(cents: int | None, tag: str | None = None) -> str:
    """Cents as an amount a person edits: 5,00 in French and Creole, 5.00 otherwise."""
    if cents is None:
        return ""
    units, rest = divmod(int(cents), 100)
    separator = "," if _locale(tag).startswith("fr") else "."
    return f"{units}{separator}{rest:02d}"


# Offered in the footer: Martinique first, then where Lakou's audiences and partners live; any
# other IANA zone can still be chosen with `?tz=`.
COMMON_TIME_ZONES = (
    "America/Martinique",
    "America/Guadeloupe",
    "America/Cayenne",
    "Europe/Paris",
    "Indian/Reunion",
    "America/Port_of_Spain",
    "America/Santo_Domingo",
    "America/Havana",
    "America/Bogota",
    "America/Mexico_City",
    "America/Toronto",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Africa/Dakar",
    "UTC",
)


def time_zone_choices(current: str) -> list[str]:
    return (
        list(COMMON_TIME_ZONES) if current in COMMON_TIME_ZONES else [current, *COMMON_TIME_ZONES]
    )


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_time_zone(name: str | None) -> str | None:
    if not name or len(name) > MAX_ZONE_CHARS:
        return None
    return name if name in _zones() else None


def _as_datetime(value: date | datetime | str) -> date | datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value


def local_date(value: date | datetime | str | None, fmt: str = "long") -> str:
    """A date as people write it: 6 décembre 2026, December 6, 2026, 6 de diciembre de 2026."""
    if value is None:
        return ""
    value = _as_datetime(value)
    if isinstance(value, datetime):
        value = _in_zone(value).date()
    return babel_format_date(value, format=fmt, locale=_locale())


def local_datetime(value: datetime | str | None, fmt: str = "medium") -> str:
    """A moment in the active time zone (America/Martinique by default)."""
    if value is None:
        return ""
    moment = _as_datetime(value)
    if not isinstance(moment, datetime):
        return local_date(moment)
    return babel_format_datetime(_in_zone(moment), format=fmt, locale=_locale())


def _in_zone(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(time_zone_var.get()))


def duration(seconds: float | None) -> str:
    """3:07 or 1:02:03: the same in every language."""
    if not seconds:
        return ""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
