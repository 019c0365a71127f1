"""The embedded index's schema and text analysers.

Every text is folded in Python (`infra.text.fold`) before it reaches tantivy, then indexed twice:
by words (`lakou_fold`: lower case, accents off) and by French stems (`lakou_stem`: tantivy's
built-in Snowball French stemmer). Facet fields are raw fast fields (counted by aggregations),
numbers are indexed fast integers (filtered by range, sorted, min/max).
"""

from __future__ import annotations

from pathlib import Path

import tantivy

from search.documents import FACET_FIELDS

# Bumped when the schema changes: a generation with another version is rebuilt.
SCHEMA_VERSION = "4"
SCHEMA_MARKER = "LAKOU_SCHEMA"
FOLD = "lakou_fold"
STEM = "lakou_stem"

# Text fields and their weight when a query word matches them exactly.
TEXT_BOOSTS: dict[str, float] = {"title": 4.0, "people": 3.0, "tags": 2.0, "body": 1.0}
STEM_BOOSTS: dict[str, float] = {"title_stem": 2.0, "all_stem": 0.7}
NUMBERS = ("year", "duration_s", "price_cents")


def build_schema() -> tantivy.Schema:
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
    builder.add_text_field("rights", tokenizer_name="raw")
    for name in NUMBERS:
        builder.add_integer_field(name, indexed=True, fast=True)
    for name in ("published_ts", "price_asc", "price_desc"):
        builder.add_integer_field(name, fast=True)
    return builder.build()


def analyzer(stem: bool) -> tantivy.TextAnalyzer:
    """The `lakou_fold` analyser, or `lakou_stem` when `stem` is set."""
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.remove_long(40))
    )
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("french"))
    return builder.build()


def open_index(path: Path, schema: tantivy.Schema) -> tantivy.Index:
    """The tantivy index in `path` (created if needed), with Lakou's analysers registered and
    its schema version written beside it."""
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema, path=str(path), reuse=True)
    index.register_tokenizer(FOLD, analyzer(stem=False))
    index.register_tokenizer(STEM, analyzer(stem=True))
    marker = path / SCHEMA_MARKER
    if not marker.exists():
        marker.write_text(SCHEMA_VERSION)
    return index
