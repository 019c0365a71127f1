"""Audio works: one ffmpeg process decodes once and writes every rendition.

Outputs (inside `out`): `hls/master.m3u8` + `hls/audio/` (AAC 128k, fMP4 segments of 6 s),
`audio.m4a` (progressive AAC 128k, faststart), `download.mp3` (320k), `download.flac` (lossless
sources only), `preview.m4a` (the clamped window) and `waveform.json` (peaks computed from the
same decode, streamed as low-rate PCM on ffmpeg's stdout).
"""

from __future__ import annotations

from pathlib import Path

from media.transcoding import commands
from media.transcoding.outputs import (
    PreviewWindow,
    ProgressCallback,
    RenditionFile,
    TranscodeFailed,
)
from media.transcoding.runner import Deadline, Progress, run_ffmpeg
from media.transcoding.waveform import PeakReader, write_waveform
from media.transcoding.workspace import Workspace

FFMPEG_SHARE = 98.0  # of the progress; the rest is the waveform file and publishing


def audio_command(
    src: Path, work: Path, *, duration_s: float, lossless: bool, preview: PreviewWindow
) -> list[str]:
    """The exact command transcode_audio runs (the benchmark runs it bare)."""
    window = preview.clamped(duration_s)
    return commands.audio_command(src, work, lossless=lossless, preview=window)


def transcode_audio(
    src: Path,
    out: Path,
    *,
    duration_s: float,
    lossless: bool,
    preview: PreviewWindow,
    on_progress: ProgressCallback | None = None,
    timeout_s: float = 1800,
) -> list[RenditionFile]:
    """Write every audio rendition into `out`; returns them in publishing order (master last).

    Raises TranscodeFailed; `out` then holds nothing new.
    """
    if not duration_s > 0:
        raise TranscodeFailed(f"the audio has no known duration ({duration_s!r} s)")
    progress = Progress(on_progress)
    deadline = Deadline(timeout_s)
    progress.report(0.0)
    try:
        with Workspace(out) as workspace:
            argv = audio_command(
                src, workspace.path, duration_s=duration_s, lossless=lossless, preview=preview
            )
            peaks = PeakReader(duration_s=duration_s)
            run_ffmpeg(
                argv,
                timeout_s=deadline.remaining(),
                duration_s=duration_s,
                on_progress=progress.stage(0.0, FFMPEG_SHARE),
                stdout_sink=peaks.consume,
            )
            if peaks.frames == 0:
                raise TranscodeFailed("the audio stream decoded to no samples")
            write_waveform(workspace.path / "waveform.json", peaks)
            deadline.remaining()
            files = workspace.publish(replaces=["hls"])
    except OSError as exc:
        raise TranscodeFailed.from_os_error(exc, "writing audio renditions") from exc
    progress.report(100.0)
    return files
