"""The accounts module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import AppError, ErrorCode
from infra.i18n.context import N_


class AccountError(ErrorCode):
    # Guards
    ROLE_REQUIRED = "role_required", N_("Votre compte n'a pas accès à ceci.")
    STAFF_ONLY = "staff_only", N_("Réservé à l'équipe Lakou.")
    # Signing in
    SIGN_IN_REQUIRED = (
        "not_authenticated",
        N_(
            "Connexion requise : connectez-vous, ou envoyez l'en-tête "
            "« Authorization: Bearer <jeton> »."
        ),
    )
    INVALID_TOKEN = "invalid_token", N_("Jeton invalide ou expiré.")
    CSRF_FAILED = "csrf_failed", N_("Jeton CSRF invalide : rechargez la page.")
    INVALID_CREDENTIALS = "invalid_credentials", N_("E-mail ou mot de passe incorrect.")
    # Signing up
    EMAIL_TAKEN = "email_taken", N_("Un compte utilise déjà l'adresse %(email)s.")
    INVALID_EMAIL = "invalid_email", N_("Adresse e-mail invalide.")
    INVALID_DISPLAY_NAME = (
        "invalid_display_name",
        N_("Nom affiché invalide : il contient un caractère nul."),
    )
    WEAK_PASSWORD = "weak_password", N_("Le mot de passe doit compter au moins %(min)s caractères.")
    PASSWORD_TOO_LONG = (
        "password_too_long",
        N_("Mot de passe trop long : %(max)s caractères au plus."),
    )
    INVALID_ROLE = "invalid_role", N_("Rôle inconnu : %(role)s. Choisissez parmi : %(allowed)s.")
    INVALID_LANGUAGE = "invalid_language", N_("Langue inconnue. Choisissez parmi : %(allowed)s.")
    # Single-use links (address check, password reset, address change)
    LINK_INVALID = (
        "link_invalid",
        N_("Ce lien n'est pas valide : vérifiez qu'il est complet, ou demandez-en un nouveau."),
    )
    LINK_USED = "link_used", N_("Ce lien a déjà servi : demandez-en un nouveau si besoin.")
    LINK_EXPIRED = "link_expired", N_("Ce lien a expiré : demandez-en un nouveau.")
    ALREADY_VERIFIED = "already_verified", N_("Votre adresse e-mail est déjà confirmée.")
    WRONG_PASSWORD = "wrong_password", N_("Mot de passe actuel incorrect.")
    SAME_EMAIL = "same_email", N_("C'est déjà l'adresse de votre compte.")
    # Sessions
    SESSION_NOT_FOUND = "not_found", N_("Session introuvable.")
    # Second factor (TOTP)
    TOTP_REQUIRED = (
        "totp_required",
        N_("Code de vérification requis : envoyez le code de votre application (champ « totp »)."),
    )
    TOTP_INVALID = "invalid_totp", N_("Code de vérification incorrect ou déjà utilisé.")
    TOTP_ALREADY_ENABLED = "totp_enabled", N_("La double authentification est déjà activée.")
    TOTP_NOT_ENABLED = "totp_disabled", N_("La double authentification n'est pas activée.")
    TOTP_NOT_STARTED = (
        "totp_not_started",
        N_("Commencez par demander une nouvelle clé de double authentification."),
    )
    TOTP_ENROLMENT_REQUIRED = (
        "totp_enrolment_required",
        N_("Activez d'abord la double authentification sur votre compte (/compte/securite)."),
    )


class LinkGone(AppError):
    """A single-use link that worked once: used, or past its time."""

    status_code = 410
