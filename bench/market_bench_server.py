"""The processes the marketplace bench measures: localstripe aside, `lakou serve` (and, on
PostgreSQL, `lakou worker` and `lakou relay`) configured for Stripe, on a database created and
dropped here."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import redis

from bench.market_bench_config import DATABASE_URL, POOL_SIZE, REDIS_URL, WORKERS, free_port
from tests.fixtures_stripe import LocalStripe


def services_answer() -> bool:
    if os.environ.get("LAKOU_BENCH_MARKET_EMBEDDED") == "1":
        return False
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        asyncio.run(_admin("SELECT 1"))
    except (OSError, redis.RedisError, asyncpg.PostgresError) as error:
        print(f"PostgreSQL or Redis not reachable ({error}); using the embedded default")
        return False
    return True


async def _admin(*statements: str) -> None:
    connection = await asyncpg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def recreate_database() -> None:
    asyncio.run(
        _admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = 'lakou_bench_market'",
            "DROP DATABASE IF EXISTS lakou_bench_market",
            "CREATE DATABASE lakou_bench_market",
        )
    )


def drop_database() -> None:
    asyncio.run(
        _admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = 'lakou_bench_market'",
            "DROP DATABASE IF EXISTS lakou_bench_market",
        )
    )


@dataclass
class Lakou:
    base: str
    pid: int
    postgres: bool
    redis_url: str | None
    log_path: Path


@contextmanager
def lakou_server(folder: Path, stripe: LocalStripe, postgres: bool) -> Iterator[Lakou]:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")} | {
        "LAKOU_ENV": "test",
        "LAKOU_VAR_DIR": str(folder / "var"),
        "LAKOU_SECRET_KEY": "bench-secret-key-" + "x" * 32,
        "LAKOU_PORT": str(port),
        "LAKOU_PAYMENT_BACKEND": "stripe",
        "LAKOU_STRIPE_SECRET_KEY": stripe.secret_key,
        "LAKOU_STRIPE_PUBLISHABLE_KEY": stripe.publishable_key,
        "LAKOU_STRIPE_WEBHOOK_SECRET": stripe.webhook_secret,
        "LAKOU_STRIPE_API_BASE": stripe.url,
        "LAKOU_LOG_LEVEL": "warning",
        # Every buyer logs in from 127.0.0.1; the default (10 per 5 min) would refuse them.
        "LAKOU_LOGIN_ATTEMPTS": "10000",
    }
    if postgres:
        env |= {
            "LAKOU_DATABASE_URL": DATABASE_URL,
            "LAKOU_REDIS_URL": REDIS_URL,
            "LAKOU_DATABASE_POOL_SIZE": POOL_SIZE,
        }
        recreate_database()
        redis.Redis.from_url(REDIS_URL).flushdb()
        subprocess.run(
            [sys.executable, "-m", "lakou.cli", "migrate"],
            cwd=folder,
            env=env,
            check=True,
            capture_output=True,
        )
    separate = postgres and WORKERS == "separate"
    log_path = folder / "lakou.log"
    commands = [["serve", "--no-seed", "--no-workers" if separate else "--with-workers"]]
    if separate:
        commands += [["worker", "--threads", "2"], ["relay"]]
    processes = []
    with log_path.open("wb") as log:
        for command in commands:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "lakou.cli", *command],
                    cwd=folder,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
    process = processes[0]
    server = Lakou(
        f"http://127.0.0.1:{port}", process.pid, postgres, REDIS_URL if postgres else None, log_path
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"lakou serve exited:\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(server.base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("lakou serve did not answer within 60 s")
            time.sleep(0.2)
        yield server
    finally:
        for running in processes:
            running.terminate()
        for running in processes:
            try:
                running.wait(timeout=30)
            except subprocess.TimeoutExpired:
                running.kill()
                running.wait()
        if postgres:
            redis.Redis.from_url(REDIS_URL).flushdb()
            drop_database()
