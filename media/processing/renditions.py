"""Which renditions each kind of media gets (the transcoding functions do the work)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from media.assets.domain import MediaAsset
from media.kinds import MediaKind
from media.transcoding.audio import transcode_audio
from media.transcoding.images import make_image_derivatives
from media.transcoding.outputs import PreviewWindow, RenditionFile
from media.transcoding.runner import run_ffmpeg
from media.transcoding.subtitles import subtitle_command, subtitle_path
from media.transcoding.video import transcode_video


def make_renditions(
    asset: MediaAsset,
    source: Path,
    out: Path,
    on_progress: Callable[[float], None],
    timeout_s: float,
) -> list[RenditionFile]:
    facts = asset.facts
    preview = PreviewWindow(asset.preview.start_s, asset.preview.length_s)
    out.mkdir(parents=True, exist_ok=True)
    if asset.kind is MediaKind.AUDIO:
        return transcode_audio(
            source,
            out,
            duration_s=float(facts["duration_s"]),
            lossless=bool(facts.get("lossless")),
            preview=preview,
            on_progress=on_progress,
            timeout_s=timeout_s,
        )
    if asset.kind is MediaKind.VIDEO:
        return transcode_video(
            source,
            out,
            duration_s=float(facts["duration_s"]),
            source_width=int(facts["width"]),
            source_height=int(facts["height"]),
            has_audio=facts.get("audio_codec") is not None,
            preview=preview,
            on_progress=on_progress,
            timeout_s=timeout_s,
        )
    if asset.kind is MediaKind.IMAGE:
        return make_image_derivatives(source, out, timeout_s=min(timeout_s, 300))
    if asset.kind is MediaKind.SUBTITLE:
        return [_subtitles(source, out, str(facts.get("format_name")), asset.language or "und")]
    # Books and game builds are validated and offered as they are: nothing to transcode.
    on_progress(100.0)
    return []


def _subtitles(source: Path, out: Path, format_name: str, language: str) -> RenditionFile:
    # The converter chooses its parser from the suffix; the safety gate told us the format.
    named = source.with_suffix(".srt" if format_name == "srt" else ".vtt")
    source.rename(named)
    (out / "subtitles").mkdir(parents=True, exist_ok=True)
    run_ffmpeg(
        subtitle_command(named, out, language), timeout_s=60, duration_s=None, on_progress=None
    )
    return RenditionFile("subtitle", subtitle_path(language), "text/vtt", language)
