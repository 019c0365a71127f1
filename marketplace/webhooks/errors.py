"""The webhooks module's errors: a stable code each, and the French message clients get."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class WebhookError(ErrorCode):
    NOT_FOUND = "not_found", N_("Webhook introuvable.")
    DELIVERY_NOT_FOUND = "not_found", N_("Message de webhook introuvable.")
    INVALID_URL = (
        "invalid_url",
        N_(
            "Adresse invalide : une URL https:// complète, sans identifiants, de %(max)s caractères au plus."
        ),
    )
    TARGET_FORBIDDEN = (
        "webhook_target_forbidden",
        N_("Lakou n'envoie pas à cette adresse (réseau local, privé ou réservé) : %(reason)s"),
    )
    INVALID_EVENT_TYPES = (
        "invalid_event_types",
        N_("Événements inconnus ou absents : %(unknown)s. Choisissez parmi : %(allowed)s."),
    )
    INVALID_DESCRIPTION = (
        "invalid_description",
        N_("Description trop longue : %(max)s caractères au plus."),
    )
    TOO_MANY_ENDPOINTS = (
        "too_many_endpoints",
        N_("Une organisation a au plus %(max)s webhooks : supprimez-en un d'abord."),
    )
    DELIVERY_PENDING = (
        "delivery_pending",
        N_("Cet envoi est encore en cours : il sera retenté de lui-même."),
    )
    ENDPOINT_DISABLED = (
        "endpoint_disabled",
        N_("Ce webhook est désactivé : réactivez-le avant de renvoyer."),
    )
    NOT_VERIFIED = (
        "organisation_not_verified",
        N_("L'organisation doit être vérifiée pour recevoir des webhooks."),
    )
