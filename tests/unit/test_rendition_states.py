"""An asset's status follows its renditions: what plays already, or how processing ended."""

from __future__ import annotations

import pytest

from media.assets.domain import AssetStatus, stage
from media.assets.renditions import planned


def states(**named: str) -> dict[str, dict[str, str]]:
    return {name: {"state": state} for name, state in named.items()}


@pytest.mark.parametrize(
    ("renditions", "status"),
    [
        (states(preview="making", stream="making", mp3="making"), AssetStatus.PROCESSING),
        (states(preview="ready", stream="making", mp3="making"), AssetStatus.PREVIEW_READY),
        (states(preview="ready", stream="ready", mp3="making"), AssetStatus.STREAM_READY),
        (states(preview="making", stream="ready", mp3="making"), AssetStatus.STREAM_READY),
        (states(preview="ready", stream="ready", mp3="ready"), AssetStatus.READY),
        (states(preview="ready", stream="failed", mp3="ready"), AssetStatus.INCOMPLETE),
        (states(preview="failed", stream="ready", mp3="failed"), AssetStatus.INCOMPLETE),
        (states(preview="failed", stream="failed", mp3="ready"), AssetStatus.FAILED),
        (states(preview="ready", stream="failed", mp3="making"), AssetStatus.PREVIEW_READY),
        (states(files="ready"), AssetStatus.READY),
        (states(files="failed"), AssetStatus.FAILED),
    ],
)
def test_the_status_follows_the_renditions(
    renditions: dict[str, dict[str, str]], status: AssetStatus
) -> None:
    assert stage(renditions) is status


def test_a_resumed_job_keeps_what_was_published_or_failed_and_makes_the_rest() -> None:
    before = {
        "preview": {"state": "ready"},
        "stream": {"state": "failed", "code": "stream_failed"},
        "mp3": {"state": "making"},
    }
    after = planned(before, ["preview", "stream", "mp3", "m4a"])  # type: ignore[list-item]
    assert after == {
        "preview": {"state": "ready"},
        "stream": {"state": "failed", "code": "stream_failed"},
        "mp3": {"state": "making"},
        "m4a": {"state": "making"},
    }
