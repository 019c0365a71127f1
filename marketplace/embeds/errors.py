"""The embeds module's errors (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import AppError, ErrorCode
from infra.i18n.context import N_


class EmbedError(ErrorCode):
    NOT_EMBEDDABLE = (
        "not_found",
        N_("Rien à intégrer ici : l'œuvre ou la sélection n'est pas publique."),
    )
    FOREIGN_URL = (
        "not_found",
        N_("Cette adresse n'est pas une page de Lakou que l'on peut intégrer."),
    )
    FORMAT_NOT_IMPLEMENTED = (
        "format_not_implemented",
        N_("Seul le format json est proposé."),
    )
    INVALID_SIZE = (
        "invalid_size",
        N_("maxwidth et maxheight sont des nombres entiers de pixels, au moins 1."),
    )


class NotImplementedFormat(AppError):
    # oEmbed 1.0, section 2.3.5: a provider answers 501 for a format it does not offer.
    status_code = 501
