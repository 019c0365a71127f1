"""The indicators' fold over generated events, the rebuild from the outbox's log, the live
path and the dashboard's read time.

- `fold`: `Fold.add_all` over N generated events (sales, refunds, market sales, plays,
  previews, stand codes; 10 % delivered twice), against the bare baseline of the same loop
  that only checks each event id and counts one fact per event.
- `rebuild`: `lakou indicators rebuild` (the log read and folded in memory, every cell counted
  by the definitions, the rebuilt tables written in bulk, then compared with the live ones by
  the database) over R events already in the outbox (loaded in bulk, not timed).
- `live` and `dashboard` (`bench/indicators_live.py`): the rebuilt facts and cells copied to
  the live tables; then commit → relay → dramatiq worker → the consumer moves the cells → the
  dashboard's read (`IndicatorFigures.published`, its version-keyed cache) shows the event,
  one event at a time (`LAKOU_BENCH_LIVE_EVENTS`, 30) on the Redis of
  `LAKOU_BENCH_REDIS_URL` (redis://127.0.0.1:6379/1, a namespace of the run's own); then
  `GET /indicateurs` and `GET /api/indicators/open-data` (`LAKOU_BENCH_DASHBOARD_REQUESTS`,
  200 each), against `GET /health` in the same run.

SQLite in a temporary folder unless `LAKOU_BENCH_DATABASE_URL` names another database.
`LAKOU_BENCH_EVENTS` (1,000,000) for the fold, `LAKOU_BENCH_REBUILD_EVENTS` (1,000,000) for
the rebuild; `--events N` on the command line sets both (`--events 200000` for a quick check).
Every phase is reported with its wall time and this process's CPU time (all its threads: on
SQLite the database works in aiosqlite's thread), since the shared machine's load moves the
first far more than the second. The machine's load average is printed with the figures. Last line: RESULT
fold_events_per_s=<x> rebuild_s=<x> event_to_dashboard_p95_s=<x> dashboard_p99_ms=<x>
fold_over_bare=<x> rebuild_events=<n> rebuild_events_per_s=<x> rebuild_cpu_s=<x>
load_1min=<x> dashboard_over_bare=<x> open_data_p99_ms=<x> health_p99_ms=<x>
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import indicators_live as live
from bench.support import run_in_temporary_folder
from infra.db.engine import ensure_pool
from infra.db.migrations import migrate
from infra.events.envelope import EventEnvelope
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.app import create_app
from lakou.bootstrap import build_container, connect_database, enabled_modules
from marketplace.indicators.domain.fold import Fold
from marketplace.indicators.service import IndicatorLedger
from tests.indicator_events import random_events

EVENTS = int(os.environ.get("LAKOU_BENCH_EVENTS", "1000000"))
LIVE_EVENTS = int(os.environ.get("LAKOU_BENCH_LIVE_EVENTS", "30"))
DASHBOARD_REQUESTS = int(os.environ.get("LAKOU_BENCH_DASHBOARD_REQUESTS", "200"))
REDIS_URL = os.environ.get("LAKOU_BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
REBUILD_EVENTS = int(os.environ.get("LAKOU_BENCH_REBUILD_EVENTS", "1000000"))


def _bare(events: list[EventEnvelope]) -> None:
    seen: set[str] = set()
    counts: Counter[tuple[str, str]] = Counter()
    for event in events:
        key = str(event.id)
        if key in seen:
            continue
        seen.add(key)
        counts[event.type, event.occurred_at.date().isoformat()] += 1


async def run(settings: Settings) -> str:
    events = random_events(EVENTS, seed=18, works=5000)
    events += events[: EVENTS // 10]  # at least once: a tenth delivered twice
    # Both without the cyclic collector, as the rebuild folds (`IndicatorLedger.rebuild`).
    gc.disable()
    started = time.perf_counter()
    _bare(events)
    bare_s = time.perf_counter() - started
    started = time.perf_counter()
    fold = Fold().add_all(events)
    fold_s = time.perf_counter() - started
    gc.enable()
    print(
        f"fold: {len(events)} deliveries in {fold_s:.1f} s ({len(fold.facts())} facts); bare {bare_s:.1f} s"
    )
    fold_rate, fold_over_bare = len(events) / fold_s, fold_s / bare_s

    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    container = build_container(settings, REDIS_URL)
    await ensure_pool(container.engine, settings.database.pool_size)
    started = time.perf_counter()
    await live.log_in_bulk(events[:REBUILD_EVENTS])
    print(f"log: {REBUILD_EVENTS} events into the outbox in {time.perf_counter() - started:.1f} s")
    del events, fold
    ledger = container.services.get(IndicatorLedger)
    print(f"load average before the rebuild: {os.getloadavg()}")
    started, cpu_started = time.perf_counter(), time.process_time()
    result = await ledger.rebuild()
    rebuild_s, rebuild_cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        f"rebuild: {result.events} events, {result.facts} facts, {result.cells} cells "
        f"in {rebuild_s:.1f} s, {rebuild_cpu_s:.1f} s of CPU (wall / CPU: "
        + ", ".join(
            f"{name} {seconds:.1f} / {result.cpu_seconds[name]:.1f} s"
            for name, seconds in result.seconds.items()
        )
        + f"), {result.difference_count} difference(s) (the live tables are empty)"
    )
    print(f"load average after the rebuild: {os.getloadavg()}")

    # The dashboard over the rebuilt figures, as if the live consumer had folded them.
    await live.adopt_rebuilt()
    latencies = await live.event_to_dashboard(container, REDIS_URL, LIVE_EVENTS)
    print(live.summary("event to dashboard", latencies, "s"))
    print(f"load average: {os.getloadavg()}")
    page_ms, open_ms, bare_ms = await live.dashboard(create_app(container), DASHBOARD_REQUESTS)
    print(live.summary("dashboard page", page_ms, "ms"))
    print(live.summary("open data", open_ms, "ms"))
    print(live.summary("bare /health", bare_ms, "ms"))
    print(f"load average: {os.getloadavg()}")
    dashboard_p99 = live.percentile(page_ms, 0.99)
    bare_p99 = live.percentile(bare_ms, 0.99)
    return (
        f"RESULT fold_events_per_s={fold_rate:.0f} rebuild_s={rebuild_s:.1f} "
        f"event_to_dashboard_p95_s={live.percentile(latencies, 0.95):.3f} "
        f"dashboard_p99_ms={dashboard_p99:.0f} fold_over_bare={fold_over_bare:.1f} "
        f"rebuild_events={result.events} rebuild_events_per_s={result.events / rebuild_s:.0f} "
        f"rebuild_cpu_s={rebuild_cpu_s:.1f} load_1min={os.getloadavg()[0]:.1f} "
        f"dashboard_over_bare={dashboard_p99 / bare_p99:.1f} "
        f"open_data_p99_ms={live.percentile(open_ms, 0.99):.0f} health_p99_ms={bare_p99:.0f}"
    )


def main() -> None:
    global EVENTS, REBUILD_EVENTS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, help="events folded and rebuilt (1,000,000)")
    chosen = parser.parse_args().events
    if chosen is not None:
        EVENTS = REBUILD_EVENTS = chosen
    run_in_temporary_folder("lakou-indicators-bench-", run)


if __name__ == "__main__":
    main()
