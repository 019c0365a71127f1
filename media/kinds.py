"""Kinds of media a creator can upload; each has its own allowlist, limits and processing."""

from __future__ import annotations

from enum import StrEnum

from infra.i18n.context import N_, gettext


class MediaKind(StrEnum):
    AUDIO = "audio"
    VIDEO = "video"
    IMAGE = "image"  # covers, photographs, visual arts
    BOOK = "book"  # PDF, EPUB: validated and kept as downloads
    GAME = "game"  # ZIP builds: validated and kept as downloads
    SUBTITLE = "subtitle"  # WebVTT or SRT, attached to a video per language


# A kind as people read it, in messages (the safety gate's refusals).
KIND_LABELS: dict[MediaKind, str] = {
    MediaKind.AUDIO: N_("audio"),
    MediaKind.VIDEO: N_("vidéo"),
    MediaKind.IMAGE: N_("image"),
    MediaKind.BOOK: N_("livre"),
    MediaKind.GAME: N_("jeu"),
    MediaKind.SUBTITLE: N_("sous-titres"),
}


def kind_label(kind: MediaKind) -> str:
    return gettext(KIND_LABELS[kind])
