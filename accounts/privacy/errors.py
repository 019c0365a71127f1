"""The privacy module's errors: a stable code each, the French message clients get translated."""

from __future__ import annotations

from infra.errors import AppError, ErrorCode
from infra.i18n.context import N_


class PrivacyError(ErrorCode):
    ORDERS_PENDING = (
        "orders_pending",
        N_(
            "Une commande attend son paiement ou un versement est en cours : votre compte "
            "pourra être supprimé quand ils seront terminés."
        ),
    )
    EXPORT_NOT_FOUND = "export_not_found", N_("Archive introuvable.")
    EXPORT_NOT_READY = (
        "export_not_ready",
        N_("L'archive est en préparation : vous recevrez une notification quand elle sera prête."),
    )
    EXPORT_EXPIRED = (
        "export_expired",
        N_("Ce lien a expiré : demandez une nouvelle archive de vos données."),
    )


class Gone(AppError):
    """It existed, and is no more (an expired download)."""

    status_code = 410
