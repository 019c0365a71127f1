"""The documents module's errors (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class DocumentError(ErrorCode):
    RECEIPT_NOT_FOUND = (
        "not_found",
        N_("Reçu introuvable : il est établi quelques instants après le paiement."),
    )
    DOCUMENTS_NOT_FOUND = (
        "not_found",
        N_("Aucun document pour cette commande : le reçu est établi après le paiement."),
    )
