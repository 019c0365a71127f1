"""Audio and video: structure checks, ffprobe with the sniffed demuxer, allowlists and limits."""

from __future__ import annotations

from pathlib import Path

from infra.i18n.formatting import number
from media.kinds import MediaKind
from media.safety.containers import check_iso_bmff, check_riff_size
from media.safety.errors import Rejected, Rejection
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
        raise Rejected(Rejection.REFERENCING_FORMAT, demuxer=probe.demuxer)
    if not probe.streams:
        raise Rejected(Rejection.NO_STREAMS)
    if len(probe.streams) > limits.max_streams:
        raise Rejected(Rejection.STREAMS, count=len(probe.streams), max=limits.max_streams)
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
        raise Rejected(Rejection.AUDIO_HAS_VIDEO)
    if kind is MediaKind.AUDIO and not audio:
        raise Rejected(Rejection.NO_AUDIO_TRACK)
    if kind is MediaKind.VIDEO and not video:
        raise Rejected(Rejection.NO_VIDEO_TRACK)


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
            raise Rejected(Rejection.AUDIO_CODEC, codec=stream.codec_name)
    for stream in video:
        if stream.codec_name not in VIDEO_CODECS:
            raise Rejected(Rejection.VIDEO_CODEC, codec=stream.codec_name)
    for stream in covers:
        if stream.codec_name not in COVER_ART_CODECS:
            raise Rejected(Rejection.COVER_CODEC, codec=stream.codec_name)
        if stream.width is not None and stream.height is not None:
            check_image_size(ImageSize(stream.width, stream.height), limits, cover=True)


def _duration(probe: ProbeResult) -> float:
    stream_durations = [s.duration_s for s in probe.streams if s.duration_s is not None]
    duration = probe.duration_s or (max(stream_durations) if stream_durations else None)
    if duration is None:
        raise Rejected(Rejection.NO_DURATION)
    return duration


def _check_duration(kind: MediaKind, duration: float, limits: SafetyLimits) -> None:
    limit = limits.max_video_duration_s if kind is MediaKind.VIDEO else limits.max_audio_duration_s
    if duration > limit:
        raise Rejected(
            Rejection.VIDEO_TOO_LONG if kind is MediaKind.VIDEO else Rejection.AUDIO_TOO_LONG,
            duration=_hms(duration),
            limit=_hms(limit),
        )


def _hms(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _check_picture(stream: ProbeStream, limits: SafetyLimits) -> None:
    if not stream.width or not stream.height:
        raise Rejected(Rejection.NO_PICTURE_SIZE)
    long_side, short_side = max(stream.width, stream.height), min(stream.width, stream.height)
    if long_side > max(limits.max_width, limits.max_height) or short_side > min(
        limits.max_width, limits.max_height
    ):
        raise Rejected(
            Rejection.VIDEO_TOO_LARGE,
            width=stream.width,
            height=stream.height,
            max_width=limits.max_width,
            max_height=limits.max_height,
        )
    if stream.fps is not None and stream.fps > limits.max_fps:
        raise Rejected(
            Rejection.FRAME_RATE,
            fps=number(float(f"{stream.fps:.4g}")),
            max_fps=number(limits.max_fps),
        )
