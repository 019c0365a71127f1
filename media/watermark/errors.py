"""The marked copies' errors: a stable code each, the French message clients get translated."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class WatermarkError(ErrorCode):
    MEDIA_NOT_FOUND = "not_found", N_("Média introuvable.")
    MEDIA_NOT_READY = (
        "media_not_ready",
        N_("Ce média n'est pas encore prêt : attendez la fin de son traitement."),
    )
    NOT_MARKABLE = (
        "not_markable",
        N_("Seuls les films, les sons et les livres (PDF ou EPUB) peuvent être marqués."),
    )
    NOT_PREPARED = (
        "marked_not_ready",
        N_("Les copies marquées de ce média ne sont pas prêtes (état : %(state)s)."),
    )
    COPY_NOT_ISSUED = "not_found", N_("Aucune copie marquée n'a été remise à ce destinataire.")
    LINK_FORGED = "invalid_link", N_("Lien refusé : sa signature n'est pas valide.")
    LINK_EXPIRED = "invalid_link", N_("Lien refusé : il a expiré. Rechargez la page.")
    SEGMENT_NOT_FOUND = "not_found", N_("Segment introuvable.")
    NOT_A_PDF = "not_a_pdf", N_("Ce livre n'est pas un PDF lisible : il ne peut pas être marqué.")
    NOT_AN_EPUB = (
        "not_an_epub",
        N_("Ce livre n'est pas un EPUB lisible : il ne peut pas être marqué."),
    )
