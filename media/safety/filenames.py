"""The original file name a creator sent, made safe to show in the UI (and only to show).

Storage never uses it: objects live under keys Lakou generates.
"""

from __future__ import annotations

import unicodedata

MAX_DISPLAY_NAME = 200
FALLBACK_NAME = "fichier"
# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which can
# make "gpj.exe" read as "exe.jpg", plus the invisible direction marks.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _keep(char: str) -> bool:
    category = unicodedata.category(char)
    # Cc: NUL and other control characters; Cs: lone surrogates (undecodable bytes).
    return char not in _BIDI and category not in ("Cc", "Cs")


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
