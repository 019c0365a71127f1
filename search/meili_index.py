"""The production search engine: Meilisearch, through the official `meilisearch` SDK.

The first use in each process creates the index if needed and applies `SETTINGS` (searchable,
filterable and sortable attributes, synonyms from `search.text`, typo tolerance of one typo from
5 letters and two from 9), and waits until Meilisearch has applied them.

Queries send only folded words as `q` (so Meilisearch's own operators, `"phrase"` and
`-negation`, never reach it) and build `filter` here from validated values, every string
quoted and escaped. Meilisearch has no stemmer: documents carry `stems` (light French stems of
titles and descriptions), which its typo tolerance and prefix search bring within reach.

Every write waits for its task, so a write is searchable when it returns, as with tantivy.
A rebuild fills a new index and swaps it with the live one (`swap_indexes`), atomically.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Sequence
from typing import Any

import meilisearch
from meilisearch.errors import MeilisearchApiError

from infra.text import fold, words
from search.documents import FACET_FIELDS, SearchDocument
from search.port import (
    MAX_RESULT_WINDOW,
    IntRange,
    SearchQuery,
    SearchResults,
    Sort,
    Suggestion,
)
from search.text import MAX_WORDS, STOPWORDS, light_stem, synonym_map

TASK_TIMEOUT_MS = 60_000

NUMBERS = ("year", "duration_s", "price_cents")

SETTINGS: dict[str, Any] = {
    # Order is importance: a word in a title counts more than in a description.
    "searchableAttributes": [
        "titles",
        "creator_name",
        "credit_names",
        "tags",
        "descriptions",
        "stems",
    ],
    "filterableAttributes": sorted(
        {"id", "commune_key", "rights", *FACET_FIELDS.values(), *NUMBERS}
    ),
    "sortableAttributes": ["published_ts", "price_cents"],
    "synonyms": synonym_map(),
    "stopWords": sorted(STOPWORDS),
    "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
    "pagination": {"maxTotalHits": MAX_RESULT_WINDOW},
    "faceting": {"maxValuesPerFacet": 100},
}


class MeiliTaskFailed(RuntimeError):
    pass


def quote(value: str) -> str:
    """A Meilisearch filter string literal: double quotes, with `\\` and `"` escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _in(attribute: str, values: Sequence[str]) -> str:
    return f"{attribute} IN [{', '.join(quote(value) for value in values)}]"


def _range(attribute: str, bounds: IntRange) -> list[str]:
    parts = []
    if bounds.low is not None:
        parts.append(f"{attribute} >= {int(bounds.low)}")
    if bounds.high is not None:
        parts.append(f"{attribute} <= {int(bounds.high)}")
    return parts


def build_filter(query: SearchQuery) -> list[str]:
    """The filter expressions (all must hold) for a validated query."""
    found = query.filters
    expressions: list[str] = []
    for attribute, values in found.term_sets():
        expressions.append(_in(attribute, values))
    if found.has_preview is not None:
        expressions.append(f"has_preview = {'true' if found.has_preview else 'false'}")
    expressions += _range("year", found.year)
    expressions += _range("duration_s", found.duration_s)
    expressions += _range("price_cents", found.price_cents)
    return expressions


def build_sort(query: SearchQuery) -> list[str] | None:
    sort = query.effective_sort
    if sort is Sort.NEWEST:
        return ["published_ts:desc"]
    if sort is Sort.PRICE_ASC:
        return ["price_cents:asc", "published_ts:desc"]
    if sort is Sort.PRICE_DESC:
        return ["price_cents:desc", "published_ts:desc"]
    return None


def query_text(text: str) -> str:
    """Plain folded words only: no quotes, no minus signs, nothing Meilisearch would parse."""
    return " ".join(words(text)[:MAX_WORDS])


def meili_document(document: SearchDocument) -> dict[str, Any]:
    data = document.to_dict()
    texts = [*document.titles.values(), *document.descriptions.values()]
    data.update(
        stems=sorted({light_stem(word) for text in texts for word in words(text)}),
        commune_key=fold(document.commune).strip() if document.commune else None,
        decade=document.decade,
        duration_bucket=document.duration_bucket,
        price_bucket=document.price_bucket,
        published_ts=document.published_ts,
    )
    # Absent rather than null: a work without a price sorts after every priced one.
    return {name: value for name, value in data.items() if value is not None}


class MeiliIndex:
    """The `SearchIndex` port on a Meilisearch index (see the module docstring)."""

    def __init__(
        self, url: str, api_key: str | None, uid: str = "lakou_works", timeout_s: int = 10
    ) -> None:
        self._client = meilisearch.Client(url, api_key, timeout=timeout_s)
        self._uid = uid
        self._configured = False
        self._configure_lock = threading.Lock()

    @property
    def uid(self) -> str:
        return self._uid

    def _index(self) -> Any:
        if not self._configured:
            with self._configure_lock:
                if not self._configured:
                    self.configure(self._uid)
                    self._configured = True
        return self._client.index(self._uid)

    def configure(self, uid: str) -> None:
        """Create the index if missing and apply the settings; wait until both are done."""
        try:
            self._client.get_raw_index(uid)
        except MeilisearchApiError as error:
            if error.status_code != 404:
                raise
            self.wait(self._client.create_index(uid, {"primaryKey": "id"}))
        self.wait(self._client.index(uid).update_settings(dict(SETTINGS)))

    def wait(self, task: Any) -> None:
        done = self._client.wait_for_task(task.task_uid, timeout_in_ms=TASK_TIMEOUT_MS)
        if done.status != "succeeded":
            raise MeiliTaskFailed(f"meilisearch task {done.uid} {done.status}: {done.error}")

    # Port ---------------------------------------------------------------------------------

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if documents:
            await asyncio.to_thread(self._upsert, documents)

    def _upsert(self, documents: Sequence[SearchDocument]) -> None:
        batch = [meili_document(document) for document in documents]
        self.wait(self._index().add_documents(batch, primary_key="id"))

    async def delete(self, ids: Sequence[str]) -> None:
        if ids:
            await asyncio.to_thread(self._delete, ids)

    def _delete(self, ids: Sequence[str]) -> None:
        self.wait(self._index().delete_documents(filter=_in("id", list(ids))))

    async def search(self, query: SearchQuery) -> SearchResults:
        return await asyncio.to_thread(self.search_now, query)

    def search_now(self, query: SearchQuery) -> SearchResults:
        params: dict[str, Any] = {
            "page": query.page,
            "hitsPerPage": query.page_size,
            "facets": [FACET_FIELDS[facet] for facet in query.facets] + list(NUMBERS),
        }
        expressions = build_filter(query)
        if expressions:
            params["filter"] = expressions
        sort = build_sort(query)
        if sort:
            params["sort"] = sort
        answer = self._index().search(query_text(query.text), params)
        distribution = answer.get("facetDistribution") or {}
        facets = {
            facet: {
                str(value): int(count)
                for value, count in (distribution.get(FACET_FIELDS[facet]) or {}).items()
            }
            for facet in query.facets
        }
        stats = {
            name: (int(found["min"]), int(found["max"]))
            for name, found in (answer.get("facetStats") or {}).items()
            if name in NUMBERS
        }
        return SearchResults(
            hits=tuple(SearchDocument.from_dict(hit) for hit in answer.get("hits", [])),
            total=int(answer.get("totalHits") or 0),
            facets=facets,
            stats=stats,
        )

    async def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        return await asyncio.to_thread(self._suggest, prefix, limit)

    def _suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        text = query_text(prefix)
        if not text:
            return []
        answer = self._index().search(
            text,
            {
                "limit": limit,
                "attributesToSearchOn": ["titles", "creator_name"],
                "attributesToRetrieve": ["id", "titles", "creator_name"],
            },
        )
        found = []
        for hit in answer.get("hits", []):
            titles = hit.get("titles") or {}
            title = titles.get("fr") or next(iter(titles.values()), "")
            found.append(Suggestion(id=hit["id"], title=title, creator_name=hit["creator_name"]))
        return found

    async def get(self, document_id: str) -> SearchDocument | None:
        return await asyncio.to_thread(self._get, document_id)

    def _get(self, document_id: str) -> SearchDocument | None:
        answer = self._index().search("", {"filter": [_in("id", [document_id])], "limit": 1})
        hits = answer.get("hits") or []
        return SearchDocument.from_dict(hits[0]) if hits else None

    async def count(self) -> int:
        return await asyncio.to_thread(lambda: int(self._index().get_stats().number_of_documents))

    async def rebuild(self) -> MeiliBuild:
        return await asyncio.to_thread(MeiliBuild, self, self._client)

    async def ping(self) -> None:
        await asyncio.to_thread(self._ping)

    def _ping(self) -> None:
        status = self._client.health().get("status")
        if status != "available":
            raise OSError(f"meilisearch is {status}")

    def close(self) -> None:
        pass


class MeiliBuild:
    """A new Meilisearch index, filled then swapped with the live one."""

    def __init__(self, owner: MeiliIndex, client: Any) -> None:
        self._owner = owner
        self._client = client
        self._uid = f"{owner.uid}_build_{uuid.uuid4().hex[:8]}"
        owner.configure(self._uid)
        self._tasks: list[Any] = []

    async def add(self, documents: Sequence[SearchDocument]) -> None:
        await asyncio.to_thread(self._add, documents)

    def _add(self, documents: Sequence[SearchDocument]) -> None:
        batch = [meili_document(document) for document in documents]
        self._tasks.append(self._client.index(self._uid).add_documents(batch, primary_key="id"))

    async def publish(self) -> None:
        await asyncio.to_thread(self._publish)

    def _publish(self) -> None:
        for task in self._tasks:
            self._owner.wait(task)
        self._owner.configure(self._owner.uid)  # the live index must exist to be swapped
        self._owner.wait(self._client.swap_indexes([{"indexes": [self._owner.uid, self._uid]}]))
        self._owner.wait(self._client.delete_index(self._uid))

    async def discard(self) -> None:
        await asyncio.to_thread(lambda: self._owner.wait(self._client.delete_index(self._uid)))
