"""Countries (ISO 3166-1 alpha-2, from pycountry's data) and the indicators' territory groups.

The groups do not overlap, so the groups of a period add up to its total: Martinique (local
consumption) apart from the rest of the French Antilles, the other French overseas
territories, mainland France, the rest of the Caribbean and the world.
"""

from __future__ import annotations

from functools import cache

import pycountry

MARTINIQUE = "martinique"
ANTILLES = (
    "antilles"  # the French Antilles but Martinique: Guadeloupe, Saint-Martin, Saint-Barthélemy
)
OVERSEAS = "overseas"  # the other French overseas departments and territories
FRANCE = "france"  # mainland France (and Corsica)
CARIBBEAN = "caribbean"  # the rest of the Caribbean basin (CARICOM, OECS, Greater Antilles)
WORLD = "world"
UNKNOWN = "unknown"
GROUPS = (MARTINIQUE, ANTILLES, OVERSEAS, FRANCE, CARIBBEAN, WORLD, UNKNOWN)

_BY_CODE = {
    "MQ": MARTINIQUE,
    **dict.fromkeys(("GP", "MF", "BL"), ANTILLES),
    **dict.fromkeys(("GF", "RE", "YT", "PM", "WF", "PF", "NC", "TF"), OVERSEAS),
    "FR": FRANCE,
    **dict.fromkeys(
        (
            # Greater Antilles, the Lesser Antilles' other islands, the Bahamas and the
            # CARICOM members on the mainland (Belize, Guyana, Suriname).
            *("CU", "DO", "HT", "JM", "PR", "KY", "BS", "TC"),
            *("AG", "AI", "AW", "BB", "BQ", "CW", "DM", "GD", "KN", "LC", "MS"),
            *("SX", "TT", "VC", "VG", "VI", "BZ", "GY", "SR"),
        ),
        CARIBBEAN,
    ),
}


@cache
def _known() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def known_codes() -> tuple[str, ...]:
    """Every country's code, sorted."""
    return tuple(sorted(_known()))


def country_code(value: object) -> str | None:
    """The ISO alpha-2 code when `value` names an existing country, else None."""
    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    return code if code in _known() else None


def group_of(code: str) -> str:
    """The territory group of a known code ("" or None: unknown)."""
    if not code:
        return UNKNOWN
    return _BY_CODE.get(code, WORLD)
