"""The partner routes' own errors (availability and licence requests made with a key)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class PartnerError(ErrorCode):
    WORK_NOT_FOUND = "not_found", N_("Œuvre introuvable.")
    KEY_HOLDER_GONE = (
        "key_holder_gone",
        N_(
            "La personne qui a créé cette clé n'est plus membre de l'organisation : une licence "
            "se demande au nom d'une personne. Créez une nouvelle clé."
        ),
    )
    NOT_AN_AVAILS_MEDIUM = (
        "not_an_avails_medium",
        N_("Le tableau EMA Avails couvre ces modes seulement : %(allowed)s."),
    )
