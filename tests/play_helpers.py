"""Plays in tests: a work with a media of a chosen duration, tokens, a clock tests move."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient

from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from media.access.tokens import Scope, TokenSigner
from media.assets.tables import MediaAssetRow
from media.plays.tables import PlayRow
from tests.helpers import create_creator, create_work

# 10:01 UTC: the 30-minute bucket 10:00-10:30 has 29 minutes left. Before any token's expiry.
START = datetime(2026, 1, 5, 10, 1, tzinfo=UTC)
_ttl = itertools.count(3600)


class Clock:
    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def use_clock(container: Container, start: datetime = START) -> Clock:
    clock = Clock(start)
    container.plays.clock = clock
    return clock


@dataclass(frozen=True)
class Track:
    work_id: str
    asset_id: UUID


async def track(
    client: AsyncTestClient, headers: dict[str, str], duration_s: float = 20.0
) -> Track:
    """A work whose main media lasts `duration_s` (no transcoding: its facts say so)."""
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    declared = await client.post(
        f"/api/works/{work['id']}/uploads",
        json={"kind": "audio", "filename": "kont.flac", "size": 1000},
        headers=headers,
    )
    assert declared.status_code == 201, declared.text
    asset_id = UUID(declared.json()["id"])
    await MediaAssetRow.update({MediaAssetRow.facts: {"duration_s": duration_s}}).where(
        MediaAssetRow.id == asset_id
    )
    return Track(work["id"], asset_id)


def token(
    container: Container,
    asset_id: UUID,
    viewer_id: UUID | None = None,
    scope: Scope = Scope.FULL,
    ttl_s: int | None = None,
) -> str:
    """A playback token of its own (tokens differ by their expiry)."""
    signer = TokenSigner(container.settings.secret_key)
    return signer.issue(asset_id, scope, viewer_id, ttl_s or next(_ttl))


async def user_id(client: AsyncTestClient, headers: dict[str, str]) -> UUID:
    return UUID((await client.get("/api/auth/me", headers=headers)).json()["id"])


async def open_play(
    client: AsyncTestClient,
    play_token: str,
    headers: dict[str, str] | None = None,
    source: str = "work_page",
) -> Any:
    return await client.post(
        "/api/plays", json={"token": play_token, "source": source}, headers=headers or {}
    )


async def beat(
    client: AsyncTestClient,
    play_id: str,
    play_token: str,
    ranges: list[list[float]],
    final: bool = False,
) -> Any:
    return await client.post(
        f"/api/plays/{play_id}/heartbeats",
        json={"token": play_token, "ranges": ranges, "final": final},
    )


async def listen(
    client: AsyncTestClient,
    clock: Clock,
    play_token: str,
    seconds: float,
    headers: dict[str, str] | None = None,
    source: str = "work_page",
) -> dict[str, Any]:
    """Open a play, let `seconds` pass while listening from the start, then close it."""
    opened = await open_play(client, play_token, headers, source)
    assert opened.status_code == 201, opened.text
    clock.tick(seconds + 1)
    ended = await beat(client, opened.json()["play_id"], play_token, [[0, seconds]], final=True)
    assert ended.status_code == 200, ended.text
    return dict(ended.json())


async def settled_events() -> list[dict[str, Any]]:
    """The counted plays' events in the order they were written (a table without ORDER BY
    has none: PostgreSQL returns rows moved by an update, such as the relay marking one sent,
    wherever they now lie)."""
    rows = (
        await OutboxMessage.select(OutboxMessage.payload)
        .where(OutboxMessage.event_type == "media.play_counted")
        .order_by(OutboxMessage.occurred_at)
    )
    return [
        json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"] for r in rows
    ]


async def play_row(play_id: str) -> dict[str, Any]:
    row = await PlayRow.select().where(PlayRow.id == UUID(play_id)).first()
    assert row is not None
    return dict(row)
