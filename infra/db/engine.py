"""Database engines for the two supported servers, chosen from the settings' URL."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Iterable
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

from infra.settings import DatabaseSettings


class LoopBoundPostgresEngine(PostgresEngine):
    """A PostgreSQL engine with one connection pool per event loop.

    asyncpg connections belong to one event loop. The API, the relay and the worker's actors
    each run on their own loop (in one process when embedded, in the tests): each may open its
    own pool, and a loop without a pool opens a connection per query.
    """

    @property
    def pool(self) -> Any:
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            return None
        return self.__dict__.get("_loop_pools", {}).get(running)

    @pool.setter
    def pool(self, value: Any) -> None:
        pools: dict[asyncio.AbstractEventLoop, Any] = self.__dict__.setdefault("_loop_pools", {})
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            return  # piccolo's constructor sets `pool = None` before any loop runs
        if value is None:
            pools.pop(running, None)
        else:
            pools[running] = value


def make_engine(settings: DatabaseSettings) -> Engine[Any]:
    if settings.is_sqlite:
        path = settings.sqlite_path
        path.parent.mkdir(parents=True, exist_ok=True)
        # A generous busy timeout lets the API, the relay and the worker share one file.
        return SQLiteEngine(path=str(path), timeout=30)
    # No extensions: Lakou generates its own ids, so it needs no superuser-only `uuid-ossp`.
    return LoopBoundPostgresEngine(config={"dsn": settings.url}, extensions=())


def bind_tables(engine: Engine[Any], tables: Iterable[type[Table]]) -> None:
    """Point every table at the chosen engine (instead of piccolo's import-time conf file)."""
    for table in tables:
        table._meta.db = engine


def is_postgres(engine: Engine[Any]) -> bool:
    return engine.engine_type == "postgres"


async def _keep_session(connection: Any) -> None:
    """Nothing to reset: see `start_pool`."""


async def start_pool(engine: Engine[Any], size: int) -> None:
    """asyncpg's pool resets each connection it takes back, one more round trip per
    transaction (`pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`). Lakou keeps no
    session state on pooled connections (no LISTEN, session advisory lock, session SET or held
    cursor: every lock is a transaction's), and asyncpg still rolls back a transaction left
    open; so nothing more is reset (bench/markets_bench.py, docs/benchmarks.md)."""
    if size > 0 and isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(
            min_size=min(size, 2), max_size=size, reset=_keep_session
        )


# Weak keys: tests and embedded threads come and go with their loops.
_pool_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


async def ensure_pool(engine: Engine[Any], size: int) -> None:
    """Open a pool for the running loop unless it has one (the worker's and relay's loops)."""
    if size <= 0 or not isinstance(engine, PostgresEngine) or engine.pool is not None:
        return
    lock = _pool_locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with lock:
        if engine.pool is None:
            await start_pool(engine, size)


async def close_pool(engine: Engine[Any]) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


async def ping(engine: Engine[Any]) -> None:
    await engine.run_ddl("SELECT 1")


def write_transaction(engine: Engine[Any]) -> Any:
    """A transaction that will write. On SQLite it takes the write lock up front (IMMEDIATE):
    a deferred transaction that reads then writes fails at once with "database is locked" when
    another writer got there first, instead of waiting its turn."""
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


async def prepare_sqlite(engine: Engine[Any]) -> None:
    """WAL lets readers go on while one process writes; the setting stays with the file."""
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL")
