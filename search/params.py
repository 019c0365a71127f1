"""From the query string of `GET /api/search` to a validated `SearchQuery`. Pure Python.

Every parameter is named here; any other is refused (`unknown_facet`), so a misspelt filter
never silently widens a search. Values are checked one by one with a stable error code each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from marketplace.catalogue.languages import (
    SUPPORTED_LANGUAGES,
    UnsupportedLanguage,
    normalise_language,
)
from media.tracks.languages import normalise as normalise_tag
from search.errors import SearchErrors
from search.port import (
    MAX_SUGGESTIONS,
    MAX_TEXT,
    Filters,
    IntRange,
    SearchError,
    SearchQuery,
    Sort,
    View,
)

Params = Mapping[str, Sequence[str]]
T = TypeVar("T")

SINGLE = (
    "q",
    "year_min",
    "year_max",
    "duration_min",
    "duration_max",
    "price_min",
    "price_max",
    "has_preview",
    "sort",
    "page",
    "page_size",
)
MULTIPLE = (
    "discipline",
    "language",
    "commune",
    "availability",
    "territory",
    "licence_type",
    "version_language",
)
SEARCH_PARAMETERS = frozenset(SINGLE + MULTIPLE)
SUGGEST_PARAMETERS = frozenset({"q", "limit"})
_INTEGER = re.compile(r"^-?\d{1,12}$")
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


def _check_known(params: Params, known: frozenset[str], error: SearchErrors) -> None:
    unknown = sorted(name for name in params if name not in known)
    if unknown:
        shown = ", ".join(repr(name[:40]) for name in unknown[:5])
        raise SearchError(error, names=shown, known=", ".join(sorted(known)))


def _one(params: Params, name: str) -> str | None:
    values = params.get(name) or []
    if len(values) > 1:
        raise SearchError(SearchErrors.REPEATED_PARAMETER, name=name)
    return values[0] if values else None


def _integer(
    params: Params, name: str, error: SearchErrors = SearchErrors.NOT_A_NUMBER
) -> int | None:
    raw = _one(params, name)
    if raw is None or raw.strip() == "":
        return None
    if not _INTEGER.match(raw.strip()):
        raise SearchError(error, name=name, value=repr(raw[:20]))
    return int(raw)


def _parsed(name: str, values: Sequence[str], parse: Callable[[str], T]) -> tuple[T, ...]:
    return tuple(parse(value) for value in values if value.strip())


def _language(value: str) -> str:
    try:
        return normalise_language(value)
    except UnsupportedLanguage as error:
        raise SearchError(
            SearchErrors.UNSUPPORTED_LANGUAGE,
            value=repr(error.tag),
            allowed=", ".join(SUPPORTED_LANGUAGES),
        ) from None


def _version_language(value: str) -> str:
    tag = normalise_tag(value.strip())
    if tag is None:
        raise SearchError(SearchErrors.INVALID_VERSION_LANGUAGE, value=repr(value[:40]))
    return tag


def _has_preview(raw: str | None) -> bool | None:
    if raw is None or raw.strip() == "":
        return None
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise SearchError(SearchErrors.HAS_PREVIEW)


def _sort(raw: str | None) -> Sort:
    if raw is None or raw.strip() == "":
        return Sort.RELEVANCE
    try:
        return Sort(raw.strip().lower())
    except ValueError:
        allowed = ", ".join(sort.value for sort in Sort)
        raise SearchError(SearchErrors.INVALID_SORT, allowed=allowed) from None


def _text(raw: str | None) -> str:
    text = (raw or "").strip()
    if len(text) > MAX_TEXT:
        raise SearchError(SearchErrors.QUERY_TOO_LONG, max=MAX_TEXT, length=len(text))
    return text


def parse_search(params: Params, view: View) -> SearchQuery:
    _check_known(params, SEARCH_PARAMETERS, SearchErrors.UNKNOWN_FACET)
    filters = Filters(
        disciplines=_parsed("discipline", params.get("discipline", ()), str.strip),
        languages=_parsed("language", params.get("language", ()), _language),
        communes=_parsed("commune", params.get("commune", ()), str.strip),
        availability=_parsed("availability", params.get("availability", ()), str.strip),
        has_preview=_has_preview(_one(params, "has_preview")),
        year=IntRange(_integer(params, "year_min"), _integer(params, "year_max")),
        duration_s=IntRange(_integer(params, "duration_min"), _integer(params, "duration_max")),
        price_cents=IntRange(_integer(params, "price_min"), _integer(params, "price_max")),
        territories=_parsed("territory", params.get("territory", ()), str.strip),
        licence_types=_parsed("licence_type", params.get("licence_type", ()), str.strip),
        version_languages=_parsed(
            "version_language", params.get("version_language", ()), _version_language
        ),
    )
    page = _integer(params, "page", SearchErrors.PAGE_NOT_A_NUMBER)
    page_size = _integer(params, "page_size", SearchErrors.PAGE_SIZE_NOT_A_NUMBER)
    return SearchQuery(
        text=_text(_one(params, "q")),
        filters=filters,
        sort=_sort(_one(params, "sort")),
        page=1 if page is None else page,
        page_size=20 if page_size is None else page_size,
        view=view,
    )


def parse_suggest(params: Params) -> tuple[str, int]:
    _check_known(params, SUGGEST_PARAMETERS, SearchErrors.UNKNOWN_PARAMETER)
    text = _text(_one(params, "q"))
    limit = _integer(params, "limit", SearchErrors.LIMIT_NOT_A_NUMBER)
    if limit is None:
        limit = 8
    if not 1 <= limit <= MAX_SUGGESTIONS:
        raise SearchError(SearchErrors.INVALID_LIMIT, max=MAX_SUGGESTIONS)
    return text, limit
