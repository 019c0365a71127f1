"""A film's other audio tracks (a dub, audio description, commentary): made like the film's
own audio rendition (AAC 128k stereo at 48 kHz in fMP4 segments of 6 s, `hls/audio/`), so the
player switches between them inside one HLS audio group; plus a progressive M4A of the track,
the version's download.
"""

from __future__ import annotations

from pathlib import Path

from media.transcoding import commands
from media.transcoding.jobs import Job, Step


def audio_track_jobs(src: Path, *, duration_s: float) -> list[Job]:
    """The stream first (the track plays as soon as it is published), then the M4A."""
    rate = commands.VIDEO_AUDIO_SAMPLE_RATE

    def stream(work: Path) -> list[Step]:
        return [Step(commands.audio_hls_command(src, work, rate), 1.0, duration_s)]

    def m4a(work: Path) -> list[Step]:
        return [Step(commands.audio_m4a_command(src, work / "audio.m4a", rate), 1.0, duration_s)]

    return [
        Job("stream", stream, weight=duration_s, replaces=("hls",)),
        Job("m4a", m4a, weight=duration_s),
    ]
