"""Texts in the interface languages (a call's title, a question's label). Pure.

Kept by BCP 47 tag (`fr`, `en`, `es`, `gcf-MQ`); French is required, being the source every
other language falls back to.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from infra.i18n.languages import SOURCE, TAGS, canonical

Texts = Mapping[str, str]


class TextsRejected(ValueError):
    """Not texts: no French, an unknown language, or a text too long."""


def parse_texts(raw: Any, max_length: int, *, required: bool = True) -> Texts:
    """`{"fr": …, "gcf-MQ": …}` with French present (when required); blanks are dropped."""
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise TextsRejected("not a mapping")
    kept: dict[str, str] = {}
    for tag, text in raw.items():
        language = canonical(str(tag))
        if language is None or language not in TAGS or not isinstance(text, str):
            raise TextsRejected(f"language {tag!r}")
        stripped = text.strip()
        if "\x00" in stripped or len(stripped) > max_length:
            raise TextsRejected(f"text in {tag!r}")
        if stripped:
            kept[language] = stripped
    if required and SOURCE not in kept:
        raise TextsRejected("French is required")
    return MappingProxyType(kept)


def in_language(texts: Texts, language: str) -> str:
    """The text in `language`, or the French one."""
    return texts.get(language) or texts.get(SOURCE, "")
