"""Search documents to tantivy documents and back.

The whole `SearchDocument` is stored as JSON in the `doc` bytes field (hits are read back from
it); the other fields hold its folded texts, facet values and numbers for matching, counting and
sorting.
"""

from __future__ import annotations

from typing import Any

import msgspec
import tantivy

from infra.text import fold
from search.documents import SearchDocument

NO_PRICE_ASC = 2**62  # works without a price sort after every priced one, both ways
NO_PRICE_DESC = -1
# Stored documents are JSON; msgspec (already there for litestar) reads it several times faster.
_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(dict[str, Any]).decode


def to_tantivy(document: SearchDocument, schema: tantivy.Schema) -> tantivy.Document:
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
        "rights": list(d.rights),
        "version_languages": list(d.version_languages),
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
        {name: value for name, value in fields.items() if value != []}, schema
    )


def stored_document(searcher: tantivy.Searcher, address: tantivy.DocAddress) -> SearchDocument:
    """The search document of one hit, read back from its stored JSON."""
    stored: Any = searcher.doc(address).get_first("doc")
    return SearchDocument.from_dict(_decode(stored))
