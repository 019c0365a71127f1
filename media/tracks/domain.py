"""A work's language versions: alternate audio tracks and subtitles, each with its language
and kind, uploaded after the work and linked to it. Pure Python.

The rules a new track must keep (docs/decisions.md, "Language versions"): only a film (a work
whose main media is a video) takes audio tracks; a language is a valid BCP 47 tag; one track per
(language, kind) and role; an audio track lasts as long as the film, within a tolerance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from infra.errors import Conflict, InvalidInput
from infra.i18n.context import N_, gettext
from media.errors import MediaError
from media.kinds import MediaKind
from media.tracks.languages import language_label, normalise


class TrackKind(StrEnum):
    # Audio
    VERSION = "version"  # the work in another language: a dub, a tale told in Creole
    DESCRIPTION = "description"  # audio description for blind and partially sighted viewers
    COMMENTARY = "commentary"  # the director's or an artist's commentary
    # Subtitles
    SUBTITLES = "subtitles"  # the dialogue, translated or transcribed
    CAPTIONS = "captions"  # for deaf and hard-of-hearing viewers: dialogue and sounds


AUDIO_KINDS = (TrackKind.VERSION, TrackKind.DESCRIPTION, TrackKind.COMMENTARY)
SUBTITLE_KINDS = (TrackKind.SUBTITLES, TrackKind.CAPTIONS)

TRACK_KIND_LABELS: dict[str, str] = {
    TrackKind.VERSION: N_("version"),
    TrackKind.DESCRIPTION: N_("audiodescription"),
    TrackKind.COMMENTARY: N_("commentaire"),
    TrackKind.SUBTITLES: N_("sous-titres"),
    TrackKind.CAPTIONS: N_("sous-titres pour sourds et malentendants"),
}

# How far an audio track's duration may stray from the film's: a dub mixed on another system
# often ends with a second of silence more or less; ten minutes more is another cut.
TOLERANCE_S = 2.0
TOLERANCE_SHARE = 0.01


def tolerance_s(video_s: float) -> float:
    """2 s, or 1 % of the film's duration when that is more (36 s for an hour)."""
    return max(TOLERANCE_S, TOLERANCE_SHARE * video_s)


def duration_fits(track_s: float, video_s: float) -> bool:
    return abs(track_s - video_s) <= tolerance_s(video_s)


@dataclass(frozen=True)
class TrackClaim:
    """What an upload says it is: a language and a kind, for an audio track or subtitles."""

    media_kind: MediaKind
    language: str
    kind: TrackKind


def default_kind(media_kind: MediaKind) -> TrackKind:
    return TrackKind.VERSION if media_kind is MediaKind.AUDIO else TrackKind.SUBTITLES


def claim(media_kind: MediaKind, language: str | None, kind: str | None) -> TrackClaim:
    """A checked claim: the language normalised, the kind one this media kind may have."""
    tag = normalise(language)
    if tag is None:
        raise InvalidInput(MediaError.INVALID_LANGUAGE, tag=(language or "")[:40])
    allowed = AUDIO_KINDS if media_kind is MediaKind.AUDIO else SUBTITLE_KINDS
    chosen = TrackKind(kind) if kind in set(TrackKind) else None
    if kind is None:
        chosen = default_kind(media_kind)
    if chosen is None or chosen not in allowed:
        raise InvalidInput(
            MediaError.INVALID_TRACK_KIND,
            kind=(kind or "")[:40],
            allowed=", ".join(allowed),
        )
    return TrackClaim(media_kind, tag, chosen)


def check_new_track(
    new: TrackClaim, main_kind: MediaKind | None, existing: Iterable[TrackClaim]
) -> None:
    """Refuse an audio track for a work with no video, and a second track claiming the same
    language and kind."""
    if new.media_kind is MediaKind.AUDIO and main_kind is not MediaKind.VIDEO:
        raise Conflict(MediaError.AUDIO_TRACK_NEEDS_VIDEO)
    for track in existing:
        if (track.media_kind, track.language, track.kind) == (
            new.media_kind,
            new.language,
            new.kind,
        ):
            raise Conflict(
                MediaError.TRACK_EXISTS, language=new.language, kind=track_kind_label(new.kind)
            )


def track_kind_label(kind: str) -> str:
    label = TRACK_KIND_LABELS.get(kind)
    return gettext(label) if label else kind


def track_name(language: str, kind: str) -> str:
    """How a player names a track: "Kréyòl", "English (audiodescription)"."""
    name = language_label(language)
    if kind in (TrackKind.VERSION, TrackKind.SUBTITLES):
        return name
    return f"{name} ({track_kind_label(kind)})"
