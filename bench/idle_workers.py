"""What an idle worker costs: the CPU of each of its threads while nothing happens.

Starts, in this process, what `lakou serve` runs beside the web server on the embedded default
(an embedded redis-server, the dramatiq worker with every module's consumers, the outbox
relay thread), lets it settle for `--warm` seconds, then reads each thread's CPU time from
/proc over `--seconds` (the relay's with the SQLite connection threads its queries run on). Dramatiq's Redis consumer has no blocking read: an idle consumer
polls. The baseline is a plain consumer (idle poll up to 100 ms, the mean of them all); the
prompt queue's consumer (`media`, up to 20 ms, `workers.broker.PROMPT_POLL_MS`) is given
against it, and the relay's outbox poll and the whole process beside them.
Prints `RESULT prompt_over_plain_consumer=<x> prompt_consumer_pct=<x> plain_consumer_pct=<x>
relay_pct=<x> process_pct=<x>` last (percentages of one core).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.support import bench_settings
from infra.db.migrations import migrate
from infra.embedded_redis import EmbeddedRedis
from infra.modules import all_migrations
from lakou.bootstrap import build_container, connect_database, enabled_modules
from workers.broker import install_broker
from workers.runtime import RelayThread, make_relay, start_worker

PROMPT_QUEUE = "media"
TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def cpu_s(stat_path: str) -> float:
    """User + system CPU seconds from a /proc stat file (fields after the command's name)."""
    with open(stat_path) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_S


def thread_cpu_s(native_id: int | None) -> float:
    return cpu_s(f"/proc/self/task/{native_id}/stat")


def relay_cpu_s() -> float:
    """The relay's loop and the SQLite connections' threads its queries run on (nothing else
    touches the database while the process idles: the periodic chores are counted with it)."""
    return sum(
        thread_cpu_s(thread.native_id)
        for thread in threading.enumerate()
        if thread.name == "lakou-relay" or "_connection_worker_thread" in thread.name
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--warm", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lakou-bench-idle-"))
    redis = EmbeddedRedis(folder / "redis")
    try:
        settings = bench_settings(folder)
        redis_url = redis.start()
        # Migrated first, on its own engine, as `lakou serve` does.
        modules = enabled_modules(settings)
        asyncio.run(migrate(connect_database(settings, modules), all_migrations(modules)))
        container = build_container(settings, redis_url)
        worker = start_worker(install_broker(redis_url), container, threads=2)
        relay = RelayThread(make_relay(worker.broker, container), container)  # type: ignore[arg-type]
        relay.start()
        try:
            time.sleep(options.warm)  # the consumers' backoff reaches its idle ceiling
            consumers = {name: thread for name, thread in worker.consumers.items()}
            before = {name: thread_cpu_s(thread.native_id) for name, thread in consumers.items()}
            relay_before = relay_cpu_s()
            process_before = cpu_s("/proc/self/stat")
            time.sleep(options.seconds)  # the window measured: nothing happens in it
            process_pct = 100 * (cpu_s("/proc/self/stat") - process_before) / options.seconds
            pct = {
                name: 100 * (thread_cpu_s(thread.native_id) - before[name]) / options.seconds
                for name, thread in consumers.items()
            }
            pct["relay"] = 100 * (relay_cpu_s() - relay_before) / options.seconds
        finally:
            relay.stop()
            worker.stop()
    finally:
        redis.stop()
        shutil.rmtree(folder, ignore_errors=True)
    plain = statistics.mean(
        value for name, value in pct.items() if name not in (PROMPT_QUEUE, "relay")
    )
    for name, value in sorted(pct.items(), key=lambda item: -item[1]):
        print(f"{name:>16}: {value:5.2f} % of a core")
    print(f"whole process: {process_pct:.2f} % of a core over {options.seconds:g} s idle")
    print(
        f"RESULT prompt_over_plain_consumer={pct[PROMPT_QUEUE] / plain:.2f} "
        f"prompt_consumer_pct={pct[PROMPT_QUEUE]:.2f} plain_consumer_pct={plain:.2f} "
        f"relay_pct={pct['relay']:.2f} process_pct={process_pct:.2f}"
    )


if __name__ == "__main__":
    main()
