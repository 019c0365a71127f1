"""The plays' rows: open, beat, settle once (the settlement's primary key and bucket index)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from infra.db.values import as_utc, as_uuid
from media.plays.domain import Range
from media.plays.tables import PlayRow, PlaySettlementRow


def is_unique_violation(error: BaseException) -> bool:
    if isinstance(error, asyncpg.UniqueViolationError):
        return True
    return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)


@dataclass
class Play:
    id: UUID
    work_id: UUID
    asset_id: UUID
    token_hash: str
    scope: str
    listener: str
    viewer_id: UUID | None
    excluded: str | None
    source: str
    referrer: str | None
    country: str | None
    duration_s: float | None
    opened_at: datetime
    beat_at: datetime
    closed_at: datetime | None = None
    ranges: list[Range] | None = None
    heard_s: float = 0.0
    tenths: int = 0
    outcome: str = "skip"
    standing: str | None = None


def _ranges(value: Any) -> list[Range]:
    if isinstance(value, str):
        value = json.loads(value)
    return [(float(start), float(end)) for start, end in value or []]


def _play(row: dict[str, Any]) -> Play:
    return Play(
        id=as_uuid(row["id"]),
        work_id=as_uuid(row["work_id"]),
        asset_id=as_uuid(row["asset_id"]),
        token_hash=row["token_hash"],
        scope=row["scope"],
        listener=row["listener"],
        viewer_id=as_uuid(row["viewer_id"]) if row["viewer_id"] else None,
        excluded=row["excluded"],
        source=row["source"],
        referrer=row["referrer"],
        country=row["country"],
        duration_s=row["duration_s"],
        opened_at=as_utc(row["opened_at"]),
        beat_at=as_utc(row["beat_at"]),
        closed_at=as_utc(row["closed_at"]) if row["closed_at"] else None,
        ranges=_ranges(row["ranges"]),
        heard_s=float(row["heard_s"]),
        tenths=int(row["tenths"]),
        outcome=row["outcome"],
        standing=row["standing"],
    )


class PlayRepository:
    async def get(self, play_id: UUID, *, for_update: bool = False) -> Play | None:
        select = PlayRow.select().where(PlayRow.id == play_id)
        # A heartbeat and a beacon at the same moment: the second waits for the first's commit
        # (SQLite's write transactions are serialised already).
        if for_update and PlayRow._meta.db.engine_type == "postgres":
            select = select.lock_rows("UPDATE")
        row = await select.first()
        return _play(row) if row else None

    async def open_on_token(self, token_hash: str) -> Play | None:
        row = (
            await PlayRow.select()
            .where((PlayRow.token_hash == token_hash) & PlayRow.closed_at.is_null())
            .first()
        )
        return _play(row) if row else None

    async def idle(self, before: datetime, limit: int = 200) -> list[Play]:
        rows = (
            await PlayRow.select()
            .where(PlayRow.closed_at.is_null() & (PlayRow.beat_at < before))
            .order_by(PlayRow.beat_at)
            .limit(limit)
        )
        return [_play(row) for row in rows]

    async def insert(self, play: Play) -> None:
        await PlayRow.insert(
            PlayRow(
                id=play.id,
                work_id=play.work_id,
                asset_id=play.asset_id,
                token_hash=play.token_hash,
                scope=play.scope,
                listener=play.listener,
                viewer_id=play.viewer_id,
                excluded=play.excluded,
                source=play.source,
                referrer=play.referrer,
                country=play.country,
                duration_s=play.duration_s,
                opened_at=play.opened_at,
                beat_at=play.beat_at,
                ranges=[],
            )
        )

    async def save_progress(self, play: Play) -> None:
        await PlayRow.update(
            {
                PlayRow.ranges: [list(r) for r in play.ranges or []],
                PlayRow.heard_s: play.heard_s,
                PlayRow.tenths: play.tenths,
                PlayRow.outcome: play.outcome,
                PlayRow.beat_at: play.beat_at,
                PlayRow.closed_at: play.closed_at,
                PlayRow.standing: play.standing,
            }
        ).where(PlayRow.id == play.id)

    async def settle(
        self, play: Play, event_id: UUID, bucket: int, counts: bool, now: datetime
    ) -> bool | None:
        """Write the play's one settlement: True if it counts, False if not (not a candidate,
        or its bucket already counted a play), None if the play was settled already."""
        for counted in (1, 0) if counts else (0,):
            rows = await PlaySettlementRow.raw(
                "INSERT INTO lakou_media_play_settlements "
                "(play_id, event_id, listener, work_id, bucket, counted, settled_at) "
                "VALUES ({}, {}, {}, {}, {}, {}, {}) ON CONFLICT DO NOTHING RETURNING play_id",
                play.id,
                event_id,
                play.listener,
                play.work_id,
                bucket,
                counted,
                now,
            )
            if rows:
                return bool(counted)
            if await PlaySettlementRow.exists().where(PlaySettlementRow.play_id == play.id):
                return None
        return None
