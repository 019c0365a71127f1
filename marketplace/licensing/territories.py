"""Territories as data: ISO 3166-1 countries (pycountry) and named groups (`territories.json`:
UN M49 regions, the French overseas departments, the Caribbean's organisations, the EU...).

A territory expression names what is included and, after a minus sign or `except`, what is
left out: `world -FR`, `world except FR`, `caricom french_antilles`, `m49:419`, `CA US`.
`resolve` turns one into a set of alpha-2 codes; an unknown term is an error that names it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

DATA = Path(__file__).parent / "territories.json"
MAX_TERMS = 60


class UnknownTerritory(ValueError):
    def __init__(self, term: str) -> None:
        super().__init__(term)
        self.term = term


@dataclass(frozen=True)
class Territories:
    countries: frozenset[str]
    groups: Mapping[str, frozenset[str]]  # group name (or `m49:<code>`) -> countries
    sources: Mapping[str, str]
    # Every code's fixed position, for compact country sets (append-only in the data file).
    order: tuple[str, ...] = ()

    def expand(self, term: str) -> frozenset[str]:
        if len(term) == 2 and term.upper() in self.countries:
            return frozenset({term.upper()})
        found = self.groups.get(term.lower())
        if found is None:
            raise UnknownTerritory(term)
        return found

    def resolve(self, expression: str) -> frozenset[str]:
        """The countries an expression covers; an empty expression covers none."""
        include, exclude = parse(expression)
        return self.resolve_parts(include, exclude)

    def resolve_parts(self, include: Iterable[str], exclude: Iterable[str]) -> frozenset[str]:
        covered: set[str] = set()
        for term in include:
            covered |= self.expand(term)
        for term in exclude:
            covered -= self.expand(term)
        return frozenset(covered)


def parse(expression: str) -> tuple[list[str], list[str]]:
    """Split `world except FR GP` / `world -FR -GP` into what is included and excluded."""
    words = [word for word in re.split(r"[\s,;+]+", expression.strip()) if word]
    if len(words) > MAX_TERMS:
        raise UnknownTerritory(f"{len(words)} terms (at most {MAX_TERMS})")
    include: list[str] = []
    exclude: list[str] = []
    excluding = False
    for word in words:
        if word.lower() == "except":
            excluding = True
        elif word.startswith("-") and len(word) > 1:
            exclude.append(word[1:])
        else:
            (exclude if excluding else include).append(word)
    return include, exclude


@cache
def territories() -> Territories:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    countries = frozenset(country.alpha_2 for country in pycountry.countries)
    m49 = data["m49"]
    children: dict[str, set[str]] = {}
    for code, region in m49["regions"].items():
        if region["parent"]:
            children.setdefault(region["parent"], set()).add(code)
    for country, parent in m49["countries"].items():
        children.setdefault(parent, set()).add(country)

    def members(code: str) -> frozenset[str]:
        found: set[str] = set()
        for child in children.get(code, ()):
            found |= {child} if child in countries else members(child)
        return frozenset(found)

    groups: dict[str, frozenset[str]] = {}
    sources: dict[str, str] = {}
    for code, region in m49["regions"].items():
        groups[f"m49:{code}"] = members(code)
        sources[f"m49:{code}"] = f"UN M49 {code} {region['name']}"
    for alias, target in data["aliases"].items():
        groups[alias] = groups[target]
        sources[alias] = sources[target]
    for name, group in data["groups"].items():
        unknown = set(group["members"]) - countries
        if unknown:
            raise ValueError(f"group {name} names unknown countries: {sorted(unknown)}")
        groups[name] = frozenset(group["members"])
        sources[name] = group["source"]
    order = tuple(data["country_order"]["codes"])
    if set(order) != countries or len(order) != len(countries):
        raise ValueError("territories.json country_order must list every ISO country once")
    return Territories(countries, groups, sources, order)


def resolve(expression: str) -> frozenset[str]:
    return territories().resolve(expression)
