"""The rules of a play, pure: what was heard, when a play counts, how it ended.

A play is opened on a playback token and reports the ranges of positions heard (seconds in the
media's own timeline: the preview file for a preview, the whole work otherwise). The server
keeps their union, so a heartbeat repeating what an earlier one said adds nothing, and refuses
a union longer than the wall-clock time since the play opened (plus a little slack for timers).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

# A play counts once it reaches this much listening, or half of a shorter work.
COUNT_AFTER_S = 30.0
# Bandcamp's outcomes: a skip is under 10 seconds heard, a complete play hears 90 % or more.
SKIP_UNDER_S = 10.0
COMPLETE_FROM = 0.9
# One listener's plays of a work count once per fixed bucket of this many seconds.
BUCKET_S = 30 * 60
# Timers in browsers drift: a heartbeat may claim this much more than wall-clock time.
SLACK_S = 2.0
TENTHS = 10
MAX_RANGES = 500

Range = tuple[float, float]


def merge(ranges: Iterable[Range], duration_s: float | None = None) -> list[Range]:
    """The union of ranges, sorted and disjoint, clipped to [0, duration] when known."""
    clipped = []
    for start, end in ranges:
        start, end = max(0.0, float(start)), float(end)
        if duration_s is not None:
            end = min(end, duration_s)
        if end > start:
            clipped.append((start, end))
    merged: list[Range] = []
    for start, end in sorted(clipped):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def heard(ranges: Sequence[Range]) -> float:
    """Seconds heard: the length of the (merged) ranges."""
    return sum(end - start for start, end in ranges)


def threshold(duration_s: float | None) -> float:
    """30 seconds, or half of a work shorter than a minute (unknown duration: 30 seconds)."""
    if duration_s is None or duration_s <= 0:
        return COUNT_AFTER_S
    return min(COUNT_AFTER_S, duration_s / 2)


def outcome(heard_s: float, duration_s: float | None) -> str:
    """`skip` (under 10 s, or under the threshold of a very short work), `complete` (90 % of
    the work or more) or `partial`."""
    if heard_s < min(SKIP_UNDER_S, threshold(duration_s)):
        return "skip"
    if duration_s and heard_s >= COMPLETE_FROM * duration_s:
        return "complete"
    return "partial"


def tenths(ranges: Sequence[Range], duration_s: float | None) -> int:
    """A bit per tenth of the work with something heard in it (bit 0: the first tenth)."""
    if not duration_s or duration_s <= 0:
        return 0
    mask = 0
    size = duration_s / TENTHS
    for start, end in ranges:
        first = min(TENTHS - 1, math.floor(start / size))
        last = min(TENTHS - 1, math.ceil(end / size) - 1)
        for tenth in range(first, max(first, last) + 1):
            mask |= 1 << tenth
    return mask


def allowed_s(opened_at: datetime, now: datetime) -> float:
    """The most listening a play may claim: the time since it opened, plus the slack."""
    return max(0.0, (now - opened_at).total_seconds()) + SLACK_S


def bucket(moment: datetime) -> int:
    """The fixed 30-minute bucket (its number since the epoch, UTC) a moment falls in."""
    return int(moment.astimezone(UTC).timestamp() // BUCKET_S)
