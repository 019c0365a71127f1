"""The audit log's errors: a stable code each, and the French message clients get translated."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class AuditError(ErrorCode):
    INVALID_ACTOR = (
        "invalid_actor",
        N_("Auteur invalide : donnez l'identifiant (UUID) d'un compte."),
    )
    INVALID_ORGANISATION = (
        "invalid_organisation",
        N_("Organisation invalide : donnez l'identifiant (UUID) d'une organisation."),
    )
    INVALID_ACTION = (
        "invalid_action",
        N_(
            "Action invalide : des minuscules, des chiffres, « _ » et « . », "
            "%(max)s caractères au plus (par exemple « order. »)."
        ),
    )
    INVALID_OBJECT = (
        "invalid_object",
        N_("Objet invalide : %(max)s caractères au plus, sans caractère de contrôle."),
    )
    INVALID_DATE = (
        "invalid_date",
        N_("Date invalide pour « %(field)s » : écrivez AAAA-MM-JJ ou une date et heure ISO 8601."),
    )
    INVALID_PERIOD = "invalid_period", N_("La date de début doit précéder la date de fin.")
    INVALID_LIMIT = "invalid_limit", N_("Le nombre d'entrées doit être entre 1 et %(max)s.")
    INVALID_CURSOR = "invalid_cursor", N_("Curseur de pagination invalide : repartez du début.")
