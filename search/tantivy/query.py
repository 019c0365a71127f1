"""Query planning: a `SearchQuery` turned into tantivy queries built here, never parsed.

A query is never parsed by tantivy's query language: its words are turned into term, fuzzy (one
typo from 5 letters, two from 9) and prefix queries, so `title:* OR 1=1` is just the words
"title", "or", "1", "1".

Typo and prefix matching apply to the words the index barely knows (fewer than 20 works, or
0.1 %, contain them): a frequent word is taken as typed, its inflections still match through the
stems. This keeps a query on common words cheap on 100,000 works.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tantivy

from infra.text import fold
from search.port import IntRange, SearchQuery, Sort
from search.tantivy.schema import STEM_BOOSTS, TEXT_BOOSTS, analyzer
from search.text import MAX_WORDS, STOPWORDS, max_typos, variants

VARIANT_WEIGHT = 0.8  # a spelling variant counts a little less than the word as typed
FUZZY_BOOST = 1.5
PREFIX_BOOST = 0.6
# A query word found in at least this many works is taken as typed: no typo or prefix matching.
COMMON_MIN_DOCS = 20
COMMON_FRACTION = 0.001


@dataclass(frozen=True)
class Word:
    """How one query word may match (see `QueryPlanner.plan`)."""

    text: str
    variants: tuple[str, ...]
    stems: tuple[str, ...]
    typos: int
    prefix: bool
    required: bool


def run(searcher: tantivy.Searcher, compiled: tantivy.Query, query: SearchQuery) -> Any:
    """One page of hits of `compiled`, in the query's order, with the total count."""
    sort = query.effective_sort
    options: dict[str, Any] = {"limit": query.page_size, "offset": query.offset}
    if sort is Sort.NEWEST:
        options.update(order_by_field="published_ts", order=tantivy.Order.Desc)
    elif sort is Sort.PRICE_ASC:
        options.update(order_by_field="price_asc", order=tantivy.Order.Asc)
    elif sort is Sort.PRICE_DESC:
        options.update(order_by_field="price_desc", order=tantivy.Order.Desc)
    return searcher.search(compiled, count=True, **options)


class QueryPlanner:
    """Builds the tantivy queries of searches and suggestions for one schema."""

    def __init__(self, schema: tantivy.Schema) -> None:
        self._schema = schema
        self._fold = analyzer(stem=False)
        self._stem = analyzer(stem=True)

    def compile(
        self, query: SearchQuery, searcher: tantivy.Searcher, relaxed: bool = False
    ) -> tuple[tantivy.Query, tantivy.Query]:
        """Two tantivy queries matching the same works: one scored (each field its weight) for
        the hits, one cheaper (only the catch-all fields) for counting facets."""
        words = self.plan(query.text, searcher)
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

    def can_relax(self, query: SearchQuery) -> bool:
        """Whether a query that found nothing may be retried accepting works missing a word."""
        return len([w for w in self.words(query.text) if w not in STOPWORDS]) > 1

    def words(self, text: str) -> list[str]:
        return list(self._fold.analyze(fold(text)))[:MAX_WORDS] if text else []

    def plan(self, text: str, searcher: tantivy.Searcher) -> list[Word]:
        """How each query word may match. Typo and prefix matching are for words the index
        barely knows: a word many works contain is taken as typed (its inflections still
        match through stems), which keeps frequent words cheap."""
        words = self.words(text)
        content = {word for word in words if word not in STOPWORDS} or set(words)
        common = max(COMMON_MIN_DOCS, int(searcher.num_docs * COMMON_FRACTION))
        plan = []
        for position, word in enumerate(words):
            spellings = variants(word)
            stems = tuple(dict.fromkeys(self._stem.analyze(v)[0] for v in spellings if v))
            known = sum(searcher.doc_freq("all", v) for v in spellings) >= common
            plan.append(
                Word(
                    text=word,
                    variants=spellings,
                    stems=stems,
                    typos=0 if known else max_typos(word),
                    prefix=not known and position == len(words) - 1 and len(word) >= 2,
                    required=word in content,
                )
            )
        return plan

    def compile_suggest(self, prefix: str, searcher: tantivy.Searcher) -> tantivy.Query | None:
        """Every word but the last must match (as in a search); the last one starts a word of
        the title or of a creator's name."""
        words = self.plan(prefix, searcher)
        if not words:
            return None
        schema, should, must = self._schema, tantivy.Occur.Should, tantivy.Occur.Must
        *complete, last = words
        clauses = [(must if word.required else should, self.word_scored(word)) for word in complete]
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

    def _text_query(self, words: list[Word], relaxed: bool, scored: bool) -> tantivy.Query:
        make = self.word_scored if scored else self._word_matching
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

    def word_scored(self, word: Word) -> tantivy.Query:
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

    def _word_matching(self, word: Word) -> tantivy.Query:
        """The same works as `word_scored`, without scores: "all" holds every text field and
        "all_stem" every stem."""
        schema = self._schema
        term = tantivy.Query.term_query
        options = [term(schema, "all", variant) for variant in word.variants]
        options += [term(schema, "all_stem", stem) for stem in word.stems]
        options += [q for q in (self._typo(word), self._prefix(word)) if q is not None]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in options])

    def _typo(self, word: Word) -> tantivy.Query | None:
        if not word.typos:
            return None
        return tantivy.Query.fuzzy_term_query(self._schema, "all", word.text, distance=word.typos)

    def _prefix(self, word: Word) -> tantivy.Query | None:
        if not word.prefix:
            return None
        return tantivy.Query.fuzzy_term_query(
            self._schema, "all", word.text, distance=0, prefix=True
        )

    def _filters(self, query: SearchQuery) -> list[tantivy.Query]:
        schema, found = self._schema, query.filters
        clauses: list[tantivy.Query] = []
        for field, values in found.term_sets():
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
