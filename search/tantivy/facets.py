"""Facet counts and numeric ranges of the works a query matches.

Counted by tantivy's aggregations (terms, and stats for min/max) over raw fast fields. The
binding exposes aggregations but not tantivy's facet collector; aggregations count multi-valued
fields (languages, availability) and give numeric min/max in the same call. They run as a second
pass, with an unscored query that matches the same works as the scored one.
"""

from __future__ import annotations

from typing import Any

import tantivy

from search.documents import FACET_FIELDS
from search.port import SearchQuery
from search.tantivy.schema import NUMBERS

# Buckets returned per facet (20 for the others).
FACET_SIZES = {"commune": 50, "decade": 30}
DEFAULT_FACET_SIZE = 20


def aggregate(
    searcher: tantivy.Searcher, compiled: tantivy.Query, query: SearchQuery
) -> tuple[dict[str, dict[str, int]], dict[str, tuple[int, int]]]:
    """The requested facets (value -> works) and the (min, max) of each number."""
    aggregations: dict[str, Any] = {
        f"f_{facet}": {
            "terms": {
                "field": FACET_FIELDS[facet],
                "size": FACET_SIZES.get(facet, DEFAULT_FACET_SIZE),
            }
        }
        for facet in query.facets
    }
    aggregations.update({f"s_{name}": {"stats": {"field": name}} for name in NUMBERS})
    answer = searcher.aggregate(compiled, aggregations)
    facets = {
        facet: {
            str(bucket["key"]): int(bucket["doc_count"])
            for bucket in answer.get(f"f_{facet}", {}).get("buckets", [])
        }
        for facet in query.facets
    }
    stats: dict[str, tuple[int, int]] = {}
    for name in NUMBERS:
        found = answer.get(f"s_{name}") or {}
        if found.get("count") and found.get("min") is not None:
            stats[name] = (int(found["min"]), int(found["max"]))
    return facets, stats
