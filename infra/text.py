"""Text folding shared by every context that compares or indexes words. Pure standard library.

- `fold`: lower case, accents removed, ligatures spelled out ("Kréyòl Œuvre" -> "kreyol oeuvre").
- `words`: the folded words of a text; anything that is not a letter or a digit separates words,
  so query-language characters (`:`, `*`, `"`, `-`, `(`, `=`) can never reach a search engine.

Search indexes and queries with these; catalogue imports match discipline names with `fold`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["fold", "words"]

# Letters that Unicode decomposition does not split into a base letter and an accent.
_LIGATURES: Final = str.maketrans(
    {
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "ł": "l",
        "\u2019": "'",  # right single quotation mark
        "\u02bc": "'",  # modifier letter apostrophe
    }
)
_WORD: Final = re.compile(r"[^\W_]+")


def _latin_table() -> dict[int, str]:
    """Accented Latin letters mapped to their base letters, computed once: folding is then one
    `str.translate` call (the per-character Unicode path runs only for other scripts)."""
    table: dict[int, str] = {}
    for code in range(0x80, 0x250):
        char = chr(code)
        base = "".join(
            part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
        )
        if base != char and base.isascii():
            table[code] = base
    table.update(_LIGATURES)
    return table


_FOLD: Final = _latin_table()


def fold(text: str) -> str:
    """Lower case without accents: the form search engines index and search."""
    folded = text.translate(_FOLD)
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return folded.casefold()


def words(text: str) -> list[str]:
    """The folded words of `text`, in order; punctuation and syntax characters separate them."""
    return _WORD.findall(fold(text))
