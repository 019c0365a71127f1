"""ffmpeg argument lists, built with ffmpeg-python; nothing here runs a process.

Every builder returns the whole command (executable first) with the safe prefix: no stdin,
overwrite, quiet log, and `-protocol_whitelist file,pipe` on every input so a crafted input can
never make ffmpeg open a URL or another file. The runner re-checks this before running.
Output paths are absolute, so a command can be run as is from any directory (the benchmark
runs the very same lists bare).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ffmpeg

from media.transcoding.outputs import PreviewWindow
from media.transcoding.runner import FFMPEG, PROTOCOL_WHITELIST

PREFIX = (FFMPEG, "-nostdin", "-y", "-hide_banner", "-loglevel", "error")
STRIP_METADATA = {"map_metadata": -1, "map_chapters": -1}

# Audio
AAC_BITRATE = "128k"
MP3_BITRATE = "320k"
MUSIC_SAMPLE_RATE = 44100  # lossy music outputs (MP3 tops out at 48 kHz; sources vary)
VIDEO_AUDIO_SAMPLE_RATE = 48000
WAVEFORM_SAMPLE_RATE = 8000

# HLS
SEGMENT_S = 6
KEYFRAME_INTERVAL_S = 2  # divides SEGMENT_S: every variant cuts at the same instants
X264_PRESET = "veryfast"
X264_CRF = 23

# Video ladder: the short side of a 16:9 box and the rung's peak bit rate (kbit/s).
LADDER = ((360, 800), (540, 1600), (720, 3000), (1080, 6000))
PREVIEW_MAX_BOX = 540


@dataclass(frozen=True)
class Rung:
    name: str  # "720p": the box; "240p" for a source smaller than the lowest box
    box: int
    width: int
    height: int
    maxrate_kbps: int

    @property
    def bufsize_kbps(self) -> int:
        return 2 * self.maxrate_kbps


def plan_ladder(source_width: int, source_height: int) -> list[Rung]:
    """The rungs for a source: each box it reaches, fitted to its aspect ratio, never upscaled.

    A box is "reached" when the source is at least as large as the box on its short or on its
    long side (so 1920x800 gets 1080p as 1920x800 and 720p as 1280x534). Portrait sources use
    the boxes turned upright. The lowest rung always exists, capped at the source size.
    """
    if source_width <= 0 or source_height <= 0:
        raise ValueError(f"bad source size {source_width}x{source_height}")
    long_side, short_side = max(source_width, source_height), min(source_width, source_height)
    rungs: list[Rung] = []
    for box_short, maxrate in LADDER:
        box_long = box_short * 16 // 9
        if rungs and box_short > short_side and box_long > long_side:
            break
        factor = min(1.0, box_long / long_side, box_short / short_side)
        width = _even(source_width * factor, source_width)
        height = _even(source_height * factor, source_height)
        name = f"{box_short}p"
        if not rungs and short_side < box_short and long_side < box_long:
            name = f"{min(width, height)}p"
        rungs.append(Rung(name, box_short, width, height, maxrate))
    return rungs


def preview_rung(rungs: Sequence[Rung]) -> Rung:
    """The largest rung no bigger than 540p (the lowest when even that is bigger)."""
    fitting = [rung for rung in rungs if rung.box <= PREVIEW_MAX_BOX]
    return fitting[-1] if fitting else rungs[0]


def _even(value: float, limit: int) -> int:
    """Nearest even number, at least 2, never above the source's own (even) size."""
    return max(2, min(limit - limit % 2, round(value / 2) * 2))


def _input(path: Path, **options: Any) -> Any:
    whitelist = {PROTOCOL_WHITELIST[0].lstrip("-"): PROTOCOL_WHITELIST[1]}
    return ffmpeg.input(os.fspath(path), **whitelist, **options)


def _argv(*outputs: Any) -> list[str]:
    spec = outputs[0] if len(outputs) == 1 else ffmpeg.merge_outputs(*outputs)
    return [*PREFIX, *(str(arg) for arg in ffmpeg.get_args(spec))]


def _hls_options(work: Path, var_stream_map: str) -> dict[str, Any]:
    return {
        "format": "hls",
        "hls_time": SEGMENT_S,
        "hls_playlist_type": "vod",
        "hls_segment_type": "fmp4",
        "hls_flags": "independent_segments",
        "hls_fmp4_init_filename": "init.mp4",
        "hls_segment_filename": os.fspath(work / "hls" / "%v" / "seg_%05d.m4s"),
        "master_pl_name": "master.m3u8",
        "var_stream_map": var_stream_map,
    }


def _aac(sample_rate: int) -> dict[str, Any]:
    return {"c:a": "aac", "b:a": AAC_BITRATE, "ac": 2, "ar": sample_rate}


def _audio(src: Path, **options: Any) -> Any:
    return _input(src, **options)["a:0"]


# One ffmpeg process per audio output: Debian's ffmpeg 5.1 runs one process's encoders one
# after another, so separate processes are what let two cores work (docs/decisions.md,
# "Playable sooner").


def audio_preview_command(src: Path, dest: Path, *, window: PreviewWindow) -> list[str]:
    """The preview window as progressive AAC, seeking on the input: only the window is read
    and decoded, so it is made in a fraction of the whole track's time."""
    source = _audio(src, ss=window.start_s, t=window.length_s)
    options = {"movflags": "+faststart", **_aac(MUSIC_SAMPLE_RATE), **STRIP_METADATA}
    return _argv(ffmpeg.output(source, os.fspath(dest), **options))


def audio_hls_command(src: Path, work: Path, sample_rate: int = MUSIC_SAMPLE_RATE) -> list[str]:
    """The whole track as HLS (AAC in fMP4 segments), `hls/master.m3u8` + `hls/audio/`. A
    film's other audio tracks use the film's own rate (`VIDEO_AUDIO_SAMPLE_RATE`), so every
    rendition of its audio group decodes alike."""
    return _argv(
        ffmpeg.output(
            _audio(src),
            os.fspath(work / "hls" / "%v" / "index.m3u8"),
            **_hls_options(work, "a:0,name:audio"),
            **_aac(sample_rate),
            **STRIP_METADATA,
        )
    )


def audio_m4a_command(src: Path, dest: Path, sample_rate: int = MUSIC_SAMPLE_RATE) -> list[str]:
    options = {"movflags": "+faststart", **_aac(sample_rate), **STRIP_METADATA}
    return _argv(ffmpeg.output(_audio(src), os.fspath(dest), **options))


def m4a_from_stream_command(playlist: Path, dest: Path) -> list[str]:
    """The M4A download from the stream's segments, copied (`audio_hls_command` encodes them
    with the download's AAC settings): a remux of a few hundred milliseconds."""
    options = {"c": "copy", "movflags": "+faststart", **STRIP_METADATA}
    return _argv(ffmpeg.output(_input(playlist)["a:0"], os.fspath(dest), **options))


def audio_mp3_command(src: Path, dest: Path) -> list[str]:
    options = {"c:a": "libmp3lame", "b:a": MP3_BITRATE, "ar": MUSIC_SAMPLE_RATE}
    return _argv(ffmpeg.output(_audio(src), os.fspath(dest), **options, **STRIP_METADATA))


def audio_flac_command(src: Path, dest: Path) -> list[str]:
    return _argv(ffmpeg.output(_audio(src), os.fspath(dest), **{"c:a": "flac"}, **STRIP_METADATA))


def waveform_pcm_command(src: Path) -> list[str]:
    """16-bit WAV at 8 kHz (source channels) on stdout, read for the waveform's peaks."""
    return _argv(
        ffmpeg.output(
            _audio(src),
            "pipe:1",
            format="wav",
            **{"c:a": "pcm_s16le"},
            ar=WAVEFORM_SAMPLE_RATE,
            fflags="+bitexact",
            **STRIP_METADATA,
        )
    )


def _x264(index: int | None, rung: Rung) -> dict[str, Any]:
    spec = "v" if index is None else f"v:{index}"
    return {
        f"maxrate:{spec}": f"{rung.maxrate_kbps}k",
        f"bufsize:{spec}": f"{rung.bufsize_kbps}k",
    }


X264_COMMON = {
    "c:v": "libx264",
    "preset": X264_PRESET,
    "crf": X264_CRF,
    "profile:v": "high",
    "sc_threshold": 0,
    "force_key_frames": f"expr:gte(t,n_forced*{KEYFRAME_INTERVAL_S})",
}


def _scaled(stream: Any, rung: Rung) -> Any:
    return (
        stream.filter("scale", rung.width, rung.height)
        .filter("setsar", 1)
        .filter("format", "yuv420p")
    )


def video_ladder_command(
    src: Path, work: Path, *, rungs: Sequence[Rung], has_audio: bool
) -> list[str]:
    """The HLS ladder in one process: decode once, split, scale and encode every rung with the
    same forced keyframes, one AAC rendition shared by all variants (audio group "audio"), and
    the master playlist written by the hls muxer. Also builds single-rendition commands (one
    rung and no audio, or no rung and audio) for the benchmark's one-process-per-rendition run.
    """
    if not rungs and not has_audio:
        raise ValueError("nothing to encode")
    source = _input(src)
    streams: list[Any] = []
    if len(rungs) == 1:
        streams.append(_scaled(source["v:0"], rungs[0]))
    elif rungs:
        split = source["v:0"].filter_multi_output("split", len(rungs))
        streams += [_scaled(split.stream(i), rung) for i, rung in enumerate(rungs)]
    options: dict[str, Any] = {}
    if rungs:
        options.update(X264_COMMON)
        for index, rung in enumerate(rungs):
            options.update(_x264(index, rung))
    group = ",agroup:audio" if has_audio and rungs else ""
    variants = [f"v:{i}{group},name:{rung.name}" for i, rung in enumerate(rungs)]
    if has_audio:
        streams.append(source["a:0"])
        options.update(_aac(VIDEO_AUDIO_SAMPLE_RATE))
        variants.append(f"a:0{group},name:audio")
    return _argv(
        ffmpeg.output(
            *streams,
            os.fspath(work / "hls" / "%v" / "index.m3u8"),
            **_hls_options(work, " ".join(variants)),
            **options,
            **STRIP_METADATA,
        )
    )


def poster_command(src: Path, dest: Path, *, at_s: float, rung: Rung) -> list[str]:
    """One frame at `at_s` (input seeking: only the frames from the previous keyframe are
    decoded), at the size of the given rung."""
    frame = _scaled(_input(src, ss=round(at_s, 3))["v:0"], rung)
    return _argv(
        ffmpeg.output(
            frame,
            os.fspath(dest),
            **{"frames:v": 1, "q:v": 3, "c:v": "mjpeg"},
            update=1,  # a file name, not an image2 pattern
            **STRIP_METADATA,
        )
    )


def video_preview_command(
    src: Path, dest: Path, *, window: PreviewWindow, rung: Rung, has_audio: bool
) -> list[str]:
    """The preview window as a progressive MP4 (faststart), decoded from the window only."""
    source = _input(src, ss=window.start_s, t=window.length_s)
    streams = [_scaled(source["v:0"], rung)]
    options = {**X264_COMMON, **_x264(None, rung), "movflags": "+faststart"}
    if has_audio:
        streams.append(source["a:0"])
        options.update(_aac(VIDEO_AUDIO_SAMPLE_RATE))
    return _argv(ffmpeg.output(*streams, os.fspath(dest), **options, **STRIP_METADATA))


def subtitle_command(src: Path, dest: Path, *, input_format: str, charset: str | None) -> list[str]:
    """SRT or WebVTT in, WebVTT out; the demuxer is forced from the declared format."""
    options: dict[str, Any] = {"format": input_format}
    if charset is not None:
        options["sub_charenc"] = charset
    text = _input(src, **options)["s:0"]
    return _argv(
        ffmpeg.output(text, os.fspath(dest), format="webvtt", **{"c:s": "webvtt"}, **STRIP_METADATA)
    )


def image_command(
    src: Path, work: Path, *, sizes: Sequence[tuple[int, int]], stem: str
) -> list[str]:
    """One decode, each size scaled once and written as WebP and JPEG without metadata."""
    if not sizes:
        raise ValueError("no image size requested")
    frame = _input(src)["v:0"]
    branches = [frame]
    if len(sizes) > 1:
        split = frame.filter_multi_output("split", len(sizes))
        branches = [split.stream(i) for i in range(len(sizes))]
    outputs = []
    for branch, (width, height) in zip(branches, sizes, strict=True):
        scaled = branch.filter("scale", width, height, flags="lanczos").filter("setsar", 1)
        pair = scaled.filter_multi_output("split", 2)
        base = work / "images" / f"{stem}_{width}"
        clean = {
            **STRIP_METADATA,
            "frames:v": 1,
            "update": 1,  # a file name, not an image2 pattern
            "fflags": "+bitexact",
            "flags:v": "+bitexact",
        }
        outputs.append(
            ffmpeg.output(
                pair.stream(0),
                os.fspath(base.with_suffix(".webp")),
                **{"c:v": "libwebp", "quality": 82},
                **clean,
            )
        )
        outputs.append(
            ffmpeg.output(
                pair.stream(1),
                os.fspath(base.with_suffix(".jpg")),
                **{"c:v": "mjpeg", "q:v": 3},
                **clean,
            )
        )
    return _argv(*outputs)
