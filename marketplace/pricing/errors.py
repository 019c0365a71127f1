"""Pricing's errors (VAT countries, discount codes), and the base of the commerce modules' error
enums: a stable code each and the French message clients get translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class PricingError(ErrorCode):
    INVALID_COUNTRY = (
        "invalid_country",
        N_("Pays invalide : indiquez son code ISO à deux lettres (MQ, FR…)."),
    )
    INVALID_DISCOUNT_CODE = (
        "invalid_discount_code",
        N_("Un code de réduction compte 3 à 40 lettres, chiffres, tirets (-) ou soulignés (_)."),
    )
    DISCOUNT_EXPIRED = "discount_expired", N_("Le code %(code)s a expiré.")
    DISCOUNT_EXHAUSTED = (
        "discount_exhausted",
        N_("Le code %(code)s a atteint sa limite d'utilisation."),
    )
    TOO_MANY_DISCOUNT_CODES = (
        "too_many_discount_codes",
        N_("Au plus %(limit)s codes de réduction par commande."),
    )
    DUPLICATE_DISCOUNT_CODE = "duplicate_discount_code", N_("Un code a été saisi deux fois.")
    DISCOUNT_NOT_STACKABLE = "discount_not_stackable", N_("Ces codes ne se cumulent pas.")
