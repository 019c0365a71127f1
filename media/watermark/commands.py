"""ffmpeg argument lists for the marked renditions, built with ffmpeg-python; nothing runs here.

One process per asset: the source is decoded once; for each rung of the ladder the scaled
picture is split three ways, the mark pattern is drawn once (geq on the first frame, repeated by
lut2's frame sync) and added to one branch (variant A) and subtracted from the other (B) with a
lookup table, so no frame leaves ffmpeg. Both variants use the ladder's encoder settings, the
same forced keyframes every 2 s and 2-second fMP4 segments, so segment n of A and segment n of B
cover the same frames and are interchangeable. A third output writes the tracer's reference: the
unmarked picture, small and grey, a few frames a second.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ffmpeg

from media.transcoding.commands import (
    PREFIX,
    STRIP_METADATA,
    VIDEO_AUDIO_SAMPLE_RATE,
    X264_COMMON,
    Rung,
)
from media.transcoding.runner import PROTOCOL_WHITELIST
from media.watermark.pattern import equalizer_entries, luma_expression

SEGMENT_S = 2
VARIANTS = ("A", "B")
SIGNS = {"A": 1, "B": -1}
# The tracer's view of a picture: small grey frames on a fixed clock.
REFERENCE_WIDTH, REFERENCE_HEIGHT = 160, 90
REFERENCE_FPS = 5
# The tracer's view of sound: mono at a rate that keeps every marked band.
REFERENCE_AUDIO_RATE = 16000
AUDIO_BITRATE = "128k"
MUSIC_SAMPLE_RATE = 44100


def _input(path: Path) -> Any:
    return ffmpeg.input(os.fspath(path), **{PROTOCOL_WHITELIST[0].lstrip("-"): "file,pipe"})


def _argv(*outputs: Any) -> list[str]:
    spec = outputs[0] if len(outputs) == 1 else ffmpeg.merge_outputs(*outputs)
    return [*PREFIX, *(str(arg) for arg in ffmpeg.get_args(spec))]


def _hls(work: Path, variant: str, var_stream_map: str) -> dict[str, Any]:
    return {
        "format": "hls",
        "hls_time": SEGMENT_S,
        "hls_playlist_type": "vod",
        "hls_segment_type": "fmp4",
        "hls_flags": "independent_segments",
        "hls_fmp4_init_filename": "init.mp4",
        "hls_segment_filename": os.fspath(work / variant / "%v" / "seg_%05d.m4s"),
        "master_pl_name": "master.m3u8",
        "var_stream_map": var_stream_map,
    }


def _marked_pair(picture: Any, rung: Rung) -> tuple[Any, Any]:
    """Variant A and variant B of one rung."""
    scaled = (
        picture.filter("scale", rung.width, rung.height)
        .filter("setsar", 1)
        .filter("format", "yuv420p")
        .filter_multi_output("split", 3)
    )
    first = scaled.stream(2).filter("trim", end_frame=1)
    pattern = first.filter("geq", lum=luma_expression(1), cb=128, cr=128).filter_multi_output(
        "split", 2
    )
    added = ffmpeg.filter(
        [scaled.stream(0), pattern.stream(0)], "lut2", c0="clip(x+y-128,0,255)", c1="x", c2="x"
    )
    subtracted = ffmpeg.filter(
        [scaled.stream(1), pattern.stream(1)], "lut2", c0="clip(x-y+128,0,255)", c1="x", c2="x"
    )
    return added, subtracted


def _x264_rates(rungs: Sequence[Rung]) -> dict[str, str]:
    rates: dict[str, str] = {}
    for index, rung in enumerate(rungs):
        rates[f"maxrate:v:{index}"] = f"{rung.maxrate_kbps}k"
        rates[f"bufsize:v:{index}"] = f"{rung.bufsize_kbps}k"
    return rates


def marked_video_command(
    src: Path, work: Path, *, rungs: Sequence[Rung], has_audio: bool
) -> list[str]:
    """`<work>/A/<rung>/`, `<work>/B/<rung>/` (plus `<work>/A/audio/`, unmarked, when the source
    has sound) and `<work>/reference.gray`."""
    if not rungs:
        raise ValueError("no rung to mark")
    source = _input(src)
    pictures = source["v:0"].filter_multi_output("split", len(rungs) + 1)
    pairs = [_marked_pair(pictures.stream(i), rung) for i, rung in enumerate(rungs)]
    encoder = {**X264_COMMON, **_x264_rates(rungs)}
    names = [f"v:{i},name:{rung.name}" for i, rung in enumerate(rungs)]
    outputs = []
    for variant in VARIANTS:
        streams = [pair[VARIANTS.index(variant)] for pair in pairs]
        options = dict(encoder)
        stream_map = list(names)
        if variant == "A" and has_audio:
            streams.append(source["a:0"])
            options.update({"c:a": "aac", "b:a": AUDIO_BITRATE, "ac": 2})
            options["ar"] = VIDEO_AUDIO_SAMPLE_RATE
            stream_map.append("a:0,name:audio")
        outputs.append(
            ffmpeg.output(
                *streams,
                os.fspath(work / variant / "%v" / "index.m3u8"),
                **_hls(work, variant, " ".join(stream_map)),
                **options,
                **STRIP_METADATA,
            )
        )
    reference = (
        pictures.stream(len(rungs))
        .filter("fps", REFERENCE_FPS)
        .filter("scale", REFERENCE_WIDTH, REFERENCE_HEIGHT, flags="area")
        .filter("format", "gray")
    )
    outputs.append(
        ffmpeg.output(
            reference, os.fspath(work / "reference.gray"), format="rawvideo", **STRIP_METADATA
        )
    )
    return _argv(*outputs)


def marked_audio_command(src: Path, work: Path) -> list[str]:
    """`<work>/A/audio/`, `<work>/B/audio/` (AAC, 2-second segments) and `<work>/reference.pcm`
    (unmarked, mono, 16 kHz, 16-bit)."""
    sound = _input(src)["a:0"].filter_multi_output("asplit", 3)
    outputs = []
    for index, variant in enumerate(VARIANTS):
        marked = sound.stream(index).filter(
            "firequalizer", gain_entry=equalizer_entries(SIGNS[variant]), gain="gain_interpolate(f)"
        )
        outputs.append(
            ffmpeg.output(
                marked,
                os.fspath(work / variant / "%v" / "index.m3u8"),
                **_hls(work, variant, "a:0,name:audio"),
                **{"c:a": "aac", "b:a": AUDIO_BITRATE, "ac": 2, "ar": MUSIC_SAMPLE_RATE},
                **STRIP_METADATA,
            )
        )
    outputs.append(
        ffmpeg.output(
            sound.stream(2),
            os.fspath(work / "reference.pcm"),
            format="s16le",
            ac=1,
            ar=REFERENCE_AUDIO_RATE,
            **STRIP_METADATA,
        )
    )
    return _argv(*outputs)
