"""Audio works: one job per rendition, each its own ffmpeg process, the preview first.

Outputs (inside `out`): `preview.m4a` (the clamped window, read with an input-side seek),
`hls/master.m3u8` + `hls/audio/` (AAC 128k, fMP4 segments of 6 s), `audio.m4a` (progressive
AAC 128k, faststart), `download.mp3` (320k), `download.flac` (lossless sources only) and
`waveform.json` (peaks from low-rate PCM streamed on ffmpeg's stdout).
"""

from __future__ import annotations

from pathlib import Path

from media.transcoding import commands
from media.transcoding.jobs import DEFAULT_SLOTS, Job, Step, run_jobs
from media.transcoding.outputs import (
    PreviewWindow,
    ProgressCallback,
    RenditionFile,
    TranscodeFailed,
)
from media.transcoding.runner import Deadline
from media.transcoding.waveform import PeakReader, write_waveform
from media.transcoding.workspace import publishing_order

# The downloads and the waveform yield the CPU to the preview and the stream: on two cores the
# stream would otherwise share them with a download while a listener waits for it.
BACKGROUND = 10


def audio_jobs(
    src: Path, *, duration_s: float, lossless: bool, preview: PreviewWindow
) -> list[Job]:
    """The jobs in the order they start: preview, stream, then the downloads and waveform."""
    window = preview.clamped(duration_s)

    def single(argv: list[str], covered_s: float) -> list[Step]:
        return [Step(argv, weight=1.0, duration_s=covered_s)]

    jobs = [
        Job(
            "preview",
            lambda work: single(
                commands.audio_preview_command(src, work / "preview.m4a", window=window),
                window.length_s,
            ),
            weight=max(window.length_s, 0.1),
        ),
        Job(
            "stream",
            lambda work: single(commands.audio_hls_command(src, work), duration_s),
            weight=duration_s,
            replaces=("hls",),
        ),
        Job(
            "mp3",
            lambda work: single(commands.audio_mp3_command(src, work / "download.mp3"), duration_s),
            weight=duration_s,
            niceness=BACKGROUND,
            waits_for="stream",
        ),
        Job(
            "m4a",
            lambda work: single(m4a_command(src, work), duration_s),
            weight=duration_s / 20,
            niceness=BACKGROUND,
            waits_for="stream",
        ),
    ]
    if lossless:
        jobs.append(
            Job(
                "flac",
                lambda work: single(
                    commands.audio_flac_command(src, work / "download.flac"), duration_s
                ),
                weight=duration_s / 2,
                niceness=BACKGROUND,
                waits_for="stream",
            )
        )
    jobs.append(
        Job(
            "waveform",
            lambda _work: waveform_steps(src, duration_s),
            duration_s / 4,
            niceness=BACKGROUND,
            waits_for="stream",
        )
    )
    return jobs


def m4a_command(src: Path, work: Path) -> list[str]:
    """The M4A download, copied from the stream's segments when the output folder holds the
    stream (published there whole, never half-written): they are the very encode the download
    would be (same codec, rate and bitrate), so copying them takes a tenth of a second where
    encoding takes seconds. Encoded from the source when the folder holds no stream (it
    failed, or a resumed run's folder lacks it)."""
    playlist = work.parent / "hls" / "audio" / "index.m3u8"  # published into `out`
    if playlist.exists():
        return commands.m4a_from_stream_command(playlist, work / "audio.m4a")
    return commands.audio_m4a_command(src, work / "audio.m4a")


def waveform_steps(src: Path, duration_s: float) -> list[Step]:
    peaks = PeakReader(duration_s=duration_s)

    def write(work: Path) -> None:
        if peaks.frames == 0:
            raise TranscodeFailed("the audio stream decoded to no samples")
        write_waveform(work / "waveform.json", peaks)

    argv = commands.waveform_pcm_command(src)
    return [Step(argv, 1.0, duration_s, stdout_sink=peaks.consume, after=write)]


def transcode_audio(
    src: Path,
    out: Path,
    *,
    duration_s: float,
    lossless: bool,
    preview: PreviewWindow,
    on_progress: ProgressCallback | None = None,
    timeout_s: float = 1800,
    slots: int = DEFAULT_SLOTS,
) -> list[RenditionFile]:
    """Write every audio rendition into `out` (jobs side by side); returns them all.

    Raises the first job's TranscodeFailed; what the other jobs made stays in `out`.
    """
    if not duration_s > 0:
        raise TranscodeFailed(f"the audio has no known duration ({duration_s!r} s)")
    jobs = audio_jobs(src, duration_s=duration_s, lossless=lossless, preview=preview)
    outcomes = run_jobs(jobs, out, Deadline(timeout_s), slots=slots, on_progress=on_progress)
    files: list[RenditionFile] = []
    for job in jobs:
        outcome = outcomes[job.name]
        if isinstance(outcome, TranscodeFailed):
            raise outcome
        files += outcome
    return publishing_order(files)
