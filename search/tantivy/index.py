"""`TantivyIndex`: the `SearchIndex` port on the embedded tantivy index.

It ties the parts of this package together: queries are planned by `query`, facets counted by
`facets`, documents mapped by `documents`, and the live generation and writer lock kept by
`generations`. tantivy calls block, so the port's coroutines run them in a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import tantivy

from search.documents import SearchDocument
from search.port import SearchQuery, SearchResults, Suggestion
from search.tantivy.documents import stored_document, to_tantivy
from search.tantivy.facets import aggregate
from search.tantivy.generations import Generations, TantivyBuild
from search.tantivy.query import QueryPlanner, run
from search.tantivy.schema import build_schema

# Incremental writes are small; a rebuild gets a bigger heap (see `generations`).
WRITER_HEAP = 30_000_000


class TantivyIndex:
    """The `SearchIndex` port on an embedded tantivy index in the folder `root`."""

    def __init__(self, root: Path, writer_heap: int = WRITER_HEAP) -> None:
        self._writer_heap = writer_heap
        self._schema = build_schema()
        self._planner = QueryPlanner(self._schema)
        self._generations = Generations(root, self._schema)

    @property
    def root(self) -> Path:
        return self._generations.root

    @property
    def schema(self) -> tantivy.Schema:
        return self._schema

    # Port ---------------------------------------------------------------------------------

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if documents:
            await asyncio.to_thread(self._write, documents, ())

    async def delete(self, ids: Sequence[str]) -> None:
        if ids:
            await asyncio.to_thread(self._write, (), ids)

    async def search(self, query: SearchQuery) -> SearchResults:
        return await asyncio.to_thread(self.search_now, query)

    async def suggest(self, prefix: str, limit: int) -> list[Suggestion]:
        return await asyncio.to_thread(self.suggest_now, prefix, limit)

    async def get(self, document_id: str) -> SearchDocument | None:
        return await asyncio.to_thread(self._get, document_id)

    async def count(self) -> int:
        return await asyncio.to_thread(lambda: int(self.searcher().num_docs))

    async def rebuild(self) -> TantivyBuild:
        return await asyncio.to_thread(TantivyBuild, self._generations, self._schema)

    async def ping(self) -> None:
        await asyncio.to_thread(self._generations.ping)

    def close(self) -> None:
        self._generations.close()

    # Searching ----------------------------------------------------------------------------

    def searcher(self) -> tantivy.Searcher:
        return self._generations.live().searcher()

    def compile(
        self, query: SearchQuery, searcher: tantivy.Searcher, relaxed: bool = False
    ) -> tuple[tantivy.Query, tantivy.Query]:
        """The scored query for the hits and the unscored one for facets (see `query`)."""
        return self._planner.compile(query, searcher, relaxed)

    def compile_suggest(self, prefix: str, searcher: tantivy.Searcher) -> tantivy.Query | None:
        return self._planner.compile_suggest(prefix, searcher)

    def search_now(self, query: SearchQuery) -> SearchResults:
        searcher = self.searcher()
        scored, matching = self._planner.compile(query, searcher)
        result = run(searcher, scored, query)
        if result.count == 0 and self._planner.can_relax(query):
            scored, matching = self._planner.compile(query, searcher, relaxed=True)
            result = run(searcher, scored, query)
        hits = tuple(stored_document(searcher, address) for _, address in result.hits)
        facets, stats = aggregate(searcher, matching, query)
        return SearchResults(hits=hits, total=int(result.count or 0), facets=facets, stats=stats)

    def suggest_now(self, prefix: str, limit: int) -> list[Suggestion]:
        searcher = self.searcher()
        compiled = self._planner.compile_suggest(prefix, searcher)
        if compiled is None:
            return []
        result = searcher.search(compiled, limit=limit, count=False)
        found = [stored_document(searcher, address) for _, address in result.hits]
        return [Suggestion(id=d.id, title=d.title, creator_name=d.creator_name) for d in found]

    def _get(self, document_id: str) -> SearchDocument | None:
        searcher = self.searcher()
        term = tantivy.Query.term_query(self._schema, "id", document_id)
        hits = searcher.search(term, limit=1, count=False).hits
        return stored_document(searcher, hits[0][1]) if hits else None

    # Writing ------------------------------------------------------------------------------

    def tantivy_document(self, document: SearchDocument) -> tantivy.Document:
        return to_tantivy(document, self._schema)

    def _write(self, documents: Sequence[SearchDocument], deleted: Sequence[str]) -> None:
        prepared = [(d.id, to_tantivy(d, self._schema)) for d in documents]
        with self.writing() as index:
            writer = index.writer(self._writer_heap, 1)
            try:
                for document_id in deleted:
                    writer.delete_documents_by_term("id", document_id)
                for document_id, document in prepared:
                    writer.delete_documents_by_term("id", document_id)
                    writer.add_document(document)
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
            index.reload()

    @contextlib.contextmanager
    def writing(self) -> Iterator[tantivy.Index]:
        """The live index, with the right to write it (this thread and this process only)."""
        with self._generations.file_lock():
            yield self._generations.live()

    def file_lock(self) -> contextlib.AbstractContextManager[None]:
        """Exclusive across threads and processes; re-entrant in the thread that holds it."""
        return self._generations.file_lock()

    def switch_to(self, name: str) -> None:
        """Make generation `name` live (the caller holds the file lock)."""
        self._generations.switch_to(name)
