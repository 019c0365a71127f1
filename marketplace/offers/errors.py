"""The offers module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`). Amounts are in cents, as the API takes them."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class OfferError(ErrorCode):
    # Works and offers
    WORK_NOT_FOUND = "not_found", N_("Œuvre introuvable.")
    OFFER_NOT_FOUND = "not_found", N_("Offre introuvable.")
    NO_WORK_OFFER = "not_found", N_("Cette œuvre n'a pas d'offre.")
    NOT_OWNER = "not_owner", N_("Vous n'êtes pas propriétaire de cette œuvre.")
    # Terms
    INVALID_PRICING = (
        "invalid_pricing",
        N_("Mode de prix inconnu : pricing vaut fixed, pay_what_you_want ou free."),
    )
    INVALID_AMOUNT = (
        "invalid_amount",
        N_("%(field)s doit être un nombre entier de centimes, de 0 à %(max)s."),
    )
    PRICE_TOO_LOW = (
        "price_too_low",
        N_("Le prix est d'au moins %(minimum)s centimes (pour 0, faites une offre gratuite)."),
    )
    MINIMUM_TOO_LOW = "price_too_low", N_("Le minimum est de 0 ou d'au moins %(minimum)s centimes.")
    BELOW_MINIMUM = (
        "below_minimum",
        N_("Le montant est inférieur au minimum de %(minimum)s centimes."),
    )
    AMOUNT_TOO_SMALL = (
        "below_minimum",
        N_("Le montant est de 0 ou d'au moins %(minimum)s centimes."),
    )
    # Scopes (a market's price during its window)
    WINDOW_WITHOUT_MARKET = "invalid_scope", N_("Seule une offre de marché a une période de vente.")
    MARKET_NEEDS_WINDOW = (
        "invalid_scope",
        N_("Une offre de marché a une date de début et une date de fin."),
    )
    WINDOW_ENDS_FIRST = "invalid_scope", N_("La fin de la période de vente doit suivre son début.")
    FREE_MARKET_OFFER = (
        "invalid_scope",
        N_("Une offre de marché est payante : rendez plutôt l'œuvre gratuite partout."),
    )
    # Bundles
    INVALID_BUNDLE_SIZE = "invalid_bundle", N_("Un lot réunit de 2 à %(max)s œuvres distinctes.")
    DUPLICATE_WORK = "invalid_bundle", N_("Une œuvre figure deux fois dans le lot.")
    FREE_BUNDLE = (
        "invalid_bundle",
        N_("Un lot ne peut pas être gratuit : rendez plutôt ses œuvres gratuites."),
    )
    BUNDLE_TITLE = "invalid_title", N_("Un lot a besoin d'un titre de 200 caractères au plus.")
    # Discount codes
    SELLERS_ONLY = (
        "sellers_only",
        N_("Seuls les créateurs, les organisateurs et l'équipe créent des codes de réduction."),
    )
    INVALID_DISCOUNT_VALUE = (
        "invalid_discount_value",
        N_(
            "La valeur va de 1 à %(limit)s (points de base pour un pourcentage, centimes pour un "
            "montant)."
        ),
    )
    INVALID_MAX_USES = (
        "invalid_max_uses",
        N_("Le nombre d'utilisations (max_uses) va de 1 à 1 000 000."),
    )
    INVALID_EXPIRY = (
        "invalid_expiry",
        N_("La date d'expiration (expires_at) doit indiquer son fuseau horaire."),
    )
    CODE_TAKEN = "code_taken", N_("Ce code existe déjà.")
