"""Text from outside made safe to show (and only to show): file names and short messages.

- `clean_display_filename`: the original file name a creator sent, for the UI. Storage never
  uses it: objects live under keys Lakou generates.
- `printable`: any short text (a title, an error message) without control or bidirectional
  characters, its whitespace collapsed: safe to store (PostgreSQL refuses NUL) and to print.
- `BIDI_CONTROLS`: the bidirectional characters both remove.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = [
    "BIDI_CONTROLS",
    "FALLBACK_NAME",
    "MAX_DISPLAY_NAME",
    "clean_display_filename",
    "printable",
]

MAX_DISPLAY_NAME: Final = 200
FALLBACK_NAME: Final = "fichier"
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which can
# make "gpj.exe" read as "exe.jpg", plus the invisible direction marks (U+200E, U+200F, U+061C).
BIDI_CONTROLS: Final = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)


def _keep(char: str) -> bool:
    # Cc: NUL and other control characters; Cs: lone surrogates (undecodable bytes).
    return char not in BIDI_CONTROLS and unicodedata.category(char) not in ("Cc", "Cs")


def clean_display_filename(name: str) -> str:
    """Strip directories, control and bidi-override characters; at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = unicodedata.normalize("NFC", "".join(char for char in base if _keep(char)))
    cleaned = cleaned.strip()
    if cleaned in ("", ".", ".."):
        return FALLBACK_NAME
    if len(cleaned) > MAX_DISPLAY_NAME:
        stem, dot, suffix = cleaned.rpartition(".")
        if dot and stem and 0 < len(suffix) <= 16:
            keep = MAX_DISPLAY_NAME - len(suffix) - 1
            cleaned = f"{stem[:keep].rstrip()}.{suffix}"
        else:
            cleaned = cleaned[:MAX_DISPLAY_NAME].rstrip()
    return cleaned or FALLBACK_NAME


def printable(text: str, limit: int) -> str:
    """`text` without control or bidirectional characters, whitespace runs made one space,
    at most `limit` characters."""
    kept = "".join(char for char in text if _keep(char))
    return " ".join(kept.split())[:limit]
