"""The play protocol: what the server accepts of a player's reports, and when a play counts.

A play is opened on a playback token and reports the ranges heard; the server refuses more
listening than time has passed, another work's or an expired token, a second open play on one
token. A play counts at 30 seconds or half of a short work, once per listener and 30 minutes,
never the owner's or staff's; `media.play_counted` is emitted exactly once per play.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.indicators.domain.fold import DIFFUSION, PREVIEW, Fold
from marketplace.indicators.repository import history
from media import personal_data as media_personal_data
from media.access.tokens import Scope
from media.plays.tables import PlayRow
from tests.helpers import sign_up_and_log_in, staff_headers
from tests.play_helpers import (
    beat,
    listen,
    open_play,
    play_row,
    settled_events,
    token,
    track,
    use_clock,
    user_id,
)


def _code(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


async def test_a_heartbeat_may_not_claim_more_listening_than_time_has_passed(
    client: AsyncTestClient, container: Container
) -> None:
    clock = use_clock(container)
    owner = await sign_up_and_log_in(client)
    work = await track(client, owner, duration_s=120)
    play_token = token(container, work.asset_id)
    opened = await open_play(client, play_token)
    assert opened.status_code == 201, opened.text
    play_id = opened.json()["play_id"]
    clock.tick(5)
    refused = await beat(client, play_id, play_token, [[0, 20]])
    assert _code(refused) == (422, "heard_too_much")
    assert (await play_row(play_id))["heard_s"] == 0
    # Two ranges apart, then the same again: the union is what was heard.
    accepted = await beat(client, play_id, play_token, [[0, 3], [10, 12]])
    assert accepted.json()["heard_s"] == 5
    clock.tick(5)
    again = await beat(client, play_id, play_token, [[0, 3], [10, 12], [0, 3], [3, 6]])
    assert again.json()["heard_s"] == 8
    # The last heartbeat goes by `sendBeacon`, whose body is text: read as JSON all the same.
    beacon = await client.post(
        f"/api/plays/{play_id}/heartbeats",
        content=json.dumps({"token": play_token, "ranges": [[0, 8]]}),
        headers={"content-type": "text/plain;charset=UTF-8"},
    )
    assert beacon.status_code == 200, beacon.text
    # Beyond the end of the media is not listening either.
    clock.tick(200)
    clipped = await beat(client, play_id, play_token, [[100, 500]])
    assert clipped.json()["heard_s"] == 30  # [0, 8], [10, 12] and [100, 120]


async def test_heartbeats_with_another_works_or_an_expired_token_are_refused(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await sign_up_and_log_in(client)
    first, second = await track(client, owner), await track(client, owner)
    play_token = token(container, first.asset_id)
    opened = await open_play(client, play_token)
    play_id = opened.json()["play_id"]
    other_work = await beat(client, play_id, token(container, second.asset_id), [[0, 1]])
    assert _code(other_work) == (409, "play_other_work")
    other_token = await beat(client, play_id, token(container, first.asset_id), [[0, 1]])
    assert _code(other_token) == (409, "play_other_token")
    unknown = await beat(client, "0190a0a0-0000-7000-8000-000000000000", play_token, [[0, 1]])
    assert _code(unknown) == (404, "not_found")
    forged = await beat(client, play_id, play_token[:-2] + "xx", [[0, 1]])
    assert _code(forged) == (403, "invalid_token")

    # A token of a minute, two minutes later: the heartbeat and a new play are refused.
    short = token(container, first.asset_id, ttl_s=60)
    short_play = (await open_play(client, short)).json()["play_id"]
    use_clock(container, datetime.now(UTC)).tick(120)
    assert _code(await beat(client, short_play, short, [[0, 1]])) == (410, "token_expired")
    assert _code(await open_play(client, short)) == (410, "token_expired")
    assert (await play_row(short_play))["heard_s"] == 0
    assert (await play_row(play_id))["heard_s"] == 0


async def test_one_open_play_per_token(client: AsyncTestClient, container: Container) -> None:
    clock = use_clock(container)
    owner = await sign_up_and_log_in(client)
    work = await track(client, owner)
    play_token = token(container, work.asset_id)
    first = await open_play(client, play_token)
    assert first.status_code == 201
    assert _code(await open_play(client, play_token)) == (409, "play_open")
    # Ended: the listener may play the work again on the same page.
    clock.tick(3)
    await beat(client, first.json()["play_id"], play_token, [[0, 2]], final=True)
    closed = await beat(client, first.json()["play_id"], play_token, [[0, 2]])
    assert _code(closed) == (409, "play_closed")
    second = await open_play(client, play_token)
    assert second.status_code == 201
    # A play silent for two minutes (its last heartbeat lost) gives way, settled as it stood.
    clock.tick(121)
    third = await open_play(client, play_token)
    assert third.status_code == 201
    assert (await play_row(second.json()["play_id"]))["standing"] == "short"
    # The idle-plays job closes the others.
    clock.tick(121)
    assert await container.plays.close_idle() == 1
    assert [e["outcome"] for e in await settled_events()] == ["skip", "skip", "skip"]


async def test_a_play_counts_at_30_seconds_or_half_a_short_work_exactly_once(
    client: AsyncTestClient, container: Container
) -> None:
    clock = use_clock(container)
    owner = await sign_up_and_log_in(client)
    listener = await sign_up_and_log_in(client, role="audience")
    listener_id = await user_id(client, listener)
    short, long = await track(client, owner, 20), await track(client, owner, 120)

    play_token = token(container, short.asset_id, listener_id)
    play_id = (await open_play(client, play_token, listener)).json()["play_id"]
    clock.tick(9.5)
    assert (await beat(client, play_id, play_token, [[0, 9]])).json()["standing"] is None
    assert await settled_events() == []
    clock.tick(2)
    crossed = await beat(client, play_id, play_token, [[0, 11]])
    assert crossed.json()["standing"] == "counted"
    clock.tick(10)
    await beat(client, play_id, play_token, [[0, 20]])
    await beat(client, play_id, play_token, [[0, 20]], final=True)
    [event] = await settled_events()
    assert (event["counted"], event["excluded"], event["full"]) == (True, None, True)
    assert (event["viewer_id"], event["source"], event["heard_s"]) == (
        str(listener_id),
        "work_page",
        11,
    )
    assert (await play_row(play_id))["outcome"] == "complete"

    # A long work: 29 seconds is not a play, 30 is.
    clock.tick(3600)
    play_token = token(container, long.asset_id, listener_id)
    play_id = (await open_play(client, play_token, listener)).json()["play_id"]
    clock.tick(31)
    assert (await beat(client, play_id, play_token, [[0, 29]])).json()["standing"] is None
    assert (await beat(client, play_id, play_token, [[0, 30]])).json()["standing"] == "counted"
    # A preview (30 s by default) counts at half its length, as a preview (another listener's:
    # this one's plays of the work in this half hour are one play, preview or not).
    preview = token(container, long.asset_id, None, Scope.PREVIEW)
    opened = await open_play(client, preview)
    assert opened.json()["threshold_s"] == 15
    clock.tick(16)
    await beat(client, opened.json()["play_id"], preview, [[0, 15]])
    events = await settled_events()
    assert [(e["full"], e["counted"]) for e in events] == [(True, True)] * 2 + [(False, True)]
    facts = Fold().add_all([e async for e in history()]).facts()
    assert sorted(f.indicator for f in facts if f.indicator != "activity") == [
        DIFFUSION,
        DIFFUSION,
        PREVIEW,
    ]


async def test_the_owners_and_staffs_plays_never_count(
    client: AsyncTestClient, container: Container
) -> None:
    clock = use_clock(container)
    owner = await sign_up_and_log_in(client)
    staff = await staff_headers(client, container)
    work = await track(client, owner)
    owner_token = token(container, work.asset_id, await user_id(client, owner))
    assert (await listen(client, clock, owner_token, 20, owner))["standing"] == "excluded"
    staff_token = token(container, work.asset_id, await user_id(client, staff))
    assert (await listen(client, clock, staff_token, 20, staff))["standing"] == "excluded"
    events = await settled_events()
    assert [(e["excluded"], e["counted"]) for e in events] == [("owner", False), ("staff", False)]
    facts = Fold().add_all([e async for e in history()]).facts()
    assert [f for f in facts if f.indicator in (DIFFUSION, PREVIEW)] == []


async def test_one_listeners_plays_of_a_work_count_once_per_30_minutes(
    client: AsyncTestClient, container: Container
) -> None:
    clock = use_clock(container)  # 10:01
    owner = await sign_up_and_log_in(client)
    listener = await sign_up_and_log_in(client, role="audience")
    listener_id = await user_id(client, listener)
    work = await track(client, owner)

    def standing(ended: dict[str, Any]) -> str:
        return str(ended["standing"])

    mine = [
        standing(
            await listen(client, clock, token(container, work.asset_id, listener_id), 15, listener)
        )
    ]
    clock.tick(17 * 60)  # 10:18: the same bucket
    mine.append(
        standing(
            await listen(client, clock, token(container, work.asset_id, listener_id), 15, listener)
        )
    )
    clock.tick(12 * 60)  # 10:30:30: the next one
    mine.append(
        standing(
            await listen(client, clock, token(container, work.asset_id, listener_id), 15, listener)
        )
    )
    assert mine == ["counted", "repeat", "counted"]

    # An anonymous listener: a random first-party cookie makes their plays one listener's.
    first_token = token(container, work.asset_id)
    first = await open_play(client, first_token)
    cookie = first.cookies.get("lakou_listener")
    assert cookie is not None
    assert len(cookie) == 22
    assert "httponly" in first.headers["set-cookie"].lower()
    clock.tick(16)
    anonymous = [await _heard(client, first, first_token)]
    second_token = token(container, work.asset_id)
    second = await open_play(client, second_token)
    assert "lakou_listener" not in second.headers.get("set-cookie", "")
    clock.tick(16)
    anonymous.append(await _heard(client, second, second_token))
    assert anonymous == ["counted", "repeat"]
    # Another browser (no cookie) is another listener.
    client.cookies.clear()
    third_token = token(container, work.asset_id)
    third = await open_play(client, third_token)
    clock.tick(16)
    assert await _heard(client, third, third_token) == "counted"


async def _heard(client: AsyncTestClient, opened: Any, play_token: str) -> str:
    """The standing of a play that heard its first 15 seconds."""
    response = await beat(client, opened.json()["play_id"], play_token, [[0, 15]])
    assert response.status_code == 200, response.text
    return str(response.json()["standing"])


async def test_a_deleted_accounts_plays_keep_counting_without_its_id(
    client: AsyncTestClient, container: Container
) -> None:
    clock = use_clock(container)
    owner = await sign_up_and_log_in(client)
    listener = await sign_up_and_log_in(client, role="audience")
    listener_id = await user_id(client, listener)
    work = await track(client, owner)
    ended = await listen(client, clock, token(container, work.asset_id, listener_id), 12, listener)
    exported = await media_personal_data.export(container.services, listener_id)
    assert [p["standing"] for p in exported["plays"]] == ["counted"]
    await media_personal_data.erase(container.services, listener_id, uuid4())
    assert await PlayRow.count().where(PlayRow.viewer_id == listener_id) == 0
    assert await PlayRow.count().where(PlayRow.standing == "counted") == 1
    assert ended["standing"] == "counted"
