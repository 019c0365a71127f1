"""Which renditions each kind of media gets (the transcoding functions do the work).

Audio and video are made as separate jobs, published one by one (the preview first); other
kinds as one set of files.
"""

from __future__ import annotations

from pathlib import Path

from media.assets.domain import AssetRole, MediaAsset
from media.kinds import MediaKind
from media.transcoding.audio import audio_jobs
from media.transcoding.images import make_image_derivatives
from media.transcoding.jobs import Job
from media.transcoding.outputs import PreviewWindow, RenditionFile, TranscodeFailed
from media.transcoding.runner import run_ffmpeg
from media.transcoding.subtitles import subtitle_command, subtitle_path
from media.transcoding.tracks import audio_track_jobs
from media.transcoding.video import video_jobs

TIMED_KINDS = frozenset({MediaKind.AUDIO, MediaKind.VIDEO})


def rendition_jobs(asset: MediaAsset, source: Path) -> list[Job]:
    """The jobs of an audio or video asset, in the order they start; [] for other kinds."""
    if asset.kind not in TIMED_KINDS:
        return []
    facts = asset.facts
    duration = float(facts.get("duration_s") or 0)
    if not duration > 0:
        raise TranscodeFailed(f"the {asset.kind.value} has no known duration ({duration!r} s)")
    if asset.role is AssetRole.AUDIO_TRACK:
        return audio_track_jobs(source, duration_s=duration)
    preview = PreviewWindow(asset.preview.start_s, asset.preview.length_s)
    if asset.kind is MediaKind.AUDIO:
        return audio_jobs(
            source, duration_s=duration, lossless=bool(facts.get("lossless")), preview=preview
        )
    return video_jobs(
        source,
        duration_s=duration,
        source_width=int(facts["width"]),
        source_height=int(facts["height"]),
        has_audio=facts.get("audio_codec") is not None,
        preview=preview,
    )


def make_files(asset: MediaAsset, source: Path, out: Path, timeout_s: float) -> list[RenditionFile]:
    """The one set of files of an image or subtitle; nothing for books and game builds (they
    are validated and offered as they are)."""
    out.mkdir(parents=True, exist_ok=True)
    if asset.kind is MediaKind.IMAGE:
        return make_image_derivatives(source, out, timeout_s=min(timeout_s, 300))
    if asset.kind is MediaKind.SUBTITLE:
        facts = asset.facts
        return [_subtitles(source, out, str(facts.get("format_name")), asset.language or "und")]
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
