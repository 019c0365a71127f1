"""Names shown on licensing's pages: countries in the reader's language (CLDR through babel;
Creole reads French) and the territory groups the calendar rows stand for."""

from __future__ import annotations

from babel import Locale

from infra.i18n.context import N_, current_language
from infra.i18n.languages import BY_TAG, SOURCE

# The calendar's rows: the groups partners buy for, from the islands outwards.
CALENDAR_GROUPS = {
    "martinique": N_("Martinique"),
    "french_antilles": N_("Antilles françaises"),
    "french_overseas_departments": N_("Départements d'outre-mer"),
    "france_metropolitan": N_("France hexagonale"),
    "caribbean": N_("Caraïbes"),
    "north_america": N_("Amérique du Nord"),
    "latin_america": N_("Amérique latine"),
    "eu": N_("Union européenne"),
    "africa": N_("Afrique"),
    "asia": N_("Asie"),
    "oceania": N_("Océanie"),
}


def country_names(codes: set[str] | frozenset[str]) -> dict[str, str]:
    formats = BY_TAG.get(current_language(), BY_TAG[SOURCE]).formats
    territories = Locale.parse(formats).territories
    return {code: str(territories.get(code, code)) for code in codes}
