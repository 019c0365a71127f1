"""Video works: the preview (and poster) first; the stream's lowest rung with the audio beside
it, playable at once; then the other rungs in one ffmpeg process, joined into one master.

Outputs (inside `out`): `hls/master.m3u8`, `hls/<rung>/` per rung (360p, 540p, 720p, 1080p up
to the source's size) and `hls/audio/` (one AAC rendition in the audio group shared by every
variant), fMP4 segments of 6 s cut on keyframes forced every 2 s in every rung; `poster.jpg`
(the frame at 10 % of the duration, top rung size); `preview.mp4` (the clamped window, 540p at
most, faststart); `subtitles/<lang>.vtt` per language given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from media.transcoding import commands
from media.transcoding.jobs import DEFAULT_SLOTS, Job, Step, run_jobs
from media.transcoding.master_playlist import parse_master, with_more_rungs
from media.transcoding.outputs import (
    PreviewWindow,
    ProgressCallback,
    RenditionFile,
    TranscodeFailed,
)
from media.transcoding.runner import Deadline, run_ffmpeg
from media.transcoding.subtitles import subtitle_command
from media.transcoding.workspace import publishing_order

POSTER_AT = 0.10
NO_SUBTITLES: Mapping[str, Path] = MappingProxyType({})


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


def video_jobs(
    src: Path,
    *,
    duration_s: float,
    source_width: int,
    source_height: int,
    has_audio: bool,
    preview: PreviewWindow,
    subtitles: Mapping[str, Path] = NO_SUBTITLES,
) -> list[Job]:
    """The preview (with the poster) first, then the stream (the ladder and subtitles): the
    very steps of `video_steps`, as two jobs published one after the other."""
    options: dict[str, Any] = {
        "duration_s": duration_s,
        "source_width": source_width,
        "source_height": source_height,
        "has_audio": has_audio,
        "preview": preview,
        "subtitles": subtitles,
    }

    def preview_steps(work: Path) -> list[Step]:
        _ladder, poster, clip, *_ = video_steps(src, work, **options)
        fallback = commands.poster_command(
            src,
            work / "poster.jpg",
            at_s=0.0,
            rung=commands.plan_ladder(source_width, source_height)[-1],
        )

        def first_frame_if_missing(folder: Path) -> None:
            if not (folder / "poster.jpg").exists():  # duration overstated: the first frame
                run_ffmpeg(fallback, timeout_s=60, duration_s=None, on_progress=None)

        return [clip, replace(poster, after=first_frame_if_missing)]

    rungs = commands.plan_ladder(source_width, source_height)

    def stream_steps(work: Path) -> list[Step]:
        """The lowest rung and the audio: the film plays while the other rungs are made."""
        _ladder, _poster, _clip, *texts = video_steps(src, work, **options)
        lowest = commands.video_ladder_command(src, work, rungs=rungs[:1], has_audio=has_audio)
        if texts:
            (work / "subtitles").mkdir()
        return [Step(lowest, weight=1.0, duration_s=duration_s), *texts]

    def ladder_steps(work: Path) -> list[Step]:
        """The other rungs, video only, then one master playlist for every rung."""
        argv = commands.video_ladder_command(src, work, rungs=rungs[1:], has_audio=False)
        return [Step(argv, weight=1.0, duration_s=duration_s, after=combine_masters)]

    window = preview.clamped(duration_s).length_s
    pixels = [rung.width * rung.height for rung in rungs]
    jobs = [
        Job("preview", preview_steps, weight=max(window, 0.1) / 4),
        Job(
            "stream",
            stream_steps,
            weight=max(duration_s, 1.0) * (pixels[0] / 1e6 + 0.1),
            replaces=("hls", "subtitles"),
        ),
    ]
    if len(rungs) > 1:
        weight = max(duration_s, 1.0) * sum(pixels[1:]) / 1e6
        jobs.append(Job("ladder", ladder_steps, weight=weight, needs="stream"))
    return jobs


def combine_masters(work: Path) -> None:
    """The stream job's master (lowest rung + audio, already in the output folder, which holds
    this workspace) and this job's (the other rungs) become one master in this workspace."""
    first = parse_master((work.parent / "hls" / "master.m3u8").read_text(encoding="utf-8"))
    more = parse_master((work / "hls" / "master.m3u8").read_text(encoding="utf-8"))
    combined = with_more_rungs(first, more).render()
    (work / "hls" / "master.m3u8").write_text(combined, encoding="utf-8")


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
    slots: int = DEFAULT_SLOTS,
) -> list[RenditionFile]:
    """Write every video rendition into `out`; returns them, the master last.

    Raises the first job's TranscodeFailed; what the other job made stays in `out`.
    """
    if not duration_s > 0:
        raise TranscodeFailed(f"the video has no known duration ({duration_s!r} s)")
    jobs = video_jobs(
        src,
        duration_s=duration_s,
        source_width=source_width,
        source_height=source_height,
        has_audio=has_audio,
        preview=preview,
        subtitles=subtitles,
    )
    outcomes = run_jobs(jobs, out, Deadline(timeout_s), slots=slots, on_progress=on_progress)
    files: list[RenditionFile] = []
    for job in jobs:
        outcome = outcomes[job.name]
        if isinstance(outcome, TranscodeFailed):
            raise outcome
        files += outcome
    # The ladder's master replaced the stream's: one entry per file, the latest.
    unique = {file.relative_path: file for file in files}
    return publishing_order(list(unique.values()))
