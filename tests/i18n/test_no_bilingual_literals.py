"""No "Texte français / English text" literal is left in the code: text a person reads is a
French source message translated by the catalogues."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "lakou",
    "infra",
    "accounts",
    "marketplace",
    "calls",
    "scheduling",
    "media",
    "search",
    "workers",
)
# "Commande introuvable / order not found": words, a spaced slash, more words.
BILINGUAL = re.compile(r"[^\W\d_]{3,}[^/]*\s/\s[^\W\d_]{2,}")


def _literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and BILINGUAL.search(node.value)
    ]


def test_the_check_finds_two_language_literals() -> None:
    assert BILINGUAL.search("Commande introuvable / order not found")
    assert not BILINGUAL.search("/api/works/{id}")
    assert not BILINGUAL.search("audio/flac")


def test_no_two_language_literal_in_the_code() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {text!r}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for text in _literals(path)
    ]
    assert found == []
