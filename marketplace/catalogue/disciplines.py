"""The cultural and creative disciplines a work or a person belongs to.

The codes are stored and exchanged (database rows, events, API, search facets), so they are
stable English identifiers: renaming a label never changes a code, and a code is never reused.

Pure standard library: shared by the web layer, workers and imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Final

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


# (French, English). Heritage covers both tangible and intangible heritage (bèlè, tales).
DISCIPLINE_LABELS: Final[Mapping[Discipline, tuple[str, str]]] = MappingProxyType(
    {
        Discipline.MUSIC: ("Musique", "Music"),
        Discipline.FILM: ("Cinéma et audiovisuel", "Film and audiovisual"),
        Discipline.ANIMATION: ("Image animée", "Animation"),
        Discipline.VIDEO_GAME: ("Jeu vidéo", "Video games"),
        Discipline.VISUAL_ARTS: ("Arts visuels", "Visual arts"),
        Discipline.PHOTOGRAPHY: ("Photographie", "Photography"),
        Discipline.BOOKS: ("Livre et écrit", "Books and writing"),
        Discipline.LIVE_PERFORMANCE: ("Spectacle vivant", "Live performance"),
        Discipline.HERITAGE: ("Patrimoine", "Heritage"),
        Discipline.CRAFTS: ("Métiers d'art et savoir-faire", "Crafts and know-how"),
        Discipline.DESIGN_FASHION: ("Design et mode", "Design and fashion"),
        Discipline.DIGITAL_CREATION: ("Création numérique", "Digital creation"),
    }
)
