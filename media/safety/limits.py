"""Configurable limits of the safety gate; the defaults suit a creative platform."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SafetyLimits:
    # Audio and video, checked on what ffprobe reports.
    max_audio_duration_s: float = 4 * 3600
    max_video_duration_s: float = 6 * 3600
    # Compared orientation-free: the long side against max(max_width, max_height) and the short
    # side against the smaller one, so a portrait phone video counts like its landscape twin.
    max_width: int = 7680
    max_height: int = 4320
    max_fps: float = 120.0
    max_streams: int = 16
    # Images (and cover art inside audio files), read from headers only: never decoded here.
    max_image_pixels: int = 100_000_000
    max_image_side: int = 20_000
    # ZIP archives (game builds, EPUB containers), read from the central directory only.
    zip_max_entries: int = 20_000
    zip_max_total_bytes: int = 8 * 1024**3
    zip_max_ratio: float = 200.0
    # Subtitles are parsed in memory, so they have their own size bound.
    max_subtitle_bytes: int = 5 * 1024**2
    probe_timeout_s: float = 30.0
