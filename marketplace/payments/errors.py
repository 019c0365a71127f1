"""The payments module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`). Provider details (the operation, Stripe's own words) are
parameters, shown as they are."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class PaymentError(ErrorCode):
    # The provider
    GATEWAY_UNAVAILABLE = (
        "payment_gateway_unavailable",
        N_(
            "Le service de paiement ne répond pas (%(operation)s : %(reason)s, %(attempts)s "
            "tentatives) : réessayez dans un instant, l'opération ne sera pas faite deux fois."
        ),
    )
    GATEWAY_MISCONFIGURED = (
        "payment_gateway_unavailable",
        N_(
            "Le service de paiement est mal configuré : Stripe refuse la clé d'API de Lakou "
            "(%(operation)s : %(reason)s)."
        ),
    )
    GATEWAY_REFUSED = (
        "payment_gateway_refused",
        N_("Le service de paiement a refusé l'opération (%(operation)s : %(reason)s)."),
    )
    IDEMPOTENCY_CONFLICT = (
        "idempotency_conflict",
        N_(
            "Cette opération de paiement a déjà été demandée avec d'autres paramètres "
            "(%(operation)s)."
        ),
    )
    PAYMENT_NOT_FOUND_AT_STRIPE = (
        "payment_not_found",
        N_("Paiement introuvable chez Stripe (%(operation)s : %(reason)s)."),
    )
    # Webhook signatures
    SIGNATURE_MISSING = (
        "signature_missing",
        N_("Signature absente : l'en-tête Stripe-Signature manque."),
    )
    SIGNATURE_NOT_UTF8 = (
        "invalid_signature",
        N_("Signature invalide : le corps reçu n'est pas le texte UTF-8 que Stripe a signé."),
    )
    SIGNATURE_MALFORMED = (
        "invalid_signature",
        N_("Signature invalide : l'en-tête n'a pas la forme t=<unix time>,v1=<hex signature>."),
    )
    SIGNATURE_MISMATCH = (
        "invalid_signature",
        N_(
            "Signature invalide : elle ne correspond pas à ce corps et au secret de webhook "
            "configuré."
        ),
    )
    SIGNATURE_EXPIRED = (
        "signature_expired",
        N_(
            "Signature refusée : elle date de plus de %(seconds)s s (notification rejouée ou "
            "retardée)."
        ),
    )
    BODY_NOT_JSON = (
        "invalid_signature",
        N_("Notification illisible : le corps signé n'est pas du JSON."),
    )
    NOT_AN_EVENT = (
        "invalid_signature",
        N_("Notification illisible : le corps signé n'est pas un événement Stripe."),
    )
    # The test gateway
    NO_TEST_WEBHOOKS = "invalid_signature", N_("La passerelle de test ne reçoit pas de webhooks.")
    PAYMENT_NOT_FOUND = "not_found", N_("Paiement introuvable.")
    PAYMENT_CANCELED = "payment_canceled", N_("Ce paiement a été annulé.")
    NOT_REFUNDABLE = "not_refundable", N_("Paiement non abouti : rien à rembourser.")
    REFUND_TOO_LARGE = "refund_too_large", N_("Le remboursement dépasse ce qui reste du paiement.")
    INVALID_TRANSFER = (
        "invalid_transfer",
        N_("Virement de test invalide : il faut un montant positif en euros."),
    )
