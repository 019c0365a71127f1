"""The world map's data: Natural Earth's countries from npm's `world-atlas`, read once.

`make install` installs it with the browser libraries (package-lock.json); the map is drawn on
the server (`domain/worldmap.py`) for the pages and the PDF report alike.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache

import pycountry

from infra.http.vendor import node_module_file
from infra.i18n.context import N_, gettext
from marketplace.indicators.domain.worldmap import Shade, Territory, svg, territories

# 1:50m keeps the small island states (most of the Caribbean) that 1:110m leaves out.
ATLAS = "world-atlas/countries-50m.json"
FRENCH_PARTS = {
    "FR": N_("France hexagonale"),
    "GF": N_("Guyane"),
    "MQ": N_("Martinique"),
    "GP": N_("Guadeloupe"),
    "RE": N_("La Réunion"),
    "YT": N_("Mayotte"),
}
# Shades from light to dark: the pages' CSS legend and the PDF's use the same.
LEVELS = ("#b7dccf", "#6fb8a0", "#2f8a6e", "#145c48")
NEW_MARKET = "#d98b2b"


@cache
def world() -> tuple[Territory, ...]:
    path = node_module_file(ATLAS)
    if path is None:
        raise RuntimeError(f"{ATLAS} missing: run `make install`")
    topology = json.loads(path.read_text(encoding="utf-8"))
    alpha2 = {country.numeric: country.alpha_2 for country in pycountry.countries}
    return tuple(territories(topology, alpha2, FRENCH_PARTS))


def level(count: int, highest: int) -> str:
    """One of four shades, by the count's share of the highest (a quarter each)."""
    if highest <= 0:
        return LEVELS[0]
    return LEVELS[min(len(LEVELS) - 1, (count * len(LEVELS) - 1) // highest)]


def counts_map(counts: Mapping[str, int], label: str, names: Mapping[str, str]) -> str:
    """A map shaded by a count per country (alpha-2), e.g. a creator's plays."""
    highest = max(counts.values(), default=0)
    shades = {
        code: Shade(level(count, highest), f"{names.get(code, code)} : {count}")
        for code, count in counts.items()
        if code and count > 0
    }
    return svg(world(), shades, label)


def reach_map(
    reached: Sequence[str], new: Sequence[str], label: str, names: Mapping[str, str]
) -> str:
    """Markets reached in a period, the new ones in their own colour."""
    shades = {code: Shade(LEVELS[2], names.get(code, code)) for code in reached}
    suffix = gettext("nouveau marché")
    shades |= {code: Shade(NEW_MARKET, f"{names.get(code, code)} ({suffix})") for code in new}
    return svg(world(), shades, label)
