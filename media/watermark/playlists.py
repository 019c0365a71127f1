"""The marked renditions' layout (read from ffmpeg's playlists) and one holder's playlists.

The layout is stored with the renditions: each rendition's name, kind, whether it is marked,
its init segment, its codecs and bandwidth, and the segments' durations. A holder's master
playlist lists signed media playlists; a media playlist lists signed segment URLs, each naming
the variant the holder's codeword spells for it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_ATTRIBUTE = re.compile(r'([A-Z-]+)=("[^"]*"|[^,]*)')


def _attributes(line: str) -> dict[str, str]:
    return {key: value.strip('"') for key, value in _ATTRIBUTE.findall(line.split(":", 1)[1])}


def read_media_playlist(path: Path) -> tuple[str, list[float]]:
    """The init segment's name and the segments' durations of one of ffmpeg's playlists."""
    init, durations = "", []
    for line in path.read_text().splitlines():
        if line.startswith("#EXT-X-MAP"):
            init = _attributes(line)["URI"]
        elif line.startswith("#EXTINF:"):
            durations.append(float(line[8:].split(",")[0]))
    return init, durations


def read_layout(variant_dir: Path, marked: Sequence[str]) -> dict[str, Any]:
    """From variant A's folder (ffmpeg's master and media playlists): every rendition, with
    `marked` naming those whose A and B differ."""
    lines = (variant_dir / "master.m3u8").read_text().splitlines()
    renditions: list[dict[str, Any]] = []
    durations: list[float] = []
    for index, line in enumerate(lines):
        if not line.startswith("#EXT-X-STREAM-INF"):
            continue
        name = lines[index + 1].split("/")[0]
        attributes = _attributes(line)
        init, own = read_media_playlist(variant_dir / name / "index.m3u8")
        if name in marked:
            durations = own  # the clock segments are read on (rungs share their cuts)
        width, _, height = attributes.get("RESOLUTION", "x").partition("x")
        renditions.append(
            {
                "name": name,
                "type": "video" if width else "audio",
                "marked": name in marked,
                "init": init,
                "codecs": attributes.get("CODECS", ""),
                "bandwidth": int(attributes.get("BANDWIDTH", "0")),
                "width": int(width or 0),
                "height": int(height or 0),
                "durations": own,
            }
        )
    return {"renditions": renditions, "durations": durations}


def segment_starts(layout: dict[str, Any]) -> list[float]:
    starts, at = [], 0.0
    for duration in layout["durations"]:
        starts.append(at)
        at += duration
    return starts


def master_playlist(layout: dict[str, Any], sign: Callable[[str], str]) -> str:
    """`sign(rendition name)` gives the signed URL of that rendition's media playlist."""
    renditions = layout["renditions"]
    videos = [r for r in renditions if r["type"] == "video"]
    audios = [r for r in renditions if r["type"] == "audio"]
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
    if not videos:
        for audio in audios:
            lines += [
                f'#EXT-X-STREAM-INF:BANDWIDTH={audio["bandwidth"]},CODECS="{audio["codecs"]}"',
                sign(audio["name"]),
            ]
        return "\n".join(lines) + "\n"
    group = ""
    for audio in audios:
        group = ',AUDIO="audio"'
        lines.append(
            '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,'
            f'URI="{sign(audio["name"])}"'
        )
    extra = sum(a["bandwidth"] for a in audios[:1])
    audio_codecs = "".join(f",{a['codecs']}" for a in audios[:1])
    for video in videos:
        lines += [
            f"#EXT-X-STREAM-INF:BANDWIDTH={video['bandwidth'] + extra},"
            f"RESOLUTION={video['width']}x{video['height']},"
            f'CODECS="{video["codecs"]}{audio_codecs}"{group}',
            sign(video["name"]),
        ]
    return "\n".join(lines) + "\n"


def media_playlist(
    durations: Sequence[float], init_url: str, segment_url: Callable[[int], str]
) -> str:
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:7",
        f"#EXT-X-TARGETDURATION:{math.ceil(max(durations, default=1))}",
        "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXT-X-PLAYLIST-TYPE:VOD",
        "#EXT-X-INDEPENDENT-SEGMENTS",
        f'#EXT-X-MAP:URI="{init_url}"',
    ]
    for index, duration in enumerate(durations):
        lines += [f"#EXTINF:{duration:.6f},", segment_url(index)]
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"
