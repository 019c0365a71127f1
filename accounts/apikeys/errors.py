"""The API keys module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class ApiKeyError(ErrorCode):
    NOT_FOUND = "not_found", N_("Clé d'API introuvable.")
    NOT_ADMIN = (
        "organisation_admin_required",
        N_("Seuls les propriétaires et administrateurs de l'organisation gèrent ses clés d'API."),
    )
    NOT_VERIFIED = (
        "organisation_not_verified",
        N_("L'organisation doit être vérifiée pour utiliser des clés d'API."),
    )
    INVALID_NAME = (
        "invalid_name",
        N_("Nom invalide : de 1 à %(max)s caractères, sans caractère de contrôle."),
    )
    INVALID_SCOPES = (
        "invalid_scopes",
        N_("Portées inconnues ou absentes : %(unknown)s. Choisissez parmi : %(allowed)s."),
    )
    INVALID_RATE = (
        "invalid_rate",
        N_("Limite invalide : de 1 à %(max)s appels par minute."),
    )
    INVALID_OVERLAP = (
        "invalid_overlap",
        N_("Chevauchement invalide : de 0 à %(max)s heures."),
    )
    TOO_MANY_KEYS = (
        "too_many_keys",
        N_("Une organisation a au plus %(max)s clés en service : révoquez-en une d'abord."),
    )
    REVOKED = "api_key_revoked", N_("Cette clé d'API a été révoquée.")
    NOT_USABLE = "api_key_not_usable", N_("Cette clé d'API n'est plus en service.")
    # Calls made with a key
    KEY_REQUIRED = (
        "api_key_required",
        N_("Envoyez une clé d'API dans l'en-tête « Authorization: Bearer lkp_… »."),
    )
    KEY_INVALID = "api_key_invalid", N_("Clé d'API inconnue.")
    KEY_EXPIRED = "api_key_expired", N_("Cette clé d'API a expiré après sa rotation.")
    SCOPE_MISSING = (
        "api_key_scope_missing",
        N_("Cette clé d'API n'a pas la portée %(scope)s."),
    )
    RATE_LIMITED = (
        "api_key_rate_limited",
        N_("Trop d'appels avec cette clé : réessayez dans %(seconds)s secondes."),
    )
