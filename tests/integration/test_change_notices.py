"""Change notices between processes, through the real Redis: a page watching a topic wakes when
another process announces it, and only for its own topic; deployments on other Redis databases
do not wake it; nobody watching means no subscription; Redis down loses the wake-up, not the
announcement's caller.

Each `RedisChangeNotices` below has its own connections and listener, as the worker and the
web process have in production.
"""

from __future__ import annotations

import asyncio
import threading

import redis

from infra.changes import LISTENER_THREAD, LocalChangeNotices, RedisChangeNotices
from tests.dedicated_redis import RedisServer, dedicated_redis

__all__ = ["dedicated_redis"]

# Long enough never to be what ends a wait in these tests, unless the notice was lost.
NOTICE_WAIT_S = 10.0


def _other_database(url: str) -> str:
    base, _, number = url.rpartition("/")
    return f"{base}/{(int(number) + 1) % 16}"


def _listeners_stopped() -> None:
    for thread in threading.enumerate():
        if thread.name == LISTENER_THREAD:
            thread.join(NOTICE_WAIT_S)


async def test_a_watcher_wakes_when_another_process_announces_its_topic(redis_url: str) -> None:
    worker, page = RedisChangeNotices(redis_url), RedisChangeNotices(redis_url)
    async with page.watch("media.asset.a") as watch_a, page.watch("media.asset.b") as watch_b:
        await worker.announce("media.asset.a")
        await worker.announce("media.asset.b")
        assert await watch_b.changed(NOTICE_WAIT_S)
        # Delivered in order: b's wake-up came after a's, and b's never rang a's watcher.
        assert await watch_a.changed(0)
        assert not await watch_a.changed(0)
        assert not await watch_b.changed(0)


async def test_another_redis_database_does_not_wake_the_watchers(redis_url: str) -> None:
    neighbour = RedisChangeNotices(_other_database(redis_url))
    ours, page = RedisChangeNotices(redis_url), RedisChangeNotices(redis_url)
    async with page.watch("media.asset.a") as watch, page.watch("marker") as marker:
        await neighbour.announce("media.asset.a")
        await ours.announce("marker")
        assert await marker.changed(NOTICE_WAIT_S)
        # The neighbour's notice, sent first, would have arrived first on a shared channel.
        assert not await watch.changed(0)


async def test_nobody_watching_holds_no_subscription(redis_url: str) -> None:
    page = RedisChangeNotices(redis_url)
    client = redis.Redis.from_url(redis_url)

    def subscribers() -> int:
        return int(dict(client.pubsub_numsub(page.channel))[page.channel.encode()])

    async def unsubscribed() -> bool:
        # Each listener leaves within a second of its last watch ending.
        await asyncio.to_thread(_listeners_stopped)
        return subscribers() == 0

    assert await unsubscribed()  # the earlier tests' listeners are gone
    async with page.watch("media.asset.a"):
        assert subscribers() == 1
    assert await unsubscribed()
    # The next watch subscribes again and is woken as before.
    async with page.watch("media.asset.a") as watch:
        await RedisChangeNotices(redis_url).announce("media.asset.a")
        assert await watch.changed(NOTICE_WAIT_S)
    client.close()


async def test_redis_down_loses_the_wake_up_only() -> None:
    unreachable = RedisChangeNotices("redis://127.0.0.1:1/0")
    await unreachable.announce("media.asset.a")  # the commit it follows stands: no error
    async with unreachable.watch("media.asset.a") as watch:
        # The watcher falls back on its own interval.
        assert not await watch.changed(0.01)


async def test_a_watch_outlives_redis_killed_and_started_again(
    dedicated_redis: RedisServer,
) -> None:
    worker, page = RedisChangeNotices(dedicated_redis.url), RedisChangeNotices(dedicated_redis.url)
    async with page.watch("media.asset.a") as watch:
        dedicated_redis.kill()
        await worker.announce("media.asset.a")  # lost, and the worker's caller goes on
        assert not await watch.changed(0)
        dedicated_redis.start()
        # The listener subscribes again on its own; until then a notice may still be lost,
        # so the worker's commits keep announcing, as they do, until one gets through.
        deadline = asyncio.get_running_loop().time() + NOTICE_WAIT_S
        woken = False
        while not woken and asyncio.get_running_loop().time() < deadline:
            await worker.announce("media.asset.a")
            woken = await watch.changed(0.2)
        assert woken


async def test_without_redis_notices_stay_within_the_process() -> None:
    notices = LocalChangeNotices()
    async with notices.watch("media.asset.a") as watch, notices.watch("media.asset.b") as other:
        await notices.announce("media.asset.a")
        assert await watch.changed(NOTICE_WAIT_S)
        assert not await other.changed(0)
