"""The split sheet's holder roles as the studio offers them, in the active language."""

from __future__ import annotations

from infra.i18n.context import N_, gettext

# Split-sheet roles (marketplace.revenue.domain.splits.HolderRole), in the order offered.
HOLDER_ROLES: dict[str, str] = {
    "author": N_("Auteur·rice"),
    "composer": N_("Compositeur·rice"),
    "lyricist": N_("Parolier·ère"),
    "performer": N_("Interprète"),
    "producer": N_("Producteur·rice"),
    "label": N_("Label"),
    "publisher": N_("Éditeur·rice"),
    "director": N_("Réalisateur·rice"),
    "screenwriter": N_("Scénariste"),
    "illustrator": N_("Illustrateur·rice"),
    "translator": N_("Traducteur·rice"),
    "developer": N_("Développeur·se"),
    "creator": N_("Créateur·rice (propriétaire)"),
    "other": N_("Autre"),
}


def holder_roles() -> list[tuple[str, str]]:
    """(code, label) for each role, the label in the active language."""
    return [(code, gettext(label)) for code, label in HOLDER_ROLES.items()]
