"""The saved searches' errors: a stable code each, and the French message clients get."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class SavedSearchError(ErrorCode):
    NOT_FOUND = "not_found", N_("Recherche enregistrée introuvable.")
    INVALID_NAME = (
        "invalid_name",
        N_("Nom invalide : de 1 à %(max)s caractères, sans caractère de contrôle."),
    )
    UNKNOWN_FILTER = (
        "unknown_filter",
        N_("Filtres inconnus : %(names)s. Filtres possibles : %(known)s."),
    )
    PERIOD_NEEDS_RIGHTS = (
        "period_needs_rights",
        N_("Une période de droits demande au moins un territoire et un type de licence."),
    )
    INVALID_PERIOD = (
        "invalid_period",
        N_("Période invalide : la fin doit suivre le début, entre %(earliest)s et %(latest)s."),
    )
    TOO_MANY = (
        "too_many_saved_searches",
        N_("Une organisation a au plus %(max)s recherches enregistrées : supprimez-en une."),
    )
    READ_ONLY = (
        "read_only",
        N_("Votre rôle dans l'organisation est en lecture seule : demandez à un administrateur."),
    )
