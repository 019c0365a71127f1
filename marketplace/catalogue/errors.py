"""The catalogue's errors: a stable code each, and the French message clients get translated
(see `infra.errors`).

One code, one message per enum: a code shared by creators and works (`not_found`) has a
member in each. Where a code covers several problems (an identifier's many ways to be wrong),
the message takes the problem as a `LazyText` parameter, translated with the message itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from infra.errors import AppError, ErrorCode, fill
from infra.i18n.context import N_, gettext


class LazyText:
    """A message translated only when it is written out, in the language of that moment.

    An error's message is translated at the HTTP edge, in the request's language, and filled
    with its parameters there: a parameter that is itself a sentence is one of these.
    """

    __slots__ = ("message", "params")

    def __init__(self, message: str, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.params = dict(params or {})

    def __str__(self) -> str:
        return fill(gettext(self.message), self.params)

    def __repr__(self) -> str:
        return f"LazyText({self.message!r}, {self.params!r})"


def error_text(error: AppError) -> str:
    """An error's message in the active language, as the HTTP edge writes it (for pages)."""
    return fill(gettext(error.error.message), error.params)


class CatalogueError(ErrorCode):
    """Errors about creators and works alike."""

    INVALID_LOCALISED_TEXT = "invalid_localised_text", N_("%(field)s : %(reason)s.")
    NOT_OWNER = "not_owner", N_("Vous n'êtes pas le propriétaire de ceci.")
    EMPTY_UPDATE = "empty_update", N_("Rien à modifier : envoyez au moins un champ.")
    INVALID_CURSOR = "invalid_cursor", N_("Curseur de pagination invalide.")


class CreatorError(ErrorCode):
    NOT_FOUND = "not_found", N_("Créateur introuvable.")
    NOT_A_CREATOR = (
        "not_a_creator",
        N_("Seuls les comptes créateur peuvent créer un profil de créateur."),
    )
    INVALID_NAME = "invalid_name", N_("Le nom doit compter de 1 à 200 caractères.")
    INVALID_COMMUNE = "invalid_commune", N_("Commune : %(max)s caractères au plus.")
    UNKNOWN_COMMUNE_CODE = (
        "unknown_commune_code",
        N_("Commune : « %(code)s » n'est pas le code INSEE d'une commune de Martinique."),
    )
    TOO_MANY_LINKS = "too_many_links", N_("Liens : %(max)s au plus.")
    INVALID_LINK = "invalid_link", N_("Liens : « %(link)s » n'est pas une adresse http(s).")


class WorkError(ErrorCode):
    NOT_FOUND = "not_found", N_("Œuvre introuvable.")
    MISSING_TITLE = "missing_title", N_("Titres : donnez au moins un titre.")
    UNSUPPORTED_LANGUAGE = (
        "unsupported_language",
        N_("Langues : « %(tag)s » n'est pas une langue prise en charge ; utilisez %(supported)s."),
    )
    INVALID_IDENTIFIER = "invalid_identifier", N_("%(kind)s « %(value)s » invalide : %(reason)s.")
    TOO_MANY_CREDITS = "too_many_credits", N_("Crédits : %(max)s au plus.")
    INVALID_CREDIT = (
        "invalid_credit",
        N_("Crédits : chaque nom doit compter de 1 à 200 caractères."),
    )
    INVALID_YEAR = "invalid_year", N_("L'année doit être comprise entre %(min)s et %(max)s.")
    INVALID_DURATION = (
        "invalid_duration",
        N_("La durée doit être comprise entre 1 et %(max)s secondes."),
    )
    MODERATION_HOLD = (
        "moderation_hold",
        N_("Cette œuvre a été retirée par la modération : contactez l'équipe Lakou."),
    )
    MEDIA_PROCESSING = (
        "media_processing",
        N_("Le média de cette œuvre est en cours de traitement : publiez-la une fois prêt."),
    )
    NOT_PUBLISHED = (
        "not_published",
        N_("Seule une œuvre publiée peut être retirée (celle-ci est à l'état : %(status)s)."),
    )
    INVALID_STATUS = "invalid_filter", N_("État inconnu : « %(status)s ».")
