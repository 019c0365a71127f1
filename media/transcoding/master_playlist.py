"""HLS master playlists as data: read the ones ffmpeg writes, combine them, write them back.

A film's stream is published in two steps: first the lowest rung with the audio (ffmpeg writes
that master), then the other rungs (a second process, video only, with its own master). The
combined master lists every rung in the same audio group. Alternate renditions (`EXT-X-MEDIA`:
audio in other languages, subtitles) are a list of attribute sets, so more can be added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

_ATTRIBUTE = re.compile(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)')


@dataclass(frozen=True)
class Variant:
    uri: str
    attributes: dict[str, str]  # BANDWIDTH, RESOLUTION, CODECS (quoted as written), AUDIO...

    @property
    def bandwidth(self) -> int:
        return int(self.attributes.get("BANDWIDTH", "0"))

    @property
    def has_video(self) -> bool:
        return "RESOLUTION" in self.attributes


@dataclass(frozen=True)
class MasterPlaylist:
    version: int = 7
    # EXT-X-MEDIA lines: TYPE=AUDIO or SUBTITLES, GROUP-ID, NAME, LANGUAGE, DEFAULT, URI...
    alternates: list[dict[str, str]] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)

    def render(self) -> str:
        lines = ["#EXTM3U", f"#EXT-X-VERSION:{self.version}", "#EXT-X-INDEPENDENT-SEGMENTS"]
        lines += [f"#EXT-X-MEDIA:{_attributes(alternate)}" for alternate in self.alternates]
        for variant in self.variants:
            lines += [f"#EXT-X-STREAM-INF:{_attributes(variant.attributes)}", variant.uri]
        return "\n".join(lines) + "\n"


def parse_master(text: str) -> MasterPlaylist:
    version = 7
    alternates: list[dict[str, str]] = []
    variants: list[Variant] = []
    pending: dict[str, str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#EXT-X-VERSION:"):
            version = int(line.partition(":")[2])
        elif line.startswith("#EXT-X-MEDIA:"):
            alternates.append(_parse_attributes(line.partition(":")[2]))
        elif line.startswith("#EXT-X-STREAM-INF:"):
            pending = _parse_attributes(line.partition(":")[2])
        elif line and not line.startswith("#") and pending is not None:
            variants.append(Variant(line, pending))
            pending = None
    return MasterPlaylist(version, alternates, variants)


def with_more_rungs(first: MasterPlaylist, more: MasterPlaylist) -> MasterPlaylist:
    """`first` (the lowest rung, and the audio when there is some) with the video variants of
    `more` (written without audio) joining its audio group, every video variant by bandwidth,
    the audio-only variant last."""
    audio_only = [variant for variant in first.variants if not variant.has_video]
    added = list(more.variants)
    if audio_only:
        audio = audio_only[0].attributes
        audio_codec = audio.get("CODECS", '""').strip('"')
        added = [
            replace(
                variant,
                attributes={
                    **variant.attributes,
                    "BANDWIDTH": str(variant.bandwidth + int(audio.get("BANDWIDTH", "0"))),
                    "CODECS": _joined(variant.attributes.get("CODECS", '""'), audio_codec),
                    "AUDIO": audio.get("AUDIO", '"group_audio"'),
                },
            )
            for variant in added
        ]
    video = sorted(
        [variant for variant in first.variants if variant.has_video] + added,
        key=lambda variant: variant.bandwidth,
    )
    return MasterPlaylist(max(first.version, more.version), first.alternates, video + audio_only)


def _joined(codecs: str, extra: str) -> str:
    names = [name for name in codecs.strip('"').split(",") if name]
    if extra and extra not in names:
        names.append(extra)
    return '"' + ",".join(names) + '"'


def _parse_attributes(text: str) -> dict[str, str]:
    return {name: value for name, value in _ATTRIBUTE.findall(text)}


def _attributes(attributes: dict[str, str]) -> str:
    return ",".join(f"{name}={value}" for name, value in attributes.items())
