"""What the safety gate learnt about an accepted file, all of it derived from the content."""

from __future__ import annotations

from dataclasses import dataclass

from media.kinds import MediaKind


@dataclass(frozen=True)
class MediaFacts:
    kind: MediaKind
    # "mp4", "mov", "m4a", "mp3", "flac", "wav", "ogg", "aiff", "matroska", "webm", "png",
    # "jpeg", "webp", "gif", "pdf", "epub", "zip", "webvtt", "srt"
    format_name: str
    mime_type: str  # what Lakou stores as the content type
    size_bytes: int
    duration_s: float | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    lossless: bool = False  # FLAC, ALAC, WAV/PCM, AIFF: the pipeline offers a FLAC download
