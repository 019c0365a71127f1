"""Language tags of catalogue text: French, Martinican Creole, English and Spanish.

Martinican Creole has no tag of its own in ISO 639-3; it is filed under ``gcf`` (Guadeloupean
Creole French) and is written here as ``gcf-MQ``. Older data and other tools use ``acf``
(Saint Lucian Creole, the closest code some systems offer) or the collective ``cpf``, so those
are accepted as aliases. Only tags are accepted, not language names or spellings such as
"kréyòl": search handles those, storage needs one unambiguous key.

Errors carry their reason as a French source message (`message`, marked for the catalogue
module's catalogues) with its `params`, so the API can give it in the request's language.

Standard library and the platform's `N_`: shared by the web layer, workers and imports.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from infra.i18n.context import N_

__all__ = [
    "SUPPORTED_LANGUAGES",
    "InvalidLocalisedText",
    "UnsupportedLanguage",
    "normalise_language",
    "normalise_localised_text",
]

SUPPORTED_LANGUAGES: tuple[str, ...] = ("fr", "gcf-MQ", "en", "es")

# Keys are lower-case with "-" separators. Region variants of fr/en/es ("fr-FR") are refused
# on purpose: stored text is keyed by exactly one tag per language, and silently folding
# "fr-CA" into "fr" would hide a caller's mistake. Negotiating a browser's Accept-Language is
# a separate concern. "gcf-GP" (Guadeloupean Creole) is not Martinican and is refused too.
_ALIASES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "fr": "fr",
        "gcf-mq": "gcf-MQ",
        "gcf": "gcf-MQ",
        "acf": "gcf-MQ",
        "cpf": "gcf-MQ",
        "en": "en",
        "es": "es",
    }
)

# Real tags are a few characters long; anything longer is echoed back shortened.
_MAX_SHOWN: Final = 35


def _shown(tag: object) -> str:
    text = tag if isinstance(tag, str) else repr(tag)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "\N{HORIZONTAL ELLIPSIS}"


class UnsupportedLanguage(ValueError):
    """A language tag outside SUPPORTED_LANGUAGES and their aliases; ``tag`` is the input."""

    message = N_("langue « %(tag)s » non prise en charge ; utilisez %(supported)s")

    def __init__(self, tag: str) -> None:
        self.tag = _shown(tag)
        super().__init__(str(self))

    @property
    def params(self) -> dict[str, str]:
        return {"tag": self.tag, "supported": ", ".join(SUPPORTED_LANGUAGES)}

    def __str__(self) -> str:
        text = self.message % self.params
        return f"{text[:1].upper()}{text[1:]}."

    def __reduce__(self) -> tuple[type[UnsupportedLanguage], tuple[str]]:
        return (type(self), (self.tag,))


class InvalidLocalisedText(ValueError):
    """Localised text that cannot be stored; ``language`` is the offending tag, if any.

    ``message`` is the reason's French source with its ``params``; ``reason`` the filled text.
    """

    def __init__(
        self, message: str, language: str | None = None, params: Mapping[str, Any] | None = None
    ) -> None:
        self.message = message
        self.params = dict(params or {})
        self.language = language
        super().__init__(str(self))

    @property
    def reason(self) -> str:
        return self.message % self.params if self.params else self.message

    def __str__(self) -> str:
        where = f" ({self.language})" if self.language is not None else ""
        return f"Texte localisé invalide{where} : {self.reason}."

    def __reduce__(
        self,
    ) -> tuple[type[InvalidLocalisedText], tuple[str, str | None, dict[str, Any]]]:
        return (type(self), (self.message, self.language, self.params))


def normalise_language(tag: str) -> str:
    """The canonical tag (one of SUPPORTED_LANGUAGES) for ``tag``; raises UnsupportedLanguage.

    Case-insensitive; "_" is accepted for "-" because locale names (``gcf_MQ``) use it.
    """
    if not isinstance(tag, str):
        raise UnsupportedLanguage(_shown(tag))
    canonical = _ALIASES.get(tag.strip().replace("_", "-").lower())
    if canonical is None:
        raise UnsupportedLanguage(tag)
    return canonical


def normalise_localised_text(texts: Mapping[str, str], *, max_length: int) -> dict[str, str]:
    """Validate text keyed by language and return it keyed by canonical tags.

    Values are stripped and put in Unicode NFC form, so that a Creole "ò" typed as "o" plus a
    combining accent is stored, counted and searched like the precomposed one. Empty values
    are dropped (a blank form field means "no translation") before duplicates are looked for,
    so ``{"gcf": "", "gcf-MQ": "Bonjou"}`` is accepted, while two non-empty values for the same
    language (``"gcf"`` and ``"acf"``) are refused rather than one silently winning. The result
    is ordered as SUPPORTED_LANGUAGES. ``max_length`` counts characters after normalisation.
    Raises UnsupportedLanguage for an unknown key and InvalidLocalisedText otherwise.
    """
    if max_length < 1:
        raise ValueError(f"max_length must be positive, got {max_length}")
    found: dict[str, str] = {}
    original_keys: dict[str, str] = {}
    for key, raw in texts.items():
        language = normalise_language(key)
        if not isinstance(raw, str):
            raise InvalidLocalisedText(N_("texte attendu"), language)
        value = unicodedata.normalize("NFC", raw).strip()
        if not value:
            continue
        # PostgreSQL cannot store NUL in text; refusing it here keeps that a client error.
        if "\x00" in value:
            raise InvalidLocalisedText(N_("il contient un caractère NUL"), language)
        if len(value) > max_length:
            raise InvalidLocalisedText(
                N_("%(length)s caractères, plus que les %(max)s permis"),
                language,
                {"length": len(value), "max": max_length},
            )
        if language in found:
            raise InvalidLocalisedText(
                N_("donné deux fois, comme « %(first)s » et « %(second)s »"),
                language,
                {"first": _shown(original_keys[language]), "second": _shown(key)},
            )
        found[language] = value
        original_keys[language] = key
    return {language: found[language] for language in SUPPORTED_LANGUAGES if language in found}
