"""The communes of Martinique, read once from `communes.json`. Pure standard library."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from infra.text import fold

__all__ = ["Commune", "Epci", "by_code", "communes", "epcis", "find"]

DATA: Final = Path(__file__).with_name("communes.json")

# Words dropped before comparing: articles ("Le Marigot" is "Marigot") and the island's name
# ("Sainte-Marie, Martinique").
_IGNORED: Final = frozenset({"le", "la", "les", "l", "martinique"})
_ABBREVIATIONS: Final = {"st": "saint", "ste": "sainte"}
# Names people write that the folding above cannot reach.
_ALIASES: Final = {"fdf": "97209"}
_WORD: Final = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Epci:
    code: str  # SIREN
    name: str  # official name ("CA du Centre de la Martinique")
    usual_name: str  # the name the territory uses ("CACEM")


@dataclass(frozen=True)
class Commune:
    code: str  # INSEE code, 972xx
    name: str  # official name, a proper noun never translated
    epci_code: str
    epci_name: str


def key(text: str) -> str:
    """The form two spellings of one commune share: folded accents and case, hyphens and
    apostrophes as spaces, without articles ("Les Trois-Îlets" -> "trois ilets")."""
    tokens = [_ABBREVIATIONS.get(word, word) for word in _WORD.findall(fold(text))]
    return " ".join(word for word in tokens if word not in _IGNORED)


@cache
def _load() -> tuple[tuple[Epci, ...], tuple[Commune, ...]]:
    data: dict[str, Any] = json.loads(DATA.read_text("utf-8"))
    groups = tuple(
        Epci(code=e["code"], name=e["name"], usual_name=e["usual_name"]) for e in data["epci"]
    )
    names = {e.code: e.name for e in groups}
    rows = tuple(
        Commune(
            code=c["code"],
            name=c["name"],
            epci_code=c["epci_code"],
            epci_name=names[c["epci_code"]],
        )
        for c in data["communes"]
    )
    return groups, rows


@cache
def _by_code() -> dict[str, Commune]:
    return {commune.code: commune for commune in communes()}


@cache
def _by_key() -> dict[str, Commune]:
    found = {key(commune.name): commune for commune in communes()}
    found.update({alias: _by_code()[code] for alias, code in _ALIASES.items()})
    return found


def communes() -> tuple[Commune, ...]:
    """The 34 communes, by INSEE code."""
    return _load()[1]


def epcis() -> tuple[Epci, ...]:
    """The three intercommunalities (CACEM, Espace Sud, CAP Nord)."""
    return _load()[0]


def by_code(code: str) -> Commune | None:
    return _by_code().get(code.strip())


def find(text: str | None) -> Commune | None:
    """The commune this free text names, or None: "fort de france", "Schoelcher", "Trinité",
    "Ste Marie", "FDF" and "97209" all match; anything else (a quarter, a town elsewhere) does
    not, and is left for a person to fix."""
    if not text or len(text) > 200:
        return None
    stripped = text.strip()
    if stripped in _by_code():
        return _by_code()[stripped]
    folded = key(stripped)
    return _by_key().get(folded) if folded else None
