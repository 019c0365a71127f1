"""A saved search's filters in words, in the reader's language, for its page: each filter's
name, then its values as the search page names them (disciplines, languages, countries…)."""

from __future__ import annotations

from collections.abc import Callable

from infra.http.pages import language_name
from infra.i18n.context import N_, gettext
from marketplace.catalogue.disciplines import DISCIPLINE_LABELS
from marketplace.licensing.availability_pages import medium_label
from marketplace.licensing.names import CALENDAR_GROUPS, country_names
from marketplace.partners.saved_searches.domain import Criteria
from media.tracks.languages import language_label

# The search page's legends for the same filters, in its order.
LEGENDS = {
    "discipline": N_("Discipline"),
    "language": N_("Langue"),
    "version_language": N_("Versions (audio, sous-titres)"),
    "availability": N_("Disponibilité"),
    "commune": N_("Commune"),
    "territory": N_("Territoire de droits"),
    "licence_type": N_("Type de licence"),
    "has_preview": N_("Extrait"),
    "year_min": N_("Année, à partir de"),
    "year_max": N_("Année, jusqu'à"),
    "duration_min": N_("Durée minimale (secondes)"),
    "duration_max": N_("Durée maximale (secondes)"),
    "price_min": N_("Prix minimal (centimes)"),
    "price_max": N_("Prix maximal (centimes)"),
}
AVAILABILITY = {
    "buy": N_("À acheter"),
    "stream": N_("En écoute"),
    "licence": N_("Sous licence"),
    "free": N_("Gratuit"),
}
PREVIEW = {"true": N_("avec un extrait"), "false": N_("sans extrait")}


def _discipline(value: str) -> str:
    label = next((text for d, text in DISCIPLINE_LABELS.items() if d.value == value), None)
    return gettext(label) if label else value


def _territory(value: str) -> str:
    if value in CALENDAR_GROUPS:
        return gettext(CALENDAR_GROUPS[value])
    return country_names({value})[value] if len(value) == 2 else value


def _named(table: dict[str, str]) -> Callable[[str], str]:
    return lambda value: gettext(table[value]) if value in table else value


NAMERS: dict[str, Callable[[str], str]] = {
    "discipline": _discipline,
    "language": language_name,
    "version_language": language_label,
    "availability": _named(AVAILABILITY),
    "territory": _territory,
    "licence_type": medium_label,
    "has_preview": _named(PREVIEW),
}


def filters_in_words(criteria: Criteria) -> list[tuple[str, str]]:
    """(legend, values) for each filter the search has, in the search page's order."""
    words = []
    for name, legend in LEGENDS.items():
        values = criteria.values(name)
        if values:
            namer = NAMERS.get(name, str)
            words.append((gettext(legend), ", ".join(namer(value) for value in values)))
    return words
