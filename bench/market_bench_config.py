"""Settings of the marketplace payment bench (`bench/market_bench.py`), read from the
environment once, and the small measuring helpers every part of it shares."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from pathlib import Path

EVENTS = int(os.environ.get("LAKOU_BENCH_MARKET_EVENTS", "3000"))
CONCURRENCY = int(os.environ.get("LAKOU_BENCH_MARKET_CONCURRENCY", "16"))
PURCHASES = int(os.environ.get("LAKOU_BENCH_MARKET_PURCHASES", "30"))
POOL_SIZE = os.environ.get("LAKOU_BENCH_POOL_SIZE", "10")
# "inprocess": `serve --with-workers`; "separate": `serve --no-workers` plus `lakou worker`
# and `lakou relay` processes, as docker-compose runs them (PostgreSQL + Redis only).
WORKERS = os.environ.get("LAKOU_BENCH_MARKET_WORKERS", "separate")
REPLAY_SHARE = 0.10
WARMUP = 300
PAYMENT_POOL = 50
POLL_S = 0.02
LOCALSTRIPE_DELAY_S = 1.0  # the asyncio.sleep(1) in localstripe/webhooks.py
DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/lakou_bench_market"
REDIS_URL = "redis://127.0.0.1:6379/9"
PASSWORD = "mot de passe du banc"  # noqa: S105 - throwaway bench accounts
HOOK = "/api/payments/webhooks/stripe"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (all its threads) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
