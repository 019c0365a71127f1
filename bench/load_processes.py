"""The production layout on loopback for `bench/load_bench.py`: the environment, the separate
API, worker and relay processes, and their memory sampled from /proc."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis

ROOT = Path(__file__).resolve().parents[1]
LAKOU = [sys.executable, "-m", "lakou.cli"]
# The risks this run takes on purpose, by name (infra/production.py): a loopback run with the
# test payment (what the simulated buyers pay with), plain HTTP, a local folder for media and
# mail, and no legal entity on receipts.
ACCEPTED_RISKS = (
    "test-payments,insecure-cookies,plain-http-links,local-storage,unnamed-seller,folder-mailbox"
)


def load_environ(folder: Path, database_url: str, redis_url: str, port: int) -> dict[str, str]:
    """Production settings, with the risks above accepted by name."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LAKOU_ENV": "production",
        "LAKOU_ACCEPT_RISKS": ACCEPTED_RISKS,
        "LAKOU_VAR_DIR": str(folder / "var"),
        "LAKOU_SECRET_KEY": "load-bench-secret-key-" + "x" * 32,
        "LAKOU_DATABASE_URL": database_url,
        "LAKOU_REDIS_URL": redis_url,
        "LAKOU_PAYMENT_BACKEND": "dev",
        "LAKOU_COOKIE_SECURE": "false",
        "LAKOU_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "LAKOU_STORAGE_BACKEND": "local",
        # Every simulated user logs in from 127.0.0.1: the per-address login limit would
        # answer 429 after ten of them.
        "LAKOU_LOGIN_ATTEMPTS": "100000",
        "LAKOU_LOG_LEVEL": "warning",
    }


def run_command(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [*LAKOU, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"lakou {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Layout:
    """`lakou serve --no-workers`, `lakou worker` and `lakou relay`, each its own process."""

    env: dict[str, str]
    port: int
    logs: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        commands = {
            "api": ["serve", "--no-workers", "--no-seed", "--port", str(self.port)],
            "worker": ["worker", "--threads", "2"],
            "relay": ["relay"],
        }
        for name, args in commands.items():
            log = (self.logs / f"{name}.log").open("wb")
            self.processes[name] = subprocess.Popen(
                [*LAKOU, *args], env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
            )
        self.wait_ready()

    def wait_ready(self, timeout_s: float = 180) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited: see {self.logs / (name + '.log')}")
            try:
                if httpx.get(f"{self.url}/ready", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the API did not become ready")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> dict[str, int]:
        return {name: process.pid for name, process in self.processes.items()}

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class PrivateRedis:
    """A redis-server of the run's own on a free port: test suites running beside the bench
    flush the machine's Redis databases, and the queued messages with them."""

    def __init__(self, folder: Path, port: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.url = f"redis://127.0.0.1:{port}/0"
        self._process = subprocess.Popen(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(port)),
                *("--save", "", "--appendonly", "no", "--dir", str(folder)),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while not self._answers():
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not answer")
            time.sleep(0.1)

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=30)


def rss_kib(pid: int) -> int:
    """The process's resident memory (VmRSS), in KiB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """Every process's RSS every `every_s` seconds, with the time since the start."""

    def __init__(self, pids: dict[str, int], every_s: float = 5) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.every_s = every_s
        self.samples: list[tuple[float, dict[str, int]]] = []
        self._halt = threading.Event()
        self._began = time.monotonic()

    def run(self) -> None:
        while not self._halt.is_set():
            elapsed = time.monotonic() - self._began
            self.samples.append((elapsed, {name: rss_kib(pid) for name, pid in self.pids.items()}))
            self._halt.wait(self.every_s)

    def stop(self) -> None:
        self._halt.set()
        self.join()
