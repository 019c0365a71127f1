"""The search module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`). Parameter names (`q`, `page`, `sort`…) are the API's own and
stay as they are in every language."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_

_UNKNOWN = N_("Paramètre inconnu : %(names)s. Paramètres possibles : %(known)s.")
_NOT_A_NUMBER = N_("%(name)s : un nombre entier est attendu, et non %(value)s.")


class SearchErrors(ErrorCode):
    UNKNOWN_FACET = "unknown_facet", _UNKNOWN
    UNKNOWN_PARAMETER = "unknown_parameter", _UNKNOWN
    REPEATED_PARAMETER = "repeated_parameter", N_("%(name)s : donnez ce paramètre une seule fois.")
    NOT_A_NUMBER = "invalid_number", _NOT_A_NUMBER
    PAGE_NOT_A_NUMBER = "invalid_page", _NOT_A_NUMBER
    PAGE_SIZE_NOT_A_NUMBER = "invalid_page_size", _NOT_A_NUMBER
    LIMIT_NOT_A_NUMBER = "invalid_limit", _NOT_A_NUMBER
    INVALID_VERSION_LANGUAGE = (
        "invalid_facet_value",
        N_(
            "version_language : %(value)s n'est pas une étiquette de langue BCP 47 valide "
            "(fr, gcf-MQ, en, es…)."
        ),
    )
    UNSUPPORTED_LANGUAGE = (
        "invalid_facet_value",
        N_(
            "language : la langue %(value)s n'est pas prise en charge. Langues possibles : "
            "%(allowed)s."
        ),
    )
    HAS_PREVIEW = "invalid_facet_value", N_("has_preview : true ou false.")
    VALUE_NOT_ALLOWED = (
        "invalid_facet_value",
        N_("%(name)s : %(value)s ne fait pas partie des valeurs possibles (%(allowed)s)."),
    )
    VALUE_LENGTH = (
        "invalid_facet_value",
        N_("%(name)s : chaque valeur compte de 1 à 100 caractères."),
    )
    TERRITORY = (
        "invalid_facet_value",
        N_("territory : deux lettres majuscules (ISO 3166-1), par exemple FR ou CA."),
    )
    TOO_MANY_VALUES = "too_many_facet_values", N_("%(name)s : %(max)s valeurs au plus.")
    INVALID_SORT = "invalid_sort", N_("sort : une valeur parmi %(allowed)s.")
    QUERY_TOO_LONG = "query_too_long", N_("q : %(max)s caractères au plus (%(length)s donnés).")
    NUL_IN_QUERY = "invalid_query", N_("q : la recherche contient un caractère nul.")
    INVALID_LIMIT = "invalid_limit", N_("limit : de 1 à %(max)s.")
    INVALID_PAGE_SIZE = "invalid_page_size", N_("page_size : de 1 à %(max)s.")
    PAGE_TOO_DEEP = (
        "invalid_page",
        N_(
            "page : à partir de 1, et pas au-delà de %(max)s résultats (affinez la recherche pour "
            "aller plus loin)."
        ),
    )
    INVALID_RANGE = "invalid_range", N_("%(name)s : les valeurs vont de %(min)s à %(max)s.")
    INVERTED_RANGE = (
        "inverted_range",
        N_("%(name)s : le minimum (%(low)s) dépasse le maximum (%(high)s)."),
    )
    PARTNER_ONLY = "partner_only", N_("Les filtres de droits sont réservés aux partenaires export.")
