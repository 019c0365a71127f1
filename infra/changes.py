"""Change notices: "this row changed, read it again", from the process that committed it to the
pages watching it.

A worker announces a topic once its transaction committed (an upload's preview is published);
a server-sent events stream watching that topic wakes at once and reads the row again, instead
of polling the database on a timer. A notice carries no data, the database stays the truth: a
lost notice (Redis restarting) costs latency only, since a watcher also reads again on its own
interval. Topics are named by the context that announces them (`media.asset.<id>`).

Two adapters: Redis pub/sub between processes (the worker and the web process are apart in
production, and threads of one process under `lakou serve`), and a process-local one for a
container built without Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Protocol, runtime_checkable

import redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Redis waits this long at most on a notice: a notice is not worth holding a commit up.
SOCKET_TIMEOUT_S = 0.5
# How often the listener checks whether anyone still watches, and waits after Redis failed.
LISTEN_TICK_S = 1.0
LISTENER_THREAD = "lakou-change-notices"


class Watch:
    """One watcher's doorbell, rung from any thread, awaited on the watcher's loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._rung = asyncio.Event()

    def ring(self) -> None:
        with contextlib.suppress(RuntimeError):  # the watcher's loop already closed
            self._loop.call_soon_threadsafe(self._rung.set)

    async def changed(self, timeout_s: float) -> bool:
        """Whether the topic was announced since the last call, waiting up to `timeout_s`."""
        if not self._rung.is_set():
            try:
                await asyncio.wait_for(self._rung.wait(), timeout_s)
            except TimeoutError:
                return False
        self._rung.clear()
        return True


# Checkable: litestar checks a dependency's value against its annotation.
@runtime_checkable
class ChangeNotices(Protocol):
    async def announce(self, topic: str) -> None:
        """Tell the watchers of `topic` to read it again (after the commit)."""

    def watch(self, topic: str) -> contextlib.AbstractAsyncContextManager[Watch]:
        """Watch `topic` for the duration of the block."""


class Watchers:
    """The watches of one process, by topic."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_topic: dict[str, set[Watch]] = {}

    @contextlib.contextmanager
    def watching(self, topic: str) -> Iterator[Watch]:
        watch = Watch(asyncio.get_running_loop())
        with self._lock:
            self._by_topic.setdefault(topic, set()).add(watch)
        try:
            yield watch
        finally:
            with self._lock:
                watches = self._by_topic.get(topic, set())
                watches.discard(watch)
                if not watches:
                    self._by_topic.pop(topic, None)

    def ring(self, topic: str) -> None:
        with self._lock:
            watches = list(self._by_topic.get(topic, ()))
        for watch in watches:
            watch.ring()

    def __bool__(self) -> bool:
        with self._lock:
            return bool(self._by_topic)


class LocalChangeNotices:
    """Notices within one process (a container without Redis)."""

    def __init__(self) -> None:
        self._watchers = Watchers()

    async def announce(self, topic: str) -> None:
        self._watchers.ring(topic)

    @contextlib.asynccontextmanager
    async def watch(self, topic: str) -> AsyncIterator[Watch]:
        with self._watchers.watching(topic) as watch:
            yield watch


class RedisChangeNotices:
    """Notices through one Redis channel per database number.

    Pub/sub channels ignore the database number, so the channel carries it: deployments (and
    test runs) sharing a Redis server on different databases do not wake each other. One
    listener thread per process subscribes while anyone in it watches, and stops when the last
    watch ends, so an idle process holds no subscription.
    """

    def __init__(self, url: str) -> None:
        self._client: redis.Redis = redis.Redis.from_url(
            url, socket_timeout=SOCKET_TIMEOUT_S, socket_connect_timeout=SOCKET_TIMEOUT_S
        )
        database = self._client.connection_pool.connection_kwargs.get("db", 0)
        self.channel = f"lakou:{database}:changes"
        self._watchers = Watchers()
        self._lock = threading.Lock()
        self._listener: threading.Thread | None = None
        self._subscribed = threading.Event()

    async def announce(self, topic: str) -> None:
        try:
            await asyncio.to_thread(self._client.publish, self.channel, topic)
        except RedisError as error:
            # Watchers read again on their interval: only the wake-up is lost.
            log.warning("change notice %s not sent: %s", topic, error)

    @contextlib.asynccontextmanager
    async def watch(self, topic: str) -> AsyncIterator[Watch]:
        with self._watchers.watching(topic) as watch:
            if self._start_listening():
                # The first watch waits (briefly) for the subscription, so a notice sent just
                # after it started watching is not missed.
                await asyncio.to_thread(self._subscribed.wait, LISTEN_TICK_S)
            yield watch

    def _start_listening(self) -> bool:
        with self._lock:
            if self._listener is not None:
                return False
            self._subscribed.clear()
            self._listener = threading.Thread(
                target=self._listen, name=LISTENER_THREAD, daemon=True
            )
            self._listener.start()
            return True

    def _listen(self) -> None:
        while self._keep_listening():
            pubsub = self._client.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(self.channel)
                self._subscribed.set()
                while self._keep_listening():
                    message = pubsub.get_message(timeout=LISTEN_TICK_S)
                    if message is not None and message["type"] == "message":
                        self._watchers.ring(message["data"].decode())
            except RedisError as error:
                log.warning("change notices unavailable, retrying: %s", error)
                time.sleep(LISTEN_TICK_S)  # Redis restarting: try again shortly
            finally:
                with contextlib.suppress(RedisError):
                    pubsub.unsubscribe()  # type: ignore[no-untyped-call]  # gone at once for Redis
                with contextlib.suppress(RedisError):
                    pubsub.close()  # also after a broken connection refused the unsubscribe

    def _keep_listening(self) -> bool:
        """False once nobody watches; the next watch starts a new listener."""
        with self._lock:
            if self._watchers:
                return True
            self._listener = None
            return False
