"""The orders module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`). Discount codes and countries raise `PricingError`."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class OrderError(ErrorCode):
    # Cart
    OFFER_NOT_FOUND = "not_found", N_("Offre introuvable.")
    ITEM_NOT_FOUND = "not_found", N_("Article introuvable dans votre panier.")
    CART_FULL = "cart_full", N_("Votre panier est plein : %(limit)s articles au plus.")
    INVALID_QUANTITY = (
        "invalid_quantity",
        N_("Une œuvre numérique s'achète une fois : la quantité doit être 1."),
    )
    INVALID_ITEM = "invalid_item", N_("Indiquez offer_id, ou bien item_kind et item_id.")
    # Checkout
    CART_EMPTY = "cart_empty", N_("Votre panier est vide.")
    WORK_NOT_AVAILABLE = (
        "work_not_available",
        N_(
            "Cet article n'est pas en vente : œuvre non publiée ou retirée, ou hors de sa période "
            "de vente."
        ),
    )
    UNKNOWN_DISCOUNT_CODE = "unknown_discount_code", N_("Code de réduction inconnu : %(code)s.")
    DISCOUNT_NOT_APPLICABLE = (
        "discount_not_applicable",
        N_("Le code %(code)s ne s'applique à aucun article de votre panier."),
    )
    # Orders and payments
    ORDER_NOT_FOUND = "not_found", N_("Commande introuvable.")
    NO_TEST_PAYMENT = "not_found", N_("Pas de paiement de test pour cette commande.")
    # Refunds
    NOT_REFUNDABLE = "not_refundable", N_("Commande non payée : rien à rembourser.")
    ALREADY_REFUNDED = "already_refunded", N_("Cette commande est déjà remboursée.")
    INVALID_REFUND_AMOUNT = (
        "invalid_refund_amount",
        N_("Le montant à rembourser va de 1 à %(left)s centimes."),
    )
    REFUND_REASON_REQUIRED = (
        "refund_reason_required",
        N_("Indiquez la raison du remboursement (%(max)s caractères au plus)."),
    )
    INVALID_REFUND_EUROS = (
        "invalid_refund_amount",
        N_("Montant invalide : indiquez des euros, par exemple 3,50."),
    )
    # The staff back office's list of orders
    INVALID_STATUS_FILTER = "invalid_status", N_("État de commande inconnu.")
    INVALID_ORDER_SEARCH = (
        "invalid_search",
        N_("Cherchez un numéro de commande ou l'adresse e-mail de l'acheteur."),
    )
    INVALID_CURSOR = "invalid_cursor", N_("Lien de page invalide : reprenez depuis la liste.")
    # Library
    NOT_IN_LIBRARY = "not_found", N_("Cette œuvre n'est pas dans votre bibliothèque.")
    DOWNLOAD_LIMIT_REACHED = (
        "download_limit_reached",
        N_("Limite de téléchargements atteinte pour cet achat (%(limit)s au plus)."),
    )
