"""No text a person reads is written in a template outside a translation call."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import Environment

from infra.i18n.jinja import install_i18n
from lakou.app import template_dirs
from lakou.modules import CORE_MODULES

# Shown as they are in every language.
ALLOWED = {"Lakou"}
READABLE_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label", "label")
ATTRIBUTE = re.compile(
    rf"""\b({"|".join(READABLE_ATTRIBUTES)})\s*=\s*("([^"]*)"|'([^']*)')""", re.IGNORECASE
)
TAG = re.compile(r"<[^>]*>", re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
WORD = re.compile(r"[^\W\d_]{2,}")


def _templates() -> Iterator[Path]:
    for folder in template_dirs(CORE_MODULES):
        yield from sorted(Path(folder).rglob("*.html"))


TEMPLATES = list(_templates())


def untranslated(source: str) -> list[str]:
    """Words in a template's literal parts: text between tags and readable attributes.

    Every Jinja expression or statement becomes one placeholder character first, so a tag cut
    by `{{ … }}` is still read as one tag."""
    environment = Environment(autoescape=True)
    install_i18n(environment)
    parts: list[str] = []
    for _, kind, value in environment.lex(source):
        if kind == "data":
            parts.append(value)
        elif not parts or parts[-1] != "\x00":
            parts.append("\x00")
    text = COMMENT.sub("", "".join(parts))
    found: list[str] = []
    for match in ATTRIBUTE.finditer(text):
        value = match.group(3) if match.group(3) is not None else match.group(4)
        found += [w for w in WORD.findall(value) if w not in ALLOWED]
    found += [w for w in WORD.findall(TAG.sub(" ", text)) if w not in ALLOWED]
    return found


def test_the_check_finds_bare_text() -> None:
    assert untranslated("<p>Bonjour</p>") == ["Bonjour"]
    assert untranslated('<img alt="Pochette" src="/a.png">') == ["Pochette"]
    assert untranslated('<p>{{ _("Bonjour") }}</p><a href="/x" class="pill">') == []
    assert untranslated("<strong>Lakou</strong> — 8 € · 100 %") == []


@pytest.mark.parametrize("path", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_templates_translate_every_text(path: Path) -> None:
    assert untranslated(path.read_text()) == [], path
