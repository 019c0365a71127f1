"""Kinds of media a creator can upload; each has its own allowlist, limits and processing."""

from __future__ import annotations

from enum import StrEnum


class MediaKind(StrEnum):
    AUDIO = "audio"
    VIDEO = "video"
    IMAGE = "image"  # covers, photographs, visual arts
    BOOK = "book"  # PDF, EPUB: validated and kept as downloads
    GAME = "game"  # ZIP builds: validated and kept as downloads
    SUBTITLE = "subtitle"  # WebVTT or SRT, attached to a video per language
