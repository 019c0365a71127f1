"""The checkout's countries, grouped as a buyer looks for theirs (VAT follows the choice)."""

from __future__ import annotations

from infra.http.i18n import translator

# The checkout's country list: Martinique first, the other French territories, the EU, others.
TERRITORIES: tuple[tuple[str, str, str], ...] = (
    ("MQ", "Martinique", "Martinique"),
    ("GP", "Guadeloupe", "Guadeloupe"),
    ("GF", "Guyane", "French Guiana"),
    ("RE", "La Réunion", "Réunion"),
    ("YT", "Mayotte", "Mayotte"),
    ("FR", "France hexagonale", "Metropolitan France"),
)
EU_COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("DE", "Allemagne", "Germany"),
    ("AT", "Autriche", "Austria"),
    ("BE", "Belgique", "Belgium"),
    ("BG", "Bulgarie", "Bulgaria"),
    ("CY", "Chypre", "Cyprus"),
    ("HR", "Croatie", "Croatia"),
    ("DK", "Danemark", "Denmark"),
    ("ES", "Espagne", "Spain"),
    ("EE", "Estonie", "Estonia"),
    ("FI", "Finlande", "Finland"),
    ("GR", "Grèce", "Greece"),
    ("HU", "Hongrie", "Hungary"),
    ("IE", "Irlande", "Ireland"),
    ("IT", "Italie", "Italy"),
    ("LV", "Lettonie", "Latvia"),
    ("LT", "Lituanie", "Lithuania"),
    ("LU", "Luxembourg", "Luxembourg"),
    ("MT", "Malte", "Malta"),
    ("NL", "Pays-Bas", "Netherlands"),
    ("PL", "Pologne", "Poland"),
    ("PT", "Portugal", "Portugal"),
    ("CZ", "République tchèque", "Czechia"),
    ("RO", "Roumanie", "Romania"),
    ("SK", "Slovaquie", "Slovakia"),
    ("SI", "Slovénie", "Slovenia"),
    ("SE", "Suède", "Sweden"),
)
OTHER_COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("BR", "Brésil", "Brazil"),
    ("CA", "Canada", "Canada"),
    ("CU", "Cuba", "Cuba"),
    ("DM", "Dominique", "Dominica"),
    ("US", "États-Unis", "United States"),
    ("HT", "Haïti", "Haiti"),
    ("JP", "Japon", "Japan"),
    ("MC", "Monaco", "Monaco"),
    ("GB", "Royaume-Uni", "United Kingdom"),
    ("LC", "Sainte-Lucie", "Saint Lucia"),
    ("SN", "Sénégal", "Senegal"),
    ("CH", "Suisse", "Switzerland"),
    ("TT", "Trinité-et-Tobago", "Trinidad and Tobago"),
)


def country_groups(lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(code, name)]) for the checkout's country select."""
    index = 1 if lang == "fr" else 2
    groups = (
        ("countries_territories", TERRITORIES),
        ("countries_eu", EU_COUNTRIES),
        ("countries_other", OTHER_COUNTRIES),
    )
    strings = translator(lang)
    return [(strings[key], [(row[0], row[index]) for row in rows]) for key, rows in groups]
