"""Audio and video: structure checks, ffprobe with the sniffed demuxer, allowlists and limits."""

from __future__ import annotations

from pathlib import Path

from media.kinds import MediaKind
from media.safety.containers import check_iso_bmff, check_riff_size
from media.safety.errors import (
    CORRUPT_MEDIA,
    DIMENSIONS_TOO_LARGE,
    FRAME_RATE_TOO_HIGH,
    KIND_MISMATCH,
    TOO_LONG,
    TOO_MANY_STREAMS,
    UNSUPPORTED_CODEC,
    UNSUPPORTED_FORMAT,
    Rejected,
)
from media.safety.facts import MediaFacts
from media.safety.images import ImageSize, check_image_size
from media.safety.limits import SafetyLimits
from media.safety.policy import (
    COVER_ART_CODECS,
    DEMUXER_BY_LABEL,
    REFERENCING_DEMUXERS,
    VIDEO_CODECS,
    is_audio_codec_allowed,
    is_lossless_audio,
    mime_and_format,
)
from media.safety.probe import ProbeResult, ProbeStream, run_ffprobe
from media.safety.sniff import Sniffed

ACCEPTED_AUDIO_CODECS = "MP3, AAC, ALAC, FLAC, Vorbis, Opus or PCM"
ACCEPTED_VIDEO_CODECS = "H.264, HEVC, VP8, VP9, AV1, ProRes, DNxHD, MPEG-4 or MPEG-2"


def inspect_audio_video(
    path: Path, kind: MediaKind, sniffed: Sniffed, head: bytes, size: int, limits: SafetyLimits
) -> MediaFacts:
    if sniffed.label in ("mp4", "mov"):
        check_iso_bmff(path, size)
    elif sniffed.label in ("wav", "aiff"):
        check_riff_size(head, size)
    demuxer = DEMUXER_BY_LABEL[sniffed.label]
    probe = run_ffprobe(path, demuxer, limits.probe_timeout_s)
    if probe.demuxer in REFERENCING_DEMUXERS or probe.demuxer != demuxer:
        raise Rejected(
            UNSUPPORTED_FORMAT,
            f"The file was read as {probe.demuxer!r}, which can reference other files; "
            "upload the media file itself.",
        )
    if not probe.streams:
        raise Rejected(
            CORRUPT_MEDIA,
            "No audio or video could be found in the file: it looks damaged. "
            "Export it again and upload the new file.",
        )
    if len(probe.streams) > limits.max_streams:
        raise Rejected(
            TOO_MANY_STREAMS,
            f"The file has {len(probe.streams)} streams; at most {limits.max_streams} are "
            "accepted. Remove the extra tracks when you export it.",
        )
    audio = [s for s in probe.streams if s.codec_type == "audio"]
    video = [s for s in probe.streams if s.codec_type == "video" and not s.attached_pic]
    covers = [s for s in probe.streams if s.codec_type == "video" and s.attached_pic]
    _check_kind(kind, audio, video)
    _check_codecs(kind, audio, video, covers, limits)
    duration = _duration(probe)
    _check_duration(kind, duration, limits)
    for stream in video:
        _check_picture(stream, limits)
    format_name, mime_type = mime_and_format(sniffed.label, kind)
    main_video = video[0] if video else None
    main_audio = audio[0] if audio else None
    return MediaFacts(
        kind=kind,
        format_name=format_name,
        mime_type=mime_type,
        size_bytes=size,
        duration_s=duration,
        width=main_video.width if main_video else None,
        height=main_video.height if main_video else None,
        fps=main_video.fps if main_video else None,
        video_codec=main_video.codec_name if main_video else None,
        audio_codec=main_audio.codec_name if main_audio else None,
        sample_rate=main_audio.sample_rate if main_audio else None,
        channels=main_audio.channels if main_audio else None,
        lossless=(
            kind is MediaKind.AUDIO
            and main_audio is not None
            and is_lossless_audio(main_audio.codec_name)
        ),
    )


def _check_kind(kind: MediaKind, audio: list[ProbeStream], video: list[ProbeStream]) -> None:
    if kind is MediaKind.AUDIO and video:
        raise Rejected(
            KIND_MISMATCH,
            "This file contains video; upload it as a video, or export the sound alone.",
        )
    if kind is MediaKind.AUDIO and not audio:
        raise Rejected(KIND_MISMATCH, "This file has no audio track to publish as audio.")
    if kind is MediaKind.VIDEO and not video:
        raise Rejected(
            KIND_MISMATCH,
            "This file has no video track; if it is music or sound, upload it as audio.",
        )


def _check_codecs(
    kind: MediaKind,
    audio: list[ProbeStream],
    video: list[ProbeStream],
    covers: list[ProbeStream],
    limits: SafetyLimits,
) -> None:
    in_video = kind is MediaKind.VIDEO
    for stream in audio:
        if not is_audio_codec_allowed(stream.codec_name, in_video=in_video):
            raise Rejected(
                UNSUPPORTED_CODEC,
                f"The audio is encoded as {stream.codec_name!r}; Lakou accepts "
                f"{ACCEPTED_AUDIO_CODECS}. Export it again with one of these.",
            )
    for stream in video:
        if stream.codec_name not in VIDEO_CODECS:
            raise Rejected(
                UNSUPPORTED_CODEC,
                f"The video is encoded as {stream.codec_name!r}; Lakou accepts "
                f"{ACCEPTED_VIDEO_CODECS}. Export it again with one of these.",
            )
    for stream in covers:
        if stream.codec_name not in COVER_ART_CODECS:
            raise Rejected(
                UNSUPPORTED_CODEC,
                f"The embedded cover art is encoded as {stream.codec_name!r}; use a JPEG or "
                "PNG cover.",
            )
        if stream.width is not None and stream.height is not None:
            check_image_size(
                ImageSize(stream.width, stream.height), limits, "The embedded cover art"
            )


def _duration(probe: ProbeResult) -> float:
    stream_durations = [s.duration_s for s in probe.streams if s.duration_s is not None]
    duration = probe.duration_s or (max(stream_durations) if stream_durations else None)
    if duration is None:
        raise Rejected(
            CORRUPT_MEDIA,
            "The file's duration cannot be determined: it looks truncated or damaged. "
            "Export it again and upload the new file.",
        )
    return duration


def _check_duration(kind: MediaKind, duration: float, limits: SafetyLimits) -> None:
    limit = limits.max_video_duration_s if kind is MediaKind.VIDEO else limits.max_audio_duration_s
    if duration > limit:
        raise Rejected(
            TOO_LONG,
            f"The {kind.value} lasts {_hms(duration)}; the limit is {_hms(limit)}. "
            "Split it into several works or parts.",
        )


def _hms(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _check_picture(stream: ProbeStream, limits: SafetyLimits) -> None:
    if not stream.width or not stream.height:
        raise Rejected(CORRUPT_MEDIA, "The video's picture size cannot be read.")
    long_side, short_side = max(stream.width, stream.height), min(stream.width, stream.height)
    if long_side > max(limits.max_width, limits.max_height) or short_side > min(
        limits.max_width, limits.max_height
    ):
        raise Rejected(
            DIMENSIONS_TOO_LARGE,
            f"The video is {stream.width}x{stream.height}; the limit is "
            f"{limits.max_width}x{limits.max_height} (either orientation). "
            "Export it at a smaller size.",
        )
    if stream.fps is not None and stream.fps > limits.max_fps:
        raise Rejected(
            FRAME_RATE_TOO_HIGH,
            f"The video runs at {stream.fps:.4g} frames per second; the limit is "
            f"{limits.max_fps:g}. Export it at a lower frame rate.",
        )
