"""The stored form of availability: country sets as bit masks that read back the same, and the
narrow read the period check uses."""

from __future__ import annotations

import json
from datetime import date

from marketplace.licensing.domain import Period, Span, Status
from marketplace.licensing.stored import (
    country_mask,
    mask_countries,
    offered_bounds,
    span_json,
    spans_from,
    spans_in,
)
from marketplace.licensing.territories import resolve


def test_country_sets_survive_the_round_trip() -> None:
    for expression in ("world", "world -FR", "french_antilles", "ZW AD"):
        countries = resolve(expression)
        assert mask_countries(country_mask(countries)) == countries


def test_spans_read_back_and_the_narrow_read_keeps_only_what_the_check_needs() -> None:
    spans = [
        Span(
            "svod", "*", Period(date(2027, 1, 1), date(2028, 1, 1)), Status.EXCLUSIVE, resolve("eu")
        ),
        Span(
            "svod", "*", Period(date(2028, 1, 1), date(2029, 1, 1)), Status.LICENSED, resolve("eu")
        ),
    ]
    raw = json.dumps([span_json(span) for span in spans])
    assert spans_from("svod", raw) == spans
    later = spans_in("svod", raw, ["MQ", "US"], Period(date(2028, 3, 1), date(2028, 4, 1)))
    assert [(s.status, s.countries) for s in later] == [(Status.LICENSED, frozenset({"MQ"}))]
    assert offered_bounds(spans) == (date(2027, 1, 1), date(2028, 1, 1))
