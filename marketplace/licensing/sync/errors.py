"""Ready-made sync licences' errors: a stable code each, and the French message clients get."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class SyncError(ErrorCode):
    LICENCE_NOT_FOUND = "not_found", N_("Licence de synchronisation introuvable.")
    NOT_MUSIC = (
        "not_music",
        N_("Seules les œuvres musicales offrent des licences de synchronisation toutes faites."),
    )
    UNKNOWN_TIER = (
        "unknown_tier",
        N_("Formule inconnue : %(tier)s. Choisissez parmi : %(allowed)s."),
    )
    TIER_NOT_OFFERED = (
        "tier_not_offered",
        N_("Les ayants droit ne proposent pas cette formule pour cette œuvre."),
    )
    INVALID_PRICE = (
        "invalid_sync_price",
        N_("Le prix d'une formule va de 1 € à 1 000 000 €, en centimes entiers."),
    )
    INVALID_SIDES = (
        "invalid_sides",
        N_("La part du master va de 0 à 10 000 points de base (100 %)."),
    )
    INVALID_USE = (
        "invalid_use",
        N_("Nommez la production où la musique sera utilisée (2 à %(max)s caractères)."),
    )
    NOT_PAID = (
        "certificate_not_ready",
        N_("Le certificat est délivré une fois la licence payée."),
    )
    INVOICE_NOT_READY = (
        "invoice_not_ready",
        N_("La facture d'une licence de synchronisation est émise une fois la licence payée."),
    )
