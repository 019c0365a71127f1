"""The checkout's countries, grouped as a buyer looks for theirs (VAT follows the choice)."""

from __future__ import annotations

import unicodedata

from infra.i18n.context import N_, gettext

# The checkout's country list: Martinique first, the other French territories, the EU, others.
TERRITORIES: tuple[tuple[str, str], ...] = (
    ("MQ", N_("Martinique")),
    ("GP", N_("Guadeloupe")),
    ("GF", N_("Guyane")),
    ("RE", N_("La Réunion")),
    ("YT", N_("Mayotte")),
    ("FR", N_("France hexagonale")),
)
EU_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("DE", N_("Allemagne")),
    ("AT", N_("Autriche")),
    ("BE", N_("Belgique")),
    ("BG", N_("Bulgarie")),
    ("CY", N_("Chypre")),
    ("HR", N_("Croatie")),
    ("DK", N_("Danemark")),
    ("ES", N_("Espagne")),
    ("EE", N_("Estonie")),
    ("FI", N_("Finlande")),
    ("GR", N_("Grèce")),
    ("HU", N_("Hongrie")),
    ("IE", N_("Irlande")),
    ("IT", N_("Italie")),
    ("LV", N_("Lettonie")),
    ("LT", N_("Lituanie")),
    ("LU", N_("Luxembourg")),
    ("MT", N_("Malte")),
    ("NL", N_("Pays-Bas")),
    ("PL", N_("Pologne")),
    ("PT", N_("Portugal")),
    ("CZ", N_("République tchèque")),
    ("RO", N_("Roumanie")),
    ("SK", N_("Slovaquie")),
    ("SI", N_("Slovénie")),
    ("SE", N_("Suède")),
)
OTHER_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("BR", N_("Brésil")),
    ("CA", N_("Canada")),
    ("CU", N_("Cuba")),
    ("DM", N_("Dominique")),
    ("US", N_("États-Unis")),
    ("HT", N_("Haïti")),
    ("JP", N_("Japon")),
    ("MC", N_("Monaco")),
    ("GB", N_("Royaume-Uni")),
    ("LC", N_("Sainte-Lucie")),
    ("SN", N_("Sénégal")),
    ("CH", N_("Suisse")),
    ("TT", N_("Trinité-et-Tobago")),
)
GROUPS = (
    (N_("Outre-mer et France"), TERRITORIES, False),
    (N_("Union européenne"), EU_COUNTRIES, True),
    (N_("Autres pays"), OTHER_COUNTRIES, True),
)


def _sort_key(name: str) -> str:
    """Alphabetical as a reader expects it: accents and case do not move a name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def country_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(code, name)]) for the checkout's country select, in the active
    language; the territories keep their order, the other groups are alphabetical."""
    groups = []
    for label, rows, alphabetical in GROUPS:
        countries = [(code, gettext(name)) for code, name in rows]
        if alphabetical:
            countries.sort(key=lambda country: _sort_key(country[1]))
        groups.append((gettext(label), countries))
    return groups
