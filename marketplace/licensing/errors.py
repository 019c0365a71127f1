"""The licensing module's errors: a stable code each, and the French message clients get."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class LicensingError(ErrorCode):
    WORK_NOT_FOUND = "not_found", N_("Œuvre introuvable.")
    MANDATE_NOT_FOUND = "not_found", N_("Mandat introuvable.")
    NOT_OWNER = "not_owner", N_("Seul le propriétaire de l'œuvre peut déclarer ses mandats.")
    UNKNOWN_TERRITORY = (
        "unknown_territory",
        N_(
            "Territoire inconnu : %(term)s. Donnez des codes pays ISO (FR, CA) ou des groupes "
            "(world, eu, caricom, french_antilles...), et « -FR » pour exclure."
        ),
    )
    EMPTY_TERRITORY = "empty_territory", N_("Ce territoire ne contient aucun pays.")
    UNKNOWN_MEDIUM = (
        "unknown_medium",
        N_("Mode d'exploitation inconnu : %(medium)s. Choisissez parmi : %(allowed)s."),
    )
    UNKNOWN_LANGUAGE = (
        "unknown_language",
        N_("Version linguistique inconnue : %(language)s. Choisissez parmi : %(allowed)s."),
    )
    INVERTED_PERIOD = (
        "inverted_period",
        N_("La période se termine (%(ends_on)s) avant de commencer (%(starts_on)s)."),
    )
    DATE_RANGE = (
        "date_out_of_range",
        N_("Les dates d'une période vont du %(earliest)s au %(latest)s."),
    )
    PERIOD_REQUIRED = (
        "period_required",
        N_(
            "Donnez une date de début (et de fin, facultative), ou un délai après la sortie "
            "en jours, mais pas les deux."
        ),
    )
    INVALID_RELATIVE = (
        "invalid_relative_period",
        N_("Le délai après la sortie va de 0 à 36 500 jours et la durée de 1 à 36 500 jours."),
    )
    UNKNOWN_SIGNATORY = (
        "unknown_signatory",
        N_(
            "Le signataire doit être un ayant droit de l'œuvre (sa répartition des revenus) : "
            "%(signatory)s n'en est pas un."
        ),
    )
    OUTSIDE_MANDATE = (
        "outside_mandate",
        N_("Aucun mandat ne couvre tout ce territoire, ce mode et cette période."),
    )
    EXCLUSIVE_CONFLICT = (
        "exclusive_conflict",
        N_("Ces droits sont déjà concédés sur une partie de ce territoire et de cette période."),
    )
    LICENSEE_REQUIRED = "licensee_required", N_("Nommez le licencié (1 à 200 caractères).")
    HOLDER_ORGANISATION = (
        "holder_organisation",
        N_(
            "Un mandat ne peut nommer qu'une organisation dont vous êtes propriétaire, "
            "administrateur ou membre."
        ),
    )
    READ_ONLY = (
        "read_only",
        N_("Votre rôle dans cette organisation est en lecture seule : il ne donne pas de mandat."),
    )
