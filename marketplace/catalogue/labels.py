"""How the catalogue's codes read to people: French source labels, translated where shown.

The codes (`draft`, `public`, `performer`…: the values of `WorkStatus`, `Visibility`,
`CreatorKind` and `CreditRole` in `values.py`) are what the API and the database exchange; these
labels are marked with `N_` for the module's catalogues and go through `gettext` in the active
language (templates get them through `label_helpers`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from infra.i18n.context import N_, gettext

# A work's status is a feminine adjective in French (une œuvre publiée).
WORK_STATUS_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "draft": N_("Brouillon"),
        "processing": N_("Traitement"),
        "published": N_("Publiée"),
        "withdrawn": N_("Retirée"),
    }
)

VISIBILITY_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "public": N_("Publique (listée)"),
        "unlisted": N_("Non listée (par lien)"),
        "private": N_("Privée"),
    }
)

# A structure: an association, a company, a collective (English: organisation).
CREATOR_KIND_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "person": N_("Artiste"),
        "structure": N_("Structure"),
    }
)

# The same French labels as the split sheet's roles where they overlap (marketplace.revenue).
CREDIT_ROLE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "author": N_("Auteur·rice"),
        "composer": N_("Compositeur·rice"),
        "lyricist": N_("Parolier·ère"),
        "performer": N_("Interprète"),
        "arranger": N_("Arrangeur·se"),
        "producer": N_("Producteur·rice"),
        "label": N_("Label"),
        "publisher": N_("Éditeur·rice"),
        "director": N_("Réalisateur·rice"),
        "screenwriter": N_("Scénariste"),
        "animator": N_("Animateur·rice"),
        "developer": N_("Développeur·se"),
        "illustrator": N_("Illustrateur·rice"),
        "photographer": N_("Photographe"),
        "designer": N_("Designer"),
        "translator": N_("Traducteur·rice"),
        "artisan": N_("Artisan·e"),
        "other": N_("Autre"),
    }
)


def _translated(labels: Mapping[str, str], code: str) -> str:
    label = labels.get(code)
    return gettext(label) if label else code


def work_status_label(code: str) -> str:
    return _translated(WORK_STATUS_LABELS, code)


def visibility_label(code: str) -> str:
    return _translated(VISIBILITY_LABELS, code)


def credit_role_label(code: str) -> str:
    return _translated(CREDIT_ROLE_LABELS, code)


def creator_kind_label(code: str) -> str:
    return _translated(CREATOR_KIND_LABELS, code)


def label_helpers() -> Mapping[str, Any]:
    """What page templates get: one function per kind of code, in the active language."""
    return {
        "work_status_label": work_status_label,
        "visibility_label": visibility_label,
        "credit_role_label": credit_role_label,
        "creator_kind_label": creator_kind_label,
        "visibilities": list(VISIBILITY_LABELS),
    }
