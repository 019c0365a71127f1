"""The split sheet's holder roles as the studio offers them, in French and English."""

from __future__ import annotations

# Split-sheet roles (marketplace.revenue.domain.splits.HolderRole), in the order offered.
HOLDER_ROLES: dict[str, dict[str, str]] = {
    "author": {"fr": "Auteur·rice", "en": "Author"},
    "composer": {"fr": "Compositeur·rice", "en": "Composer"},
    "lyricist": {"fr": "Parolier·ère", "en": "Lyricist"},
    "performer": {"fr": "Interprète", "en": "Performer"},
    "producer": {"fr": "Producteur·rice", "en": "Producer"},
    "label": {"fr": "Label", "en": "Label"},
    "publisher": {"fr": "Éditeur·rice", "en": "Publisher"},
    "director": {"fr": "Réalisateur·rice", "en": "Director"},
    "screenwriter": {"fr": "Scénariste", "en": "Screenwriter"},
    "illustrator": {"fr": "Illustrateur·rice", "en": "Illustrator"},
    "translator": {"fr": "Traducteur·rice", "en": "Translator"},
    "developer": {"fr": "Développeur·se", "en": "Developer"},
    "creator": {"fr": "Créateur·rice (propriétaire)", "en": "Creator (owner)"},
    "other": {"fr": "Autre", "en": "Other"},
}


def holder_roles(lang: str) -> list[tuple[str, str]]:
    return [(code, labels[lang]) for code, labels in HOLDER_ROLES.items()]
