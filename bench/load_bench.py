"""Load: locust users against the production layout on loopback (`make bench-load`).

PostgreSQL (`LAKOU_LOAD_DATABASE_URL`, an empty database recreated for the run), Redis (a
redis-server of the run's own, or `LAKOU_LOAD_REDIS_URL`, a database flushed for the run), and `lakou serve --no-workers`,
`lakou worker` and `lakou relay` as separate processes in production mode, with the test payment
and the other loopback choices accepted by name (`bench/load_processes.py`). The catalogue is
the demo seeder's (works with generated media) plus 40 works on sale; `LAKOU_LOAD_USERS` (50)
simulated users run `bench/load_scenario.py` for `LAKOU_LOAD_SECONDS` (600). After the run the
books are checked (`tests/books.py`) once the workers have caught up.

Figures: requests per second; p99 of pages and API reads (the target, ≤ 300 ms) after the first
minute (every user logs in then: argon2 on two shared cores), with the whole run's, the writes'
and the media's beside; failed requests; and the largest relative growth of the API's, worker's
and relay's resident memory from the second minute to the last.

Last line: RESULT users=<n> rps=<x> p99_ms=<x> errors=<n> rss_growth=<x>
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import redis

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_figures import p99_after, percentile, rss_growth, warm_up_s
from bench.load_processes import (
    ROOT,
    Layout,
    MemorySampler,
    PrivateRedis,
    load_environ,
    run_command,
)
from bench.load_seed import PASSWORD, WORDS, public_catalogue, seed_accounts
from infra.settings import Settings

DATABASE_URL = os.environ.get(
    "LAKOU_LOAD_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/lakou_bench_load"
)
# Unset: a redis-server of the run's own (`PrivateRedis`).
REDIS_URL = os.environ.get("LAKOU_LOAD_REDIS_URL")
USERS = int(os.environ.get("LAKOU_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LAKOU_LOAD_SECONDS", "600"))
EXTRA_WORKS = 40


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
        )
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def _clip(folder: Path) -> Path:
    """A small upload: three seconds of generated sound (FLAC)."""
    path = folder / "chaj.flac"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi"),
            *("-i", "sine=frequency=523:duration=3", "-c:a", "flac", str(path)),
        ],
        check=True,
    )
    return path


def _wait_for_media(base_url: str, timeout_s: float = 600) -> list[dict[str, object]]:
    """The public catalogue once the demo media are transcoded (the demo has four works)."""
    deadline = time.monotonic() + timeout_s
    while True:
        works = public_catalogue(base_url)
        if sum(1 for work in works if work["plays"]) >= 3 or time.monotonic() > deadline:
            return works
        time.sleep(3)


def _run_locust(catalogue: Path, report: Path, base_url: str, log: Path) -> float:
    started = time.monotonic()
    with log.open("wb") as output:
        subprocess.run(
            [
                *(sys.executable, "-m", "locust", "-f", str(ROOT / "bench/load_scenario.py")),
                *("--headless", "--only-summary", "--host", base_url),
                *("-u", str(USERS), "-r", str(max(1, USERS // 10)), "-t", f"{SECONDS}s"),
                "--stop-timeout",
                "10",
            ],
            env={
                **os.environ,
                "LAKOU_LOAD_CATALOGUE": str(catalogue),
                "LAKOU_LOAD_REPORT": str(report),
            },
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    return time.monotonic() - started


async def _books(settings: Settings) -> str:
    from lakou.bootstrap import connect_database, enabled_modules
    from tests.books import wait_until_books_balance

    engine = connect_database(settings, enabled_modules(settings))
    try:
        await wait_until_books_balance(engine, settings.payment.commission_bp, timeout_s=180)
    except AssertionError as unbalanced:
        print(str(unbalanced)[:3000])
        return "unbalanced"
    return "balanced"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="lakou-load-"))
    port = _free_port()
    private = None if REDIS_URL else PrivateRedis(folder / "redis", _free_port())
    redis_url = REDIS_URL or private.url  # type: ignore[union-attr]
    env = load_environ(folder, DATABASE_URL, redis_url, port)
    asyncio.run(_recreate_database(DATABASE_URL))
    redis.Redis.from_url(redis_url).flushdb()
    run_command(["migrate"], env)
    run_command(["seed-demo", "--force"], env)
    settings = Settings.from_env(env)
    buyers = asyncio.run(seed_accounts(settings, USERS, EXTRA_WORKS))
    layout = Layout(env, port, folder / "logs")
    try:
        layout.start()
        catalogue = folder / "catalogue.json"
        works = _wait_for_media(layout.url)
        catalogue.write_text(
            json.dumps(
                {
                    "buyers": buyers,
                    "password": PASSWORD,
                    "seller": "seller0@load.lakou.test",
                    "works": works,
                    "words": WORDS,
                    "clip": str(_clip(folder)),
                }
            )
        )
        sampler = MemorySampler(layout.pids())
        sampler.start()
        began = time.time()
        report = folder / "report.json"
        duration = _run_locust(catalogue, report, layout.url, folder / "locust.log")
        sampler.stop()
        books = asyncio.run(_books(settings))
    finally:
        layout.stop()
        if private is not None:
            private.stop()
    figures = json.loads(report.read_text())
    times, failures = figures["times"], figures["failures"]
    growth = rss_growth(sampler.samples, duration)
    steady = began + warm_up_s(duration)
    total = sum(len(values) for values in times.values())
    for failure in sorted(set(failures))[:20]:
        print("failed:", failure)
    print(
        f"plays={sum(1 for work in works if work['plays'])} works={len(works)} "
        f"p99_read_whole_run_ms={p99_after(times['read'], 0):.0f} "
        f"p99_write_ms={p99_after(times['write'], steady):.0f} "
        f"p99_media_ms={p99_after(times['media'], steady):.0f} "
        f"p50_read_ms={percentile([took for _, took in times['read']], 0.5):.0f} books={books} "
        f"load_average={os.getloadavg()[0]:.1f} "
        + " ".join(f"rss_growth_{name}={value:.3f}" for name, value in growth.items())
    )
    if os.environ.get("LAKOU_LOAD_KEEP") != "1":
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"kept {folder}")
    print(
        f"RESULT users={USERS} rps={total / duration:.1f} "
        f"p99_ms={p99_after(times['read'], steady):.0f} errors={len(failures)} "
        f"rss_growth={max(growth.values(), default=0.0):.3f}"
    )


if __name__ == "__main__":
    main()
