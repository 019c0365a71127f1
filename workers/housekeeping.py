"""Periodic chores, run beside the relay (one per deployment is enough; they are idempotent)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Chore = Callable[[], Awaitable[int]]


async def run_periodically(stop: asyncio.Event, every_s: float, name: str, chore: Chore) -> None:
    while not stop.is_set():
        try:
            done = await chore()
            if done:
                log.info("%s: %d item(s)", name, done)
        except Exception:
            log.exception("%s failed; will try again", name)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every_s)
