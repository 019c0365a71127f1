"""The plays' read model for a creator's figures (the studio): counted plays and listeners,
outcomes, the retention curve, countries, sources and plays over time.

Read from the plays' own rows (`lakou_media_plays`), never the owner's or staff's (excluded).
A play counts once it settled as `counted` (docs/indicators.md, "Plays"). Outcomes and
retention read every play with something heard (skips included: that is what they measure),
as it stands now: an open play's outcome can still grow.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from infra.db.values import as_utc, as_uuid
from media.plays.domain import TENTHS
from media.plays.tables import PlayRow

MARTINIQUE = ZoneInfo("America/Martinique")
GRAINS = ("day", "month")
OUTCOMES = ("complete", "partial", "skip")


@dataclass(frozen=True)
class PlayFigures:
    plays: int = 0  # counted plays of the full work
    previews: int = 0  # counted plays of the preview
    listeners: int = 0  # distinct listeners of the counted plays (full or preview)
    outcomes: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    # Share (0..1) of the full plays with something heard in each tenth of the work.
    retention: list[float] = field(default_factory=list)
    retention_plays: int = 0  # how many full plays the curve is drawn from
    countries: list[tuple[str, int]] = field(default_factory=list)  # "" for unknown
    sources: list[tuple[str, int]] = field(default_factory=list)
    over_time: dict[str, int] = field(default_factory=dict)  # period -> counted plays


def period_of(moment: datetime, grain: str) -> str:
    """The day (`2026-12-07`) or month (`2026-12`) in Martinique time."""
    local = moment.astimezone(MARTINIQUE)
    return local.strftime("%Y-%m") if grain == "month" else local.strftime("%Y-%m-%d")


async def _rows(work_ids: list[UUID]) -> list[dict[str, Any]]:
    if not work_ids:
        return []
    rows: list[dict[str, Any]] = await PlayRow.select(
        PlayRow.work_id,
        PlayRow.scope,
        PlayRow.listener,
        PlayRow.country,
        PlayRow.source,
        PlayRow.opened_at,
        PlayRow.heard_s,
        PlayRow.tenths,
        PlayRow.duration_s,
        PlayRow.outcome,
        PlayRow.standing,
    ).where(PlayRow.work_id.is_in(work_ids) & PlayRow.excluded.is_null())
    return rows


async def counted_plays(work_ids: Iterable[UUID]) -> dict[UUID, int]:
    """Counted full plays per work (the studio's play count)."""
    counts: Counter[UUID] = Counter()
    for row in await _rows(list(dict.fromkeys(work_ids))):
        if row["standing"] == "counted" and row["scope"] == "full":
            counts[as_uuid(row["work_id"])] += 1
    return dict(counts)


async def play_figures(work_ids: Iterable[UUID], grain: str = "day") -> PlayFigures:
    rows = await _rows(list(dict.fromkeys(work_ids)))
    counted = [row for row in rows if row["standing"] == "counted"]
    full = [row for row in counted if row["scope"] == "full"]
    heard = [row for row in rows if float(row["heard_s"]) > 0]
    outcomes = dict.fromkeys(OUTCOMES, 0)
    for row in heard:
        outcomes[row["outcome"]] = outcomes.get(row["outcome"], 0) + 1
    curve = [row for row in heard if row["scope"] == "full" and row["duration_s"] and row["tenths"]]
    retention = (
        [
            sum(1 for row in curve if int(row["tenths"]) >> tenth & 1) / len(curve)
            for tenth in range(TENTHS)
        ]
        if curve
        else []
    )
    over_time: Counter[str] = Counter(period_of(as_utc(row["opened_at"]), grain) for row in full)
    return PlayFigures(
        plays=len(full),
        previews=len(counted) - len(full),
        listeners=len({row["listener"] for row in counted}),
        outcomes=outcomes,
        retention=retention,
        retention_plays=len(curve),
        countries=Counter(row["country"] or "" for row in full).most_common(),
        sources=Counter(row["source"] for row in full).most_common(),
        over_time=dict(sorted(over_time.items())),
    )
