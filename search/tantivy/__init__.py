"""The embedded search engine: a tantivy index in a folder (the default, under `var/search`).

- `schema`: fields and analysers; every text is folded in Python (`infra.text.fold`) and indexed
  by words and by French stems.
- `query`: a search's words turned into term, fuzzy and prefix queries built here (never parsed
  by tantivy's query language), and its filters and sort.
- `facets`: facet counts and numeric ranges, by tantivy's aggregations.
- `documents`: `SearchDocument` to tantivy document and back.
- `generations`: the live generation, switching atomically after a rebuild, the writer lock.
- `index`: `TantivyIndex`, the `SearchIndex` port tying these together.
"""

from __future__ import annotations

from search.tantivy.facets import FACET_SIZES
from search.tantivy.generations import TantivyBuild
from search.tantivy.index import TantivyIndex
from search.tantivy.schema import NUMBERS

__all__ = ["FACET_SIZES", "NUMBERS", "TantivyBuild", "TantivyIndex"]
