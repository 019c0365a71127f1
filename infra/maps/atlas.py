"""The world map's data: Natural Earth's countries from npm's `world-atlas`, read once.

`make install` installs it with the browser libraries (package-lock.json); the map is drawn on
the server (`worldmap.py`) for pages and PDF documents alike, by any module that shades
territories (the indicators' markets reached, licensing's availability).
"""

from __future__ import annotations

import json
from functools import cache

import pycountry

from infra.http.vendor import node_module_file
from infra.maps.worldmap import Territory, territories

# 1:50m keeps the small island states (most of the Caribbean) that 1:110m leaves out.
ATLAS = "world-atlas/countries-50m.json"
# France's parts, split out of world-atlas's France. Their names are only the drawing's own:
# pages name territories in the reader's language in their titles and tables.
FRENCH_PARTS = {
    "FR": "France hexagonale",
    "GF": "Guyane",
    "MQ": "Martinique",
    "GP": "Guadeloupe",
    "RE": "La Réunion",
    "YT": "Mayotte",
}


@cache
def world() -> tuple[Territory, ...]:
    """Every territory of the map, parsed once per process (about 0.4 s)."""
    path = node_module_file(ATLAS)
    if path is None:
        raise RuntimeError(f"{ATLAS} missing: run `make install`")
    topology = json.loads(path.read_text(encoding="utf-8"))
    alpha2 = {country.numeric: country.alpha_2 for country in pycountry.countries}
    return tuple(territories(topology, alpha2, FRENCH_PARTS))
