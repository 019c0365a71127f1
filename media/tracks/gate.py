"""The worker's check of an audio track once its file is read: the film must still be there,
and the track must last as long as it (within `tolerance_s`). A refused track is settled like
a file the safety gate refuses: `rejected` with a stable code, its original deleted."""

from __future__ import annotations

from dataclasses import dataclass

from media.assets.domain import MediaAsset
from media.errors import MediaError
from media.kinds import MediaKind
from media.tracks.domain import duration_fits, tolerance_s


@dataclass(frozen=True)
class TrackRefusal:
    error: MediaError
    params: dict[str, str]


class FilmNotReadYet(Exception):
    """The film's own file has not been through the gate yet: try the track again later."""


def audio_track_refusal(track_duration_s: float, main: MediaAsset | None) -> TrackRefusal | None:
    """Why this audio track cannot join the work's current main media, or None."""
    if main is None or main.kind is not MediaKind.VIDEO:
        return TrackRefusal(MediaError.AUDIO_TRACK_NEEDS_VIDEO, {})
    video_s = main.facts.get("duration_s")
    if video_s is None:
        raise FilmNotReadYet(f"the film {main.id} has no known duration yet")
    if not duration_fits(track_duration_s, float(video_s)):
        return TrackRefusal(
            MediaError.DURATION_MISMATCH,
            {
                "track": f"{track_duration_s:.1f}",
                "video": f"{float(video_s):.1f}",
                "tolerance": f"{tolerance_s(float(video_s)):.1f}",
            },
        )
    return None
