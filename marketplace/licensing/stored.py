"""How availability is stored: per work and medium, a JSON list of spans whose country set is
a hexadecimal bit mask (each country's bit fixed by `territories.json`'s `country_order`), with
the first and last day offered kept beside it so a database can discard works before any JSON
is read. Small rows are what a search's period check reads by the thousand. Pure Python."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from functools import cache, lru_cache
from typing import Any

from marketplace.licensing.domain import OPEN_END, Period, Span, Status
from marketplace.licensing.territories import territories


@cache
def _bits() -> dict[str, int]:
    return {code: index for index, code in enumerate(territories().order)}


def country_mask(countries: Iterable[str]) -> str:
    bits = _bits()
    mask = 0
    for country in countries:
        mask |= 1 << bits[country]
    return format(mask, "x")


@lru_cache(maxsize=8192)
def mask_countries(mask: str) -> frozenset[str]:
    """The countries of a mask; cached, as the same territories come back on many works."""
    order = territories().order
    bits = bin(int(mask, 16))[:1:-1]  # lowest bit first
    return frozenset(order[index] for index, bit in enumerate(bits) if bit == "1")


def span_json(span: Span) -> dict[str, Any]:
    return {
        "language": span.language,
        "start": span.period.start.isoformat(),
        "stop": span.period.stop.isoformat(),
        "status": span.status.value,
        "countries": country_mask(span.countries),
    }


def offered_bounds(spans: Sequence[Span]) -> tuple[date, date]:
    """The first day offered and the day after the last, over the spans not licensed (an
    empty period, far in the future, when nothing is offered)."""
    offered = [span.period for span in spans if span.status is not Status.LICENSED]
    if not offered:
        return OPEN_END, OPEN_END
    return min(p.start for p in offered), max(p.stop for p in offered)


def _items(raw: Any) -> list[dict[str, Any]]:
    return json.loads(raw) if isinstance(raw, str | bytes) else list(raw)


def _span(medium: str, item: dict[str, Any], countries: frozenset[str]) -> Span:
    period = Period(date.fromisoformat(item["start"]), date.fromisoformat(item["stop"]))
    return Span(medium, item["language"], period, Status(item["status"]), countries)


def spans_from(medium: str, raw: Any) -> list[Span]:
    return [_span(medium, item, mask_countries(item["countries"])) for item in _items(raw)]


def spans_in(medium: str, raw: Any, countries: Iterable[str], period: Period) -> list[Span]:
    """Only the spans meeting `period` in one of `countries`, each narrowed to those countries:
    all the period check needs, without decoding every span's country set."""
    bits = _bits()
    wanted = [(country, bits[country]) for country in countries]
    start, stop = period.start.isoformat(), period.stop.isoformat()
    found = []
    for item in _items(raw):
        # ISO dates compare as strings.
        if not (item["start"] < stop and start < item["stop"]):
            continue
        mask = int(item["countries"], 16)
        present = frozenset(country for country, bit in wanted if mask >> bit & 1)
        if present:
            found.append(_span(medium, item, present))
    return found
