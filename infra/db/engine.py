"""Database engines for the two supported servers, chosen from the settings' URL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

from infra.settings import DatabaseSettings


class LoopBoundPostgresEngine(PostgresEngine):
    """A PostgreSQL engine whose connection pool serves only the event loop that opened it.

    asyncpg connections belong to one event loop. When the API and an in-process worker (the
    embedded `lakou serve`, the tests) share tables, the worker's loop must not borrow the API's
    pooled connections: from any other loop this engine behaves as if it had no pool and opens
    a connection per query.
    """

    _pool_loop: asyncio.AbstractEventLoop | None = None

    @property
    def pool(self) -> Any:
        pool = self.__dict__.get("_loop_bound_pool")
        if pool is None:
            return None
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            return None
        return pool if running is self._pool_loop else None

    @pool.setter
    def pool(self, value: Any) -> None:
        self.__dict__["_loop_bound_pool"] = value
        self._pool_loop = asyncio.get_running_loop() if value is not None else None


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


async def start_pool(engine: Engine[Any], size: int) -> None:
    if size > 0 and isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=min(size, 2), max_size=size)


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
