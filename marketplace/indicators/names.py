"""Countries' names in the reader's language (CLDR through babel; Creole reads French)."""

from __future__ import annotations

from babel import Locale

from accounts.territory import by_code
from infra.i18n.context import current_language, gettext
from infra.i18n.languages import BY_TAG, SOURCE
from marketplace.catalogue.disciplines import DISCIPLINE_LABELS


def country_label(code: str, language: str | None = None) -> str:
    if not code:
        return gettext("Pays inconnu")
    formats = BY_TAG.get(language or current_language(), BY_TAG[SOURCE]).formats
    return str(Locale.parse(formats).territories.get(code, code))


def discipline_name(code: str) -> str:
    labels = {discipline.value: label for discipline, label in DISCIPLINE_LABELS.items()}
    return gettext(labels[code]) if code in labels else code


def commune_name(code: str) -> str:
    found = by_code(code)
    return found.name if found else code
