"""The accounts module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
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
