"""Refunds of licence invoices and their credit notes: a stable code each, and the French
message clients get."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class CreditNoteError(ErrorCode):
    NOT_REFUNDABLE = (
        "not_refundable",
        N_(
            "Seule une licence payée par virement se rembourse ici ; une licence payée par "
            "commande se rembourse depuis la commande."
        ),
    )
    REFUND_TOO_LARGE = (
        "refund_too_large",
        N_("Le remboursement va d'un centime à ce qui reste de la facture (%(left)s centimes)."),
    )
    ALREADY_REFUNDED = "already_refunded", N_("Ce remboursement est déjà enregistré.")
    CREDIT_NOTE_NOT_FOUND = "credit_note_not_found", N_("Avoir introuvable.")
