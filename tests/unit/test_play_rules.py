"""The rules of a play, pure: the ranges heard, the threshold, the outcome, the tenths heard,
the 30-minute buckets; and what the fold makes of a settled play."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

from hypothesis import given
from hypothesis import strategies as st

from marketplace.indicators.domain.fold import ACTIVITY, DIFFUSION, PREVIEW, Fold
from media.plays.domain import allowed_s, bucket, heard, merge, outcome, tenths, threshold


def test_the_ranges_heard_are_their_union_clipped_to_the_media() -> None:
    assert merge([(10, 12), (0, 3), (2, 5), (11, 11.5)]) == [(0, 5), (10, 12)]
    assert heard(merge([(0, 10), (0, 10), (5, 15)])) == 15
    assert merge([(-3, 2), (18, 40), (7, 6)], duration_s=20) == [(0, 2), (18, 20)]


@given(st.lists(st.tuples(st.floats(0, 600), st.floats(0, 600)), max_size=30))
def test_repeating_a_heartbeat_adds_nothing(ranges: list[tuple[float, float]]) -> None:
    once = merge(ranges, 300)
    assert merge([*once, *ranges], 300) == once
    assert heard(once) <= 300


def test_a_play_counts_at_30_seconds_or_half_a_short_work() -> None:
    assert threshold(20) == 10
    assert threshold(60) == 30
    assert threshold(3600) == 30
    assert threshold(None) == 30


def test_outcomes_as_bandcamp_reports_them() -> None:
    assert outcome(9.9, 240) == "skip"
    assert outcome(10, 240) == "partial"
    assert outcome(215.9, 240) == "partial"
    assert outcome(216, 240) == "complete"
    # A very short work: under its threshold is a skip, 90 % of it complete.
    assert outcome(4, 12) == "skip"
    assert outcome(6, 12) == "partial"
    assert outcome(11, 12) == "complete"
    assert outcome(100, None) == "partial"


def test_the_tenths_heard_for_the_retention_curve() -> None:
    assert tenths([(0, 20)], 20) == 0b1111111111
    assert tenths([(0, 12)], 20) == 0b0000111111
    assert tenths([(0, 2), (18, 20)], 20) == 0b1000000001
    assert tenths([(0, 5)], None) == 0


def test_buckets_are_fixed_half_hours_and_time_caps_listening() -> None:
    at = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    assert bucket(at) == bucket(at + timedelta(minutes=29, seconds=59))
    assert bucket(at + timedelta(minutes=30)) == bucket(at) + 1
    assert bucket(at - timedelta(seconds=1)) == bucket(at) - 1
    assert allowed_s(at, at + timedelta(seconds=10)) == 12  # two seconds of slack


@dataclass(frozen=True)
class _Event:
    payload: dict[str, Any]
    type: str = "media.play_counted"
    id: str = field(default_factory=lambda: str(uuid4()))
    occurred_at: datetime = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)


def _settled(**changes: Any) -> _Event:
    payload = {
        "play_id": str(uuid4()),
        "work_id": "w1",
        "asset_id": str(uuid4()),
        "listener": "l1",
        "viewer_id": "u1",
        "full": True,
        "counted": True,
        "excluded": None,
        "country": "CA",
        "source": "search",
        "heard_s": 31.0,
        "duration_s": 240.0,
        "outcome": "partial",
        "opened_at": "2026-01-05T13:59:29+00:00",
        "v": 1,
    }
    return _Event({**payload, **changes})


def test_the_fold_counts_counted_plays_and_never_the_owners_or_staffs() -> None:
    facts = Fold().add_all([_settled()]).facts()
    assert {(f.indicator, f.channel, f.country) for f in facts} == {
        (DIFFUSION, "stream", "CA"),
        (ACTIVITY, "play", ""),
    }
    for other in (
        _settled(counted=False),  # under the threshold, or a repeat in the half hour
        _settled(excluded="owner"),
        _settled(excluded="staff", counted=True),
    ):
        assert Fold().add_all([other]).facts() == {}
    preview = Fold().add_all([_settled(full=False, source="embed")]).facts()
    assert {(f.indicator, f.channel) for f in preview} == {(PREVIEW, "embed")}
