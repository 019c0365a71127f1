"""Fault tests' own parts: a redis-server (never the machine's) killed and started again at
will, and Lakou's worker and relay as separate processes, killed with their children."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from infra.settings import Settings
from tests.fixtures_s3 import free_port

ROOT = Path(__file__).parents[1]


class RedisServer:
    """A redis-server of the test's own, on a free port, that can be killed and restarted."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(self.port)),
                *("--save", "", "--appendonly", "no", "--dir", str(self.folder)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        wait_until(lambda: _answers(client), 20, "redis-server to answer")
        client.close()

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


def wait_until(predicate: Callable[[], object], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def dedicated_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    if server.process is not None and server.process.poll() is None:
        server.kill()


def process_env(settings: Settings, redis_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `lakou worker` or `lakou relay` beside the test: the test's
    database and secret, the given Redis and var folder (storage and staging included)."""
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")}
    return inherited | {
        "LAKOU_ENV": "test",
        "LAKOU_VAR_DIR": str(var_dir),
        "LAKOU_SECRET_KEY": settings.secret_key,
        "LAKOU_DATABASE_URL": settings.database.url,
        "LAKOU_REDIS_URL": redis_url,
        **extra,
    }


class LakouProcess:
    """`lakou <command>` in a session of its own, so a kill takes its children (ffmpeg) too."""

    def __init__(self, command: str, env: dict[str, str], log: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lakou.cli", command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("ab"),
            start_new_session=True,
        )

    def kill(self) -> None:
        """kill -9, of the process and everything it started."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
