"""The embedded search engine: a tantivy index in a folder (the default, under `var/search`).

Layout of the folder:

    CURRENT                 the name of the live generation (replaced atomically)
    generations/<name>/     one tantivy index each; a reindex builds a new one beside the live
    .writer.lock            taken (flock) by whoever writes, so one process writes at a time

Text: every text is folded in Python (`search.text.fold`) and indexed twice, by words
(`lakou_fold`: lower case, accents off) and by French stems (`lakou_stem`: tantivy's built-in
Snowball French stemmer). A query is never parsed by tantivy's query language: its words are
turned into term, fuzzy (one typo from 5 letters, two from 9) and prefix queries built here, so
`title:* OR 1=1` is just the words "title", "or", "1", "1".

Typo and prefix matching apply to the words the index barely knows (fewer than 20 works, or
0.1 %, contain them): a frequent word is taken as typed, its inflections still match through the
stems. This keeps a query on common words cheap on 100,000 works.

Facets: counted by tantivy's aggregations (terms, and stats for min/max) over raw fast fields.
The binding exposes aggregations but not tantivy's facet collector; aggregations count
multi-valued fields (languages, availability) and give numeric min/max in the same call. They
run as a second pass, with an unscored query that matches the same works as the scored one.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import shutil
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import tantivy

from search.documents import FACET_FIELDS, SearchDocument
from search.port import IntRange, SearchQuery, SearchResults, Sort, Suggestion
from search.text import MAX_WORDS, STOPWORDS, fold, max_typos, variants

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"
FOLD = "lakou_fold"
STEM = "lakou_stem"
# Incremental writes are small; a rebuild gets a bigger heap and more indexing threads.
WRITER_HEAP = 30_000_000
BUILD_HEAP_PER_THREAD = 100_000_000
BUILD_THREADS = max(1, min(4, (os.cpu_count() or 2) // 2))

# Text fields and their weight when a query word matches them exactly.
TEXT_BOOSTS: dict[str, float] = {"title": 4.0, "people": 3.0, "tags": 2.0, "body": 1.0}
STEM_BOOSTS: dict[str, float] = {"title_stem": 2.0, "all_stem": 0.7}
VARIANT_WEIGHT = 0.8  # a spelling variant counts a little less than the word as typed
FUZZY_BOOST = 1.5
PREFIX_BOOST = 0.6
# A query word found in at least this many works is taken as typed: no typo or prefix matching.
COMMON_MIN_DOCS = 20
COMMON_FRACTION = 0.001

FACET_SIZES = {"commune": 50, "decade": 30}
NUMBERS = ("year", "duration_s", "price_cents")
NO_PRICE_ASC = 2**62  # works without a price sort after every priced one, both ways
NO_PRICE_DESC = -1
# Stored documents are JSON; msgspec (already there for litestar) reads it several times faster.
_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(dict[str, Any]).decode


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_bytes_field("doc", stored=True)
    for name in (*TEXT_BOOSTS, "all"):
        builder.add_text_field(name, tokenizer_name=FOLD)
    for name in STEM_BOOSTS:
        builder.add_text_field(name, tokenizer_name=STEM)
    for name in FACET_FIELDS.values():
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    builder.add_text_field("commune_key", tokenizer_name="raw")
    for name in NUMBERS:
        builder.add_integer_field(name, indexed=True, fast=True)
    for name in ("published_ts", "price_asc", "price_desc"):
        builder.add_integer_field(name, fast=True)
    return builder.build()


def _analyzer(stem: bool) -> tantivy.TextAnalyzer:
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.remove_long(40))
    )
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("french"))
    return builder.build()


def _open(path: Path, schema: tantivy.Schema) -> tantivy.Index:
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(path), reuse=True)
    index.register_tokenizer(FOLD, _analyzer(stem=False))
    index.register_tokenizer(STEM, _analyzer(stem=True))
    marker = path / "LAKOU_SCHEMA"
    if not marker.exists():
        marker.write_text(SCHEMA_VERSION)
    return index


def _generation_name() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


@dataclass(frozen=True)
class _Word:
    """How one query word may match (see `TantivyIndex._plan`)."""

    text: str
    variants: tuple[str, ...]
    stems: tuple[str, ...]
    typos: int
    prefix: bool
    required: bool


@dataclass
class _Live:
    name: str
    index: tantivy.Index
    pointer_stamp: tuple[int, int]


class TantivyIndex:
    """The `SearchIndex` port on an embedded tantivy index (see the module docstring)."""

    def __init__(self, root: Path, writer_heap: int = WRITER_HEAP) -> None:
        self._root = root
        self._writer_heap = writer_heap
        self._schema = _schema()
        self._fold = _analyzer(stem=False)
        self._stem = _analyzer(stem=True)
        self._live: _Live | None = None
        # One re-entrant lock guards opening generations and writing, in this process; the
        # file lock (taken under it) keeps other processes out.
        self._lock = threading.RLock()
        self._lock_handle: Any = None
        self._lock_depth = 0

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
        return await asyncio.to_thread(lambda: int(self._live_index().searcher().num_docs))

    async def rebuild(self) -> TantivyBuild:
        return await asyncio.to_thread(TantivyBuild, self)

    async def ping(self) -> None:
        await asyncio.to_thread(self._ping)

    def close(self) -> None:
        self._live = None

    # Searching ----------------------------------------------------------------------------

    def search_now(self, query: SearchQuery) -> SearchResults:
        searcher = self._live_index().searcher()
        scored, matching = self.compile(query, searcher)
        result = self._run(searcher, scored, query)
        if result.count == 0 and self._can_relax(query):
            scored, matching = self.compile(query, searcher, relaxed=True)
            result = self._run(searcher, scored, query)
        hits = tuple(self._document(searcher, address) for _, address in result.hits)
        facets, stats = self._aggregate(searcher, matching, query)
        return SearchResults(hits=hits, total=int(result.count or 0), facets=facets, stats=stats)

    def compile(
        self, query: SearchQuery, searcher: tantivy.Searcher, relaxed: bool = False
    ) -> tuple[tantivy.Query, tantivy.Query]:
        """Two tantivy queries matching the same works: one scored (each field its weight) for
        the hits, one cheaper (only the catch-all fields) for counting facets."""
        words = self._plan(query.text, searcher)
        filters = [(tantivy.Occur.Must, clause) for clause in self._filters(query)]
        if not words and not filters:
            return tantivy.Query.all_query(), tantivy.Query.all_query()
        built = []
        for scored in (True, False):
            clauses = list(filters)
            if words:
                clauses.append((tantivy.Occur.Must, self._text_query(words, relaxed, scored)))
            built.append(tantivy.Query.boolean_query(clauses))
        return built[0], built[1]

    def _run(self, searcher: tantivy.Searcher, compiled: tantivy.Query, query: SearchQuery) -> Any:
        sort = query.effective_sort
        options: dict[str, Any] = {"limit": query.page_size, "offset": query.offset}
        if sort is Sort.NEWEST:
            options.update(order_by_field="published_ts", order=tantivy.Order.Desc)
        elif sort is Sort.PRICE_ASC:
            options.update(order_by_field="price_asc", order=tantivy.Order.Asc)
        elif sort is Sort.PRICE_DESC:
            options.update(order_by_field="price_desc", order=tantivy.Order.Desc)
        return searcher.search(compiled, count=True, **options)

    def _can_relax(self, query: SearchQuery) -> bool:
        return len([w for w in self._words(query.text) if w not in STOPWORDS]) > 1

    def _words(self, text: str) -> list[str]:
        return list(self._fold.analyze(fold(text)))[:MAX_WORDS] if text else []

    def _plan(self, text: str, searcher: tantivy.Searcher) -> list[_Word]:
        """How each query word may match. Typo and prefix matching are for words the index
        barely knows: a word many works contain is taken as typed (its inflections still
        match through stems), which keeps frequent words cheap."""
        words = self._words(text)
        content = {word for word in words if word not in STOPWORDS} or set(words)
        common = max(COMMON_MIN_DOCS, int(searcher.num_docs * COMMON_FRACTION))
        plan = []
        for position, word in enumerate(words):
            spellings = variants(word)
            stems = tuple(dict.fromkeys(self._stem.analyze(v)[0] for v in spellings if v))
            known = sum(searcher.doc_freq("all", v) for v in spellings) >= common
            plan.append(
                _Word(
                    text=word,
                    variants=spellings,
                    stems=stems,
                    typos=0 if known else max_typos(word),
                    prefix=not known and position == len(words) - 1 and len(word) >= 2,
                    required=word in content,
                )
            )
        return plan

    def _text_query(self, words: list[_Word], relaxed: bool, scored: bool) -> tantivy.Query:
        make = self._word_scored if scored else self._word_matching
        if relaxed:
            # Nothing had every word: accept works missing one of them, best matches first.
            content = [word for word in words if word.text not in STOPWORDS] or words
            return tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, make(word)) for word in content],
                minimum_number_should_match=max(1, len(content) - 1),
            )
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must if word.required else tantivy.Occur.Should, make(word))
                for word in words
            ]
        )

    def _word_scored(self, word: _Word) -> tantivy.Query:
        """Every way one query word can match, each with its weight: exactly (by field), by
        spelling variant, by stem, with typos, as a prefix."""
        schema, boost = self._schema, tantivy.Query.boost_query
        options: list[tantivy.Query] = []
        for variant in word.variants:
            weight = 1.0 if variant == word.text else VARIANT_WEIGHT
            for field, field_boost in TEXT_BOOSTS.items():
                term = tantivy.Query.term_query(schema, field, variant)
                options.append(boost(term, field_boost * weight))
        for stem in word.stems:
            for field, field_boost in STEM_BOOSTS.items():
                options.append(boost(tantivy.Query.term_query(schema, field, stem), field_boost))
        typo, prefix = self._typo(word), self._prefix(word)
        if typo is not None:
            options.append(boost(typo, FUZZY_BOOST))
        if prefix is not None:
            options.append(boost(prefix, PREFIX_BOOST))
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in options])

    def _word_matching(self, word: _Word) -> tantivy.Query:
        """The same works as `_word_scored`, without scores: "all" holds every text field and
        "all_stem" every stem."""
        schema = self._schema
        term = tantivy.Query.term_query
        options = [term(schema, "all", variant) for variant in word.variants]
        options += [term(schema, "all_stem", stem) for stem in word.stems]
        options += [q for q in (self._typo(word), self._prefix(word)) if q is not None]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in options])

    def _typo(self, word: _Word) -> tantivy.Query | None:
        if not word.typos:
            return None
        return tantivy.Query.fuzzy_term_query(self._schema, "all", word.text, distance=word.typos)

    def _prefix(self, word: _Word) -> tantivy.Query | None:
        if not word.prefix:
            return None
        return tantivy.Query.fuzzy_term_query(
            self._schema, "all", word.text, distance=0, prefix=True
        )

    def _filters(self, query: SearchQuery) -> list[tantivy.Query]:
        schema, found = self._schema, query.filters
        clauses: list[tantivy.Query] = []
        for field, values in (
            ("discipline", found.disciplines),
            ("languages", found.languages),
            ("commune_key", found.commune_keys),
            ("availability", found.availability),
            ("territories", found.territories),
            ("licence_types", found.licence_types),
        ):
            if values:
                clauses.append(tantivy.Query.term_set_query(schema, field, list(values)))
        if found.has_preview is not None:
            value = "true" if found.has_preview else "false"
            clauses.append(tantivy.Query.term_query(schema, "has_preview", value))
        for field, bounds in (
            ("year", found.year),
            ("duration_s", found.duration_s),
            ("price_cents", found.price_cents),
        ):
            if not bounds.is_open:
                clauses.append(self._range(field, bounds))
        return clauses

    def _range(self, field: str, bounds: IntRange) -> tantivy.Query:
        return tantivy.Query.range_query(
            self._schema,
            field,
            tantivy.FieldType.Integer,
            lower_bound=bounds.low,
            upper_bound=bounds.high,
        )

    def _aggregate(
        self, searcher: tantivy.Searcher, compiled: tantivy.Query, query: SearchQuery
    ) -> tuple[dict[str, dict[str, int]], dict[str, tuple[int, int]]]:
        aggregations: dict[str, Any] = {
            f"f_{facet}": {
                "terms": {"field": FACET_FIELDS[facet], "size": FACET_SIZES.get(facet, 20)}
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

    def suggest_now(self, prefix: str, limit: int) -> list[Suggestion]:
        searcher = self._live_index().searcher()
        compiled = self.compile_suggest(prefix, searcher)
        if compiled is None:
            return []
        result = searcher.search(compiled, limit=limit, count=False)
        found = [self._document(searcher, address) for _, address in result.hits]
        return [Suggestion(id=d.id, title=d.title, creator_name=d.creator_name) for d in found]

    def compile_suggest(self, prefix: str, searcher: tantivy.Searcher) -> tantivy.Query | None:
        """Every word but the last must match (as in a search); the last one starts a word of
        the title or of a creator's name."""
        words = self._plan(prefix, searcher)
        if not words:
            return None
        schema, should, must = self._schema, tantivy.Occur.Should, tantivy.Occur.Must
        *complete, last = words
        clauses = [
            (must if word.required else should, self._word_scored(word)) for word in complete
        ]
        fuzzy = tantivy.Query.fuzzy_term_query
        starts = [
            tantivy.Query.boost_query(tantivy.Query.term_query(schema, "title", last.text), 3.0),
            tantivy.Query.boost_query(
                fuzzy(schema, "title", last.text, distance=0, prefix=True), 2.0
            ),
            fuzzy(schema, "people", last.text, distance=0, prefix=True),
        ]
        if max_typos(last.text):
            typo = fuzzy(schema, "title", last.text, distance=1, prefix=True)
            starts.append(tantivy.Query.boost_query(typo, 0.5))
        clauses.append((must, tantivy.Query.boolean_query([(should, query) for query in starts])))
        return tantivy.Query.boolean_query(clauses)

    def searcher(self) -> tantivy.Searcher:
        return self._live_index().searcher()

    def _get(self, document_id: str) -> SearchDocument | None:
        searcher = self._live_index().searcher()
        term = tantivy.Query.term_query(self._schema, "id", document_id)
        hits = searcher.search(term, limit=1, count=False).hits
        return self._document(searcher, hits[0][1]) if hits else None

    @staticmethod
    def _document(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> SearchDocument:
        stored: Any = searcher.doc(address).get_first("doc")
        return SearchDocument.from_dict(_decode(stored))

    # Writing ------------------------------------------------------------------------------

    def tantivy_document(self, document: SearchDocument) -> tantivy.Document:
        d = document
        titles = [fold(title) for title in d.titles.values()]
        people = [fold(name) for name in (d.creator_name, *d.credit_names)]
        tags = [fold(tag) for tag in d.tags]
        body = [fold(text) for text in d.descriptions.values()]
        fields: dict[str, Any] = {
            "id": d.id,
            "doc": _encode(d.to_dict()),
            "title": titles,
            "title_stem": titles,
            "people": people,
            "tags": tags,
            "body": body,
            "all": [*titles, *people, *tags, *body],
            "all_stem": [*titles, *people, *tags, *body],
            "discipline": d.discipline,
            "languages": list(d.languages),
            "availability": list(d.availability),
            "has_preview": "true" if d.has_preview else "false",
            "territories": list(d.territories),
            "licence_types": list(d.licence_types),
            "published_ts": d.published_ts,
            "price_asc": NO_PRICE_ASC if d.price_cents is None else d.price_cents,
            "price_desc": NO_PRICE_DESC if d.price_cents is None else d.price_cents,
        }
        optional: dict[str, Any] = {
            "commune": d.commune,
            "commune_key": fold(d.commune).strip() if d.commune else None,
            "decade": d.decade,
            "duration_bucket": d.duration_bucket,
            "price_bucket": d.price_bucket,
            "year": d.year,
            "duration_s": d.duration_s,
            "price_cents": d.price_cents,
        }
        fields.update({name: value for name, value in optional.items() if value is not None})
        return tantivy.Document.from_dict(
            {name: value for name, value in fields.items() if value != []}, self._schema
        )

    def _write(self, documents: Sequence[SearchDocument], deleted: Sequence[str]) -> None:
        prepared = [(d.id, self.tantivy_document(d)) for d in documents]
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
        with self.file_lock():
            yield self._live_index()

    @contextlib.contextmanager
    def file_lock(self) -> Iterator[None]:
        """Exclusive across threads and processes; re-entrant in the thread that holds it."""
        with self._lock:
            if self._lock_depth == 0:
                self._root.mkdir(parents=True, exist_ok=True)
                handle = open(self._root / ".writer.lock", "a+b")  # noqa: SIM115 - held open
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._lock_handle = handle
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0:
                    fcntl.flock(self._lock_handle, fcntl.LOCK_UN)
                    self._lock_handle.close()
                    self._lock_handle = None

    # Generations --------------------------------------------------------------------------

    @property
    def root(self) -> Path:
        return self._root

    @property
    def schema(self) -> tantivy.Schema:
        return self._schema

    def _pointer(self) -> Path:
        return self._root / "CURRENT"

    def _stamp(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self._pointer())
        except FileNotFoundError:
            return None
        return (found.st_ino, found.st_mtime_ns)

    def _live_index(self) -> tantivy.Index:
        """The live generation; reopened when another process (a reindex) switched it."""
        live = self._live
        if live is not None and live.pointer_stamp == self._stamp():
            return live.index
        with self._lock:
            if self._needs_new_generation():
                with self.file_lock():
                    if self._needs_new_generation():
                        self.switch_to(_generation_name())
            stamp = self._stamp() or (0, 0)
            name = self._pointer().read_text().strip()
            self._live = _Live(name, _open(self._root / "generations" / name, self._schema), stamp)
            return self._live.index

    def _needs_new_generation(self) -> bool:
        if self._stamp() is None:
            return True
        name = self._pointer().read_text().strip()
        marker = self._root / "generations" / name / "LAKOU_SCHEMA"
        if not marker.is_file():
            return True
        if marker.read_text().strip() != SCHEMA_VERSION:
            log.warning("search index %s has an older schema: run `lakou reindex`", name)
            return True
        return False

    def switch_to(self, name: str) -> None:
        """Point CURRENT at generation `name` (atomically) and remove older generations.
        The caller holds the file lock."""
        generations = self._root / "generations"
        _open(generations / name, self._schema)
        previous = self._pointer().read_text().strip() if self._stamp() is not None else None
        temporary = self._root / f"CURRENT.{uuid.uuid4().hex}"
        temporary.write_text(name)
        os.replace(temporary, self._pointer())
        for old in generations.iterdir():
            # Keep the one just replaced: a searcher in another process may still read it.
            if old.name not in (name, previous) and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)

    def _ping(self) -> None:
        self._root.mkdir(parents=True, exist_ok=True)
        probe = self._root / f".ready-probe-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
        self._live_index().searcher()


class TantivyBuild:
    """A new generation filled in bulk, then made live by `publish`."""

    def __init__(self, owner: TantivyIndex) -> None:
        self._owner = owner
        self._name = _generation_name()
        self._path = owner.root / "generations" / self._name
        self._index = _open(self._path, owner.schema)
        self._writer: Any = self._index.writer(BUILD_HEAP_PER_THREAD * BUILD_THREADS, BUILD_THREADS)

    async def add(self, documents: Sequence[SearchDocument]) -> None:
        await asyncio.to_thread(self.add_now, documents)

    def add_now(self, documents: Sequence[SearchDocument]) -> None:
        for document in documents:
            self._writer.add_document(self._owner.tantivy_document(document))

    async def publish(self) -> None:
        await asyncio.to_thread(self._publish)

    def _publish(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()
        with self._owner.file_lock():
            self._owner.switch_to(self._name)

    async def discard(self) -> None:
        await asyncio.to_thread(self._discard)

    def _discard(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.rollback()
            self._writer.wait_merging_threads()
        shutil.rmtree(self._path, ignore_errors=True)
