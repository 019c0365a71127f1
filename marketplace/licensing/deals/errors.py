"""The licence deals' errors: a stable code each, and the French message clients get."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class DealError(ErrorCode):
    DEAL_NOT_FOUND = "not_found", N_("Demande de licence introuvable.")
    WRONG_STATE = (
        "deal_state",
        N_("Cette demande de licence n'en est plus là : cette action n'est plus possible."),
    )
    NOT_YOUR_TURN = (
        "not_your_turn",
        N_("Les ayants droit n'ont pas encore fait d'offre : rien à accepter."),
    )
    OFFER_EXPIRED = (
        "offer_expired",
        N_("L'offre a expiré : demandez aux ayants droit d'en faire une nouvelle."),
    )
    INVALID_PRICE = (
        "invalid_price",
        N_("Le prix va de 0,01 € à 10 000 000 €, en centimes entiers."),
    )
    INVALID_EXPIRY = "invalid_expiry", N_("L'offre doit expirer plus tard qu'aujourd'hui.")
    TEXT_TOO_LONG = "text_too_long", N_("Un texte fait au plus %(max)s caractères.")
    OTHER_SIDE = (
        "other_side",
        N_("C'est à l'autre partie de cette demande de licence d'agir ici."),
    )
    READ_ONLY = (
        "read_only",
        N_(
            "Votre rôle dans l'organisation est en lecture seule : "
            "demandez à un de ses administrateurs d'agir ou de changer votre rôle."
        ),
    )
    UNKNOWN_STAGE = (
        "unknown_stage",
        N_("Étape inconnue : choisissez parmi %(allowed)s."),
    )
