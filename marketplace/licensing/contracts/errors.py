"""The deal paperwork's errors (contracts, invoices, bank transfers, deliverables): a stable
code each, and the French message clients get."""

from __future__ import annotations

from infra.errors import AppError, ErrorCode
from infra.i18n.context import N_


class Gone(AppError):
    status_code = 410


class PaperworkError(ErrorCode):
    CONTRACT_NOT_READY = (
        "contract_not_ready",
        N_(
            "Le contrat n'est pas encore prêt : il est établi juste après l'acceptation de l'offre."
        ),
    )
    CONTRACT_CHANGED = (
        "contract_changed",
        N_("Ce n'est pas le contrat en vigueur : rechargez-le et relisez-le avant de l'accepter."),
    )
    CONTRACT_ALREADY_ACCEPTED = (
        "contract_already_accepted",
        N_("Vous avez déjà accepté ce contrat."),
    )
    CONTRACT_PENDING = (
        "contract_pending",
        N_("Les deux parties doivent d'abord accepter le contrat."),
    )
    INVALID_NAME = "invalid_name", N_("Écrivez votre nom complet (2 à 200 caractères).")
    INVALID_COUNTRY = "invalid_country", N_("Pays inconnu : donnez son code ISO à deux lettres.")
    INVALID_VAT_NUMBER = (
        "invalid_vat_number",
        N_("Numéro de TVA invalide : vérifiez son préfixe de pays, sa longueur et sa clé."),
    )
    SELLER_COUNTRY = (
        "seller_country",
        N_("L'ayant droit qui facture doit être établi en France (métropole ou outre-mer)."),
    )
    SELLER_DETAILS = (
        "seller_details",
        N_("Donnez le nom légal et l'adresse de l'ayant droit qui facture."),
    )
    INVOICE_NOT_READY = (
        "invoice_not_ready",
        N_("La facture n'est pas encore émise : elle suit l'acceptation du contrat."),
    )
    ALREADY_PAID = "already_paid", N_("Cette facture est déjà payée.")
    AMOUNT_MISMATCH = (
        "amount_mismatch",
        N_("Le montant reçu (%(received)s centimes) n'est pas celui de la facture (%(due)s)."),
    )
    INVALID_REFERENCE = (
        "invalid_reference",
        N_("Donnez la référence du virement (1 à 140 caractères)."),
    )
    DELIVERABLE_NOT_FOUND = "not_found", N_("Élément livrable introuvable.")
    DELIVERABLE_NOT_UPLOADED = (
        "deliverable_not_uploaded",
        N_("Les ayants droit n'ont pas encore déposé ce fichier."),
    )
    NOT_PAID = "not_paid", N_("Les éléments sont livrés une fois la licence payée.")
    LINK_EXPIRED = "link_expired", N_("Ce lien de téléchargement a expiré : demandez-en un autre.")
    LINK_USED_UP = (
        "link_used_up",
        N_("Ce lien a servi autant de fois que permis : demandez-en un autre."),
    )
    INVALID_DELIVERABLE = (
        "invalid_deliverable",
        N_("Élément inconnu : master, stems, subtitles ou press_kit."),
    )
    DELIVERABLE_DOWNLOADED = (
        "deliverable_downloaded",
        N_("Le licencié a déjà téléchargé ce fichier : il ne peut plus être remplacé."),
    )
    DELIVERABLE_TOO_LARGE = (
        "deliverable_too_large",
        N_("Un fichier livrable fait au plus %(max_mb)s Mo."),
    )
    DELIVERABLE_EMPTY = "deliverable_empty", N_("Choisissez un fichier non vide à déposer.")
