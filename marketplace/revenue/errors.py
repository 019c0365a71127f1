"""The revenue module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class RevenueError(ErrorCode):
    # Works and holders
    NOT_OWNER = "not_owner", N_("Vous n'êtes pas propriétaire de cette œuvre.")
    HOLDER_NOT_FOUND = "not_found", N_("Ayant droit introuvable.")
    # Split sheets
    SPLIT_SHEET_CHANGED = (
        "split_sheet_changed",
        N_("La feuille de partage a changé entre-temps : rechargez-la."),
    )
    UNKNOWN_HOLDER = (
        "unknown_holder",
        N_(
            "Ayant droit inconnu : %(holder_id)s. Laissez holder_id vide pour ajouter un nouvel "
            "ayant droit."
        ),
    )
    INVALID_ROLE = "invalid_role", N_("Rôle inconnu : %(role)s. Choisissez parmi : %(allowed)s.")
    INVALID_SIDE = (
        "invalid_side",
        N_("Côté inconnu : %(side)s. Choisissez parmi : %(allowed)s (ou rien : selon le rôle)."),
    )
    INVALID_PAYOUT_ACCOUNT = (
        "invalid_payout_account",
        N_(
            "Compte de versement invalide : indiquez un identifiant de compte Stripe Connect, comme "
            "acct_1A2b3C4d5E6f7G8h."
        ),
    )
    INVALID_HOLDER_NAME = (
        "invalid_holder_name",
        N_("Le nom de chaque ayant droit compte de 1 à %(max)s caractères."),
    )
    INVALID_SHARE = "invalid_share", N_("Chaque part (share_bp) doit être positive.")
    TOO_MANY_HOLDERS = (
        "too_many_holders",
        N_("Une feuille de partage compte de 1 à %(max)s ayants droit."),
    )
    NO_HOLDERS = "no_holders", N_("Une feuille de partage compte de 1 à %(max)s ayants droit.")
    DUPLICATE_HOLDER = (
        "duplicate_holder",
        N_(
            "Un ayant droit apparaît deux fois : une seule ligne par ayant droit, avec la somme de "
            "ses parts."
        ),
    )
    SHARES_NOT_100 = (
        "shares_not_100",
        N_("Les parts totalisent %(total)s points de base au lieu de 10000 (100 %%)."),
    )
    # Payout runs
    PAYOUT_RUN_NOT_FOUND = "not_found", N_("Versement introuvable.")
    INVALID_MIN_PAYOUT = (
        "invalid_min_payout",
        N_("Le minimum de versement (min_payout_cents) est d'au moins %(minimum)s centimes."),
    )
    TRANSFERS_PENDING = (
        "payment_gateway_unavailable",
        N_("Versement %(run_id)s : %(pending)s virements attendent le service de paiement."),
    )
    # Getting paid (Connect onboarding)
    INVALID_COUNTRY = (
        "invalid_country",
        N_("Pays inconnu : %(country)s. Indiquez le code à deux lettres de votre pays (FR, MQ…)."),
    )
    CONNECT_ACCOUNT_NOT_FOUND = (
        "not_found",
        N_("Aucun compte de versement : commencez par « Être payé »."),
    )
