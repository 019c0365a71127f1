"""A film's language versions in its HLS master playlist, added as it is served.

The stored master lists the film's own renditions (ffmpeg wrote it). Each other audio track is
an asset of its own, signed with its own token, so the master a viewer gets is that one plus an
`EXT-X-MEDIA` line per version: TYPE=AUDIO in the film's audio group (the viewer's token
opens only what their grant opens, and expires with it), TYPE=SUBTITLES in a "subs" group that
every video variant names. A subtitle file becomes a one-segment media playlist the size of the
film (HLS wants a playlist, not the file).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from media.transcoding.master_playlist import MasterPlaylist, parse_master

SUBTITLES_GROUP = '"subs"'
NEW_AUDIO_GROUP = '"group_audio"'
# HLS's accessibility characteristics (RFC 8216bis, 4.4.6.1; Apple's authoring spec).
CHARACTERISTICS = {
    "description": "public.accessibility.describes-video",
    "captions": "public.accessibility.transcribes-spoken-dialog,"
    "public.accessibility.describes-music-and-sound",
}
_UNQUOTABLE = re.compile(r'["\r\n\x00-\x1f]')


@dataclass(frozen=True)
class Alternate:
    language: str  # BCP 47
    kind: str  # media.tracks.domain.TrackKind
    name: str  # as the viewer's player lists it
    uri: str  # an absolute path carrying the version's own token


def quoted(text: str) -> str:
    """An HLS quoted-string: no double quote, carriage return or line feed may be inside."""
    return '"' + _UNQUOTABLE.sub(" ", text) + '"'


def with_versions(
    text: str, audio: list[Alternate], subtitles: list[Alternate], original_name: str
) -> str:
    """The master `text` with the versions added; the same text when there are none."""
    if not audio and not subtitles:
        return text
    master = parse_master(text)
    alternates = [dict(alternate) for alternate in master.alternates]
    variants = list(master.variants)
    if audio:
        own = [a for a in alternates if a.get("TYPE") == "AUDIO"]
        group = own[0]["GROUP-ID"] if own else NEW_AUDIO_GROUP
        for alternate in own:
            alternate.update(NAME=quoted(original_name), AUTOSELECT="YES")
        alternates += [
            _media("AUDIO", group, track, default=not own and index == 0)
            for index, track in enumerate(audio)
        ]
        if not own:  # a silent film: its video variants get the group now
            variants = [
                replace(v, attributes={**v.attributes, "AUDIO": group}) if v.has_video else v
                for v in variants
            ]
    if subtitles:
        alternates += [_media("SUBTITLES", SUBTITLES_GROUP, track) for track in subtitles]
        variants = [
            replace(v, attributes={**v.attributes, "SUBTITLES": SUBTITLES_GROUP})
            if v.has_video
            else v
            for v in variants
        ]
    return MasterPlaylist(master.version, alternates, variants).render()


def _media(kind: str, group: str, track: Alternate, default: bool = False) -> dict[str, str]:
    attributes = {
        "TYPE": kind,
        "GROUP-ID": group,
        "LANGUAGE": quoted(track.language),
        "NAME": quoted(track.name),
        "DEFAULT": "YES" if default else "NO",
        "AUTOSELECT": "YES",
    }
    if kind == "SUBTITLES":
        attributes["FORCED"] = "NO"
    if track.kind in CHARACTERISTICS:
        attributes["CHARACTERISTICS"] = quoted(CHARACTERISTICS[track.kind])
    attributes["URI"] = quoted(track.uri)
    return attributes


def subtitle_playlist(vtt_uri: str, duration_s: float) -> str:
    """One WebVTT file as a VOD media playlist covering the film's whole duration."""
    length = max(duration_s, 1.0)
    return (
        "#EXTM3U\n#EXT-X-VERSION:3\n"
        f"#EXT-X-TARGETDURATION:{math.ceil(length)}\n"
        "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n"
        f"#EXTINF:{length:.3f},\n{vtt_uri}\n#EXT-X-ENDLIST\n"
    )
