"""The moderation module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class ModerationError(ErrorCode):
    TARGET_NOT_FOUND = "not_found", N_("Contenu introuvable : il n'existe pas ou n'est pas public.")
    UNKNOWN_TARGET_KIND = (
        "invalid_target",
        N_(
            "On ne peut pas signaler ce type de contenu : %(kind)s. Choisissez parmi : %(allowed)s."
        ),
    )
    UNKNOWN_REASON = (
        "invalid_reason",
        N_("Motif inconnu : %(reason)s. Choisissez parmi : %(allowed)s."),
    )
    DETAILS_TOO_LONG = (
        "details_too_long",
        N_("Les précisions font %(max)s caractères au plus."),
    )
    ALREADY_REPORTED = (
        "already_reported",
        N_("Vous avez déjà signalé ce contenu : l'équipe l'examine."),
    )
    REPORT_NOT_FOUND = "not_found", N_("Signalement introuvable.")
    REPORT_CLOSED = "report_closed", N_("Ce signalement est déjà traité.")
    UNKNOWN_ACTION = (
        "invalid_action",
        N_("Décision inconnue : %(action)s. Choisissez parmi : %(allowed)s."),
    )
    REASON_REQUIRED = (
        "reason_required",
        N_(
            "Donnez la raison de la décision (de 1 à %(max)s caractères) : la personne concernée la lira."
        ),
    )
    DECISION_NOT_FOUND = "not_found", N_("Décision introuvable.")
    NOT_APPEALABLE = (
        "not_appealable",
        N_("Il n'y a rien à contester : le signalement a été classé ou le contenu rétabli."),
    )
    APPEAL_USED = (
        "appeal_used",
        N_("Vous avez déjà fait appel de cette décision : un seul appel est possible."),
    )
    APPEAL_TEXT = (
        "invalid_appeal",
        N_("Expliquez votre appel en %(max)s caractères au plus (au moins un)."),
    )
    NOTHING_TO_RESTORE = (
        "nothing_to_restore",
        N_("Rien à rétablir : la décision n'a rien masqué ou le contenu est déjà rétabli."),
    )
    NO_PENDING_APPEAL = "no_pending_appeal", N_("Aucun appel en attente sur cette décision.")
    UNKNOWN_OUTCOME = (
        "invalid_outcome",
        N_("Issue inconnue : %(outcome)s. Choisissez parmi : %(allowed)s."),
    )
