"""The cultural and creative disciplines a work or a person belongs to.

The codes are stored and exchanged (database rows, events, API, search facets), so they are
stable English identifiers: renaming a label never changes a code, and a code is never reused.

Labels are French source texts marked for the catalogue module's gettext catalogues and
translated where they are shown (`gettext(DISCIPLINE_LABELS[d])`).

Standard library and the platform's `N_`: shared by the web layer, workers and imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from infra.i18n.context import N_

__all__ = ["DISCIPLINE_LABELS", "Discipline"]


class Discipline(StrEnum):
    MUSIC = "music"
    FILM = "film"
    ANIMATION = "animation"
    VIDEO_GAME = "video_game"
    VISUAL_ARTS = "visual_arts"
    PHOTOGRAPHY = "photography"
    BOOKS = "books"
    LIVE_PERFORMANCE = "live_performance"
    HERITAGE = "heritage"
    CRAFTS = "crafts"
    DESIGN_FASHION = "design_fashion"
    DIGITAL_CREATION = "digital_creation"


# French source labels. Heritage covers both tangible and intangible heritage (bèlè, tales).
DISCIPLINE_LABELS: Final[Mapping[Discipline, str]] = MappingProxyType(
    {
        Discipline.MUSIC: N_("Musique"),
        Discipline.FILM: N_("Cinéma et audiovisuel"),
        Discipline.ANIMATION: N_("Image animée"),
        Discipline.VIDEO_GAME: N_("Jeu vidéo"),
        Discipline.VISUAL_ARTS: N_("Arts visuels"),
        Discipline.PHOTOGRAPHY: N_("Photographie"),
        Discipline.BOOKS: N_("Livre et écrit"),
        Discipline.LIVE_PERFORMANCE: N_("Spectacle vivant"),
        Discipline.HERITAGE: N_("Patrimoine"),
        Discipline.CRAFTS: N_("Métiers d'art et savoir-faire"),
        Discipline.DESIGN_FASHION: N_("Design et mode"),
        Discipline.DIGITAL_CREATION: N_("Création numérique"),
    }
)
