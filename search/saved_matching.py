"""Saved searches' matching, the search side of `marketplace.partners.saved_searches.ports`.

A saved search is checked by the search API's own parser (same parameters, same error codes),
and a work is matched against the document search would index for it now, built from the
database (not read from the index, which another worker may not have updated yet). Filters are
the engines' filters term for term (`Filters.term_sets`, ranges, `has_preview`). Words match as
every engine matches them when typed in full: folded, with the Creole spelling variants and a
light stem; what an interactive search adds for people typing — typos and the last word's
prefix — a saved search does not, so it never widens by a misspelling.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from infra.errors import InvalidInput
from infra.text import fold, words
from marketplace.partners.saved_searches.domain import Criteria
from search.documents import SearchDocument
from search.params import parse_search
from search.port import Filters, SearchQuery, View
from search.source import WorkSource
from search.text import MAX_WORDS, STOPWORDS, light_stem, variants


def _query(criteria: Criteria) -> SearchQuery:
    params: dict[str, list[str]] = {name: list(v) for name, v in criteria.filters.items()}
    if criteria.text:
        params["q"] = [criteria.text]
    return parse_search(params, View.PARTNER)


def _document_values(document: SearchDocument, field: str) -> set[str]:
    single = {
        "discipline": document.discipline,
        "commune_key": fold(document.commune).strip() if document.commune else None,
    }
    if field in single:
        value = single[field]
        return {value} if value else set()
    return set(getattr(document, field))


def filters_met(filters: Filters, document: SearchDocument) -> bool:
    for field, wanted in filters.term_sets():
        if not _document_values(document, field) & set(wanted):
            return False
    if filters.has_preview is not None and document.has_preview != filters.has_preview:
        return False
    for value, bounds in (
        (document.year, filters.year),
        (document.duration_s, filters.duration_s),
        (document.price_cents, filters.price_cents),
    ):
        if bounds.is_open:
            continue
        if value is None:
            return False
        if (bounds.low is not None and value < bounds.low) or (
            bounds.high is not None and value > bounds.high
        ):
            return False
    return True


def _document_words(document: SearchDocument) -> set[str]:
    text = " ".join(
        (
            *document.titles.values(),
            *document.descriptions.values(),
            document.creator_name,
            *document.credit_names,
            *document.tags,
        )
    )
    found = set(words(text))
    return found | {light_stem(word) for word in found}


def text_met(text: str, document: SearchDocument) -> bool:
    """Every meaningful word of the text (all of them when all are stopwords) is in the work."""
    typed = words(text)[:MAX_WORDS]
    needed = [word for word in typed if word not in STOPWORDS] or typed
    if not needed:
        return True
    known = _document_words(document)
    return all(any(v in known or light_stem(v) in known for v in variants(word)) for word in needed)


class DocumentMatcher:
    """Adapts the search context to the saved searches' port."""

    def __init__(self, source: WorkSource) -> None:
        self._source = source

    def checked(self, criteria: Criteria) -> Criteria:
        _query(criteria)  # raises the search API's own 4xx for a bad parameter
        filters = {
            name: tuple(dict.fromkeys(v.strip() for v in values if v.strip()))
            for name, values in criteria.filters.items()
        }
        return Criteria(criteria.text.strip(), {k: v for k, v in filters.items() if v})

    async def matching(self, work_id: UUID, criteria: Sequence[Criteria]) -> list[bool]:
        document = await self._source.document(work_id)
        if document is None:
            return [False] * len(criteria)
        found = []
        for one in criteria:
            try:
                query = _query(one)
            except InvalidInput:  # saved under older rules: it matches nothing now
                found.append(False)
                continue
            found.append(filters_met(query.filters, document) and text_met(query.text, document))
        return found
