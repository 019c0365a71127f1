"""The catalogue exports' error codes."""

from __future__ import annotations

from infra.errors import AppError, ErrorCode
from infra.i18n.context import N_


class ExportError(ErrorCode):
    NOT_FOUND = "export_not_found", N_("Export introuvable.")
    NOT_READY = "export_not_ready", N_("L'export n'est pas encore prêt : consultez son état.")
    EXPIRED = "export_expired", N_("Cet export a expiré : demandez-en un nouveau.")
    LINK_INVALID = (
        "export_link_invalid",
        N_("Ce lien de téléchargement n'est pas valide ou a expiré : relisez l'état de l'export."),
    )
    BUILD_FAILED = (
        "export_build_failed",
        N_(
            "L'export n'a pas pu être construit après plusieurs essais : demandez-en un nouveau, "
            "ou écrivez-nous s'il échoue encore."
        ),
    )
    TOO_MANY = (
        "too_many_exports",
        N_(
            "%(max)s exports sont déjà en cours pour votre organisation : attendez qu'ils finissent."
        ),
    )


class Gone(AppError):
    """It existed, and is no more (an expired export)."""

    status_code = 410
