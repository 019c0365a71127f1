"""Group commit: what concurrent coroutines of one event loop hand in is written together.

A worker runs its actors' coroutines on one event loop (dramatiq's AsyncIO middleware), so
eight messages being delivered at once each finish an attempt at about the same moment. Each
used to record its attempt in a transaction of its own; on SQLite they queued for the one
write lock, on PostgreSQL each paid a commit. Here the first caller becomes the writer: it
writes everything queued so far in one call (one transaction), then whatever arrived while
it wrote, until nothing is left; the others wait for the batch that holds their items. A
failed write fails every caller of that batch, as their own transaction would have.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

Item = TypeVar("Item")


@dataclass
class _Queue(Generic[Item]):
    waiting: list[tuple[list[Item], asyncio.Future[None]]] = field(default_factory=list)
    writing: bool = False


class GroupCommit(Generic[Item]):
    def __init__(self, write: Callable[[list[Item]], Awaitable[None]], *, most: int = 200):
        self._write = write
        self._most = most
        # One queue per event loop: a future belongs to the loop that made it.
        self._queues: WeakKeyDictionary[asyncio.AbstractEventLoop, _Queue[Item]] = (
            WeakKeyDictionary()
        )

    async def add(self, items: list[Item]) -> None:
        """Returns once `items` are written (by this caller or another)."""
        if not items:
            return
        loop = asyncio.get_running_loop()
        queue = self._queues.setdefault(loop, _Queue())
        done: asyncio.Future[None] = loop.create_future()
        queue.waiting.append((items, done))
        if not queue.writing:
            queue.writing = True
            try:
                while queue.waiting:
                    await self._write_next(queue)
            except BaseException:
                # The writer itself was cancelled: nobody would write what is still queued.
                for _, left in queue.waiting:
                    left.set_exception(RuntimeError("the batch's writer was interrupted"))
                queue.waiting.clear()
                raise
            finally:
                queue.writing = False
        await done

    async def _write_next(self, queue: _Queue[Item]) -> None:
        batch: list[tuple[list[Item], asyncio.Future[None]]] = []
        count = 0
        while queue.waiting and (not batch or count + len(queue.waiting[0][0]) <= self._most):
            entry = queue.waiting.pop(0)
            batch.append(entry)
            count += len(entry[0])
        try:
            await self._write([item for items, _ in batch for item in items])
        except BaseException as failed:  # handed to every caller of this batch
            for _, done in batch:
                if not done.done():
                    done.set_exception(
                        failed if isinstance(failed, Exception) else RuntimeError(repr(failed))
                    )
            if not isinstance(failed, Exception):
                raise
        else:
            for _, done in batch:
                done.set_result(None)
