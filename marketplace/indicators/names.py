"""Countries' names in the reader's language (CLDR through babel; Creole reads French)."""

from __future__ import annotations

from babel import Locale

from infra.i18n.context import current_language, gettext
from infra.i18n.languages import BY_TAG, SOURCE


def country_label(code: str, language: str | None = None) -> str:
    if not code:
        return gettext("Pays inconnu")
    formats = BY_TAG.get(language or current_language(), BY_TAG[SOURCE]).formats
    return str(Locale.parse(formats).territories.get(code, code))
