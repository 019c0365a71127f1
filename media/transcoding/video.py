"""Video works: the HLS ladder in one ffmpeg process, then the poster, preview and subtitles.

Outputs (inside `out`): `hls/master.m3u8`, `hls/<rung>/` per rung (360p, 540p, 720p, 1080p up
to the source's size) and `hls/audio/` (one AAC rendition in the audio group shared by every
variant), fMP4 segments of 6 s cut on keyframes forced every 2 s in every rung; `poster.jpg`
(the frame at 10 % of the duration, top rung size); `preview.mp4` (the clamped window, 540p at
most, faststart); `subtitles/<lang>.vtt` per language given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from media.transcoding import commands
from media.transcoding.outputs import (
    PreviewWindow,
    ProgressCallback,
    RenditionFile,
    TranscodeFailed,
)
from media.transcoding.runner import Deadline, Progress, run_ffmpeg
from media.transcoding.subtitles import subtitle_command
from media.transcoding.workspace import Workspace

POSTER_AT = 0.10
FFMPEG_SHARE = 98.0
NO_SUBTITLES: Mapping[str, Path] = MappingProxyType({})


@dataclass(frozen=True)
class Step:
    argv: list[str]
    weight: float  # relative cost, for progress
    duration_s: float | None  # media time covered, for ffmpeg's own progress


def video_steps(
    src: Path,
    work: Path,
    *,
    duration_s: float,
    source_width: int,
    source_height: int,
    has_audio: bool,
    preview: PreviewWindow,
    subtitles: Mapping[str, Path] = NO_SUBTITLES,
) -> list[Step]:
    """The exact commands transcode_video runs, in order (the benchmark runs them bare)."""
    rungs = commands.plan_ladder(source_width, source_height)
    window = preview.clamped(duration_s)
    small = commands.preview_rung(rungs)
    megapixels = sum(rung.width * rung.height for rung in rungs) / 1e6
    steps = [
        Step(
            commands.video_ladder_command(src, work, rungs=rungs, has_audio=has_audio),
            weight=max(duration_s, 1.0) * megapixels,
            duration_s=duration_s,
        ),
        Step(
            commands.poster_command(
                src, work / "poster.jpg", at_s=duration_s * POSTER_AT, rung=rungs[-1]
            ),
            weight=0.2,
            duration_s=None,
        ),
        Step(
            commands.video_preview_command(
                src, work / "preview.mp4", window=window, rung=small, has_audio=has_audio
            ),
            weight=max(window.length_s, 0.1) * small.width * small.height / 1e6,
            duration_s=window.length_s,
        ),
    ]
    steps += [
        Step(subtitle_command(path, work, language), weight=0.05, duration_s=None)
        for language, path in sorted(subtitles.items())
    ]
    return steps


def transcode_video(
    src: Path,
    out: Path,
    *,
    duration_s: float,
    source_width: int,
    source_height: int,
    has_audio: bool,
    preview: PreviewWindow,
    subtitles: Mapping[str, Path] = NO_SUBTITLES,
    on_progress: ProgressCallback | None = None,
    timeout_s: float = 7200,
) -> list[RenditionFile]:
    """Write every video rendition into `out`; returns them in publishing order (master last).

    Raises TranscodeFailed; `out` then holds nothing new.
    """
    if not duration_s > 0:
        raise TranscodeFailed(f"the video has no known duration ({duration_s!r} s)")
    progress = Progress(on_progress)
    deadline = Deadline(timeout_s)
    progress.report(0.0)
    try:
        with Workspace(out) as workspace:
            work = workspace.path
            steps = video_steps(
                src,
                work,
                duration_s=duration_s,
                source_width=source_width,
                source_height=source_height,
                has_audio=has_audio,
                preview=preview,
                subtitles=subtitles,
            )
            if subtitles:
                (work / "subtitles").mkdir()
            total = sum(step.weight for step in steps)
            done = 0.0
            for step in steps:
                run_ffmpeg(
                    step.argv,
                    timeout_s=deadline.remaining(),
                    duration_s=step.duration_s,
                    on_progress=progress.stage(
                        FFMPEG_SHARE * done / total, FFMPEG_SHARE * (done + step.weight) / total
                    ),
                )
                done += step.weight
            if not (work / "poster.jpg").exists():  # duration overstated: take the first frame
                rung = commands.plan_ladder(source_width, source_height)[-1]
                argv = commands.poster_command(src, work / "poster.jpg", at_s=0.0, rung=rung)
                run_ffmpeg(argv, timeout_s=deadline.remaining(), duration_s=None, on_progress=None)
            deadline.remaining()
            files = workspace.publish(replaces=["hls", "subtitles"])
    except OSError as exc:
        raise TranscodeFailed.from_os_error(exc, "writing video renditions") from exc
    progress.report(100.0)
    return files
