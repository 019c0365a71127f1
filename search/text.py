"""Search-specific text rules shared by both search adapters. Pure standard library.

Folding (`fold`, `words`) lives in `infra.text`, shared with catalogue imports; here:

- `variants`: Creole spelling variants and agglutinated-article forms, one small data table used
  as query-time synonyms by tantivy and as the synonyms setting of Meilisearch.
- `max_typos`: the typo policy of both engines (one typo from 5 letters, two from 9).
- `light_stem`: a small French suffix stripper, for the engine that has no stemmer of its own
  (Meilisearch); the embedded engine uses tantivy's built-in Snowball French stemmer.
- `STOPWORDS`, `MAX_WORDS`: the words a query may skip, and how many words it keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

from infra.text import fold

__all__ = [
    "MAX_WORDS",
    "STOPWORDS",
    "SYNONYM_GROUPS",
    "light_stem",
    "max_typos",
    "synonym_map",
    "variants",
]

# A query longer than this many words keeps only its first ones (each word costs clauses).
MAX_WORDS: Final = 12

# Each group is one word written several ways (all folded). Creole spellings first, then the
# French or older spelling. Single words only: a multi-word synonym would change what the
# engines count as "every word matched".
SYNONYM_GROUPS: Final[tuple[tuple[str, ...], ...]] = (
    ("kreyol", "kreol", "creole", "kriyol", "kweyol", "creol"),
    ("bele", "belair"),
    ("tanbou", "tambour", "tanbu", "tambou"),
    ("kont", "konte", "conte", "contes"),
    ("biguine", "beguine", "bigin", "biguin"),
    ("mazouk", "mazurka", "mazok"),
    ("danmye", "damye", "ladja", "ladjia"),
    ("lakou", "lakour"),
    ("matinik", "martinique", "matnik", "madinina"),
    ("gwadloup", "guadeloupe"),
    ("mizik", "musique", "mizic"),
    ("chante", "chanson"),
    ("tibwa", "tibois"),
    ("kaz", "kay", "case"),
    ("lalin", "lune"),
    ("lanme", "mer"),
    ("lavi", "vie"),
    ("lanmou", "amour"),
    ("zanmi", "ami", "amis"),
    ("zwazo", "oiseau", "oiseaux"),
    ("dlo", "eau"),
    ("manman", "maman"),
    ("fanmi", "famille"),
    ("kannaval", "carnaval", "kanaval"),
    ("listwa", "histoire"),
)

# Words that carry no meaning for search: a query needs its other words, not these.
STOPWORDS: Final = frozenset(
    {
        # French
        *("le", "la", "les", "l", "de", "des", "du", "d", "un", "une", "et", "a", "au", "aux"),
        *("en", "pour", "par", "sur", "dans", "avec", "ou", "qu", "que", "se", "s"),
        # English
        *("the", "of", "and", "an", "in", "on", "to", "for", "with", "by", "at", "from"),
        # Martinican Creole articles and particles
        *("an", "ek", "sé", "se", "ki", "pou", "nan", "lan", "ka", "ti"),
    }
)


def _build_synonyms(groups: Iterable[tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for group in groups:
        folded = list(dict.fromkeys(fold(word) for word in group))
        for word in folded:
            merged = table.setdefault(word, [word])
            merged.extend(other for other in folded if other not in merged)
    return MappingProxyType({word: tuple(found) for word, found in table.items()})


_SYNONYMS: Final = _build_synonyms(SYNONYM_GROUPS)


def variants(word: str) -> tuple[str, ...]:
    """`word` (folded) and its spelling variants, the word itself first."""
    folded = fold(word)
    return _SYNONYMS.get(folded, (folded,))


def synonym_map() -> dict[str, list[str]]:
    """Every word of the table mapped to its other spellings (Meilisearch's `synonyms`)."""
    return {word: list(found[1:]) for word, found in _SYNONYMS.items() if len(found) > 1}


def max_typos(word: str) -> int:
    """Typos tolerated in a query word: none under 5 letters, one from 5, two from 9."""
    if len(word) >= 9:
        return 2
    if len(word) >= 5:
        return 1
    return 0


# Feminine endings mapped to the masculine, so both spellings share one stem.
_FEMININE: Final = (
    ("ienne", "ien"),
    ("euse", "eur"),
    ("trice", "teur"),
    ("ive", "if"),
    ("elle", "el"),
)


def light_stem(word: str) -> str:
    """A light French stem of a folded word: plural and feminine endings removed.

    "musiciennes", "musicienne", "musiciens" -> "musicien"; "yoles", "yole" -> "yol";
    "martiniquaises", "martiniquais" -> "martiniquai". Inflections only: derivations stay.
    """
    if len(word) < 4 or not word.isalpha():
        return word
    stem = word
    if stem.endswith(("s", "x")):  # plural ("bateaux" -> "bateau")
        stem = stem[:-1]
    for ending, masculine in _FEMININE:
        if stem.endswith(ending):
            stem = stem[: -len(ending)] + masculine
            break
    else:
        if stem.endswith("e") and len(stem) > 3:
            stem = stem[:-1]
    if stem.endswith("s") and len(stem) > 3:
        stem = stem[:-1]
    return stem
