"""The indicators' fold over generated events, and the rebuild from the outbox's log.

- `fold`: `Fold.add_all` over N generated events (sales, refunds, market sales, plays,
  previews, stand codes; 10 % delivered twice), against the bare baseline of the same loop
  that only checks each event id and counts one fact per event.
- `rebuild`: `lakou indicators rebuild` (the batch fold over the outbox log into fresh tables,
  then the comparison with the live ones) over R events already in the outbox.

- `cells`: every period's cells counted from the facts (the rebuild does it for its tables;
  timed again on the live ones), and one refresh after a single event (its day, month,
  quarter and year, the year holding every fact).
- `live` and `dashboard` (`bench/indicators_live.py`): commit → relay → dramatiq worker →
  live tables → the cells' chore, one event at a time (`LAKOU_BENCH_LIVE_EVENTS`, 30) on the
  Redis of `LAKOU_BENCH_REDIS_URL` (redis://127.0.0.1:6379/1, a namespace of the run's own);
  then `GET /indicateurs` over the rebuilt facts copied to the live tables and their cells
  (`LAKOU_BENCH_DASHBOARD_REQUESTS`, 20), against `GET /health` in the same run.

SQLite in a temporary folder unless `LAKOU_BENCH_DATABASE_URL` names another database.
`LAKOU_BENCH_EVENTS` (1,000,000) for the fold, `LAKOU_BENCH_REBUILD_EVENTS` (200,000) for the
rebuild. The machine's load average is printed with the figures. Last line: RESULT
fold_events_per_s=<x> rebuild_s=<x> event_to_dashboard_p95_s=<x> dashboard_p99_ms=<x>
fold_over_bare=<x> rebuild_events=<n> dashboard_over_bare=<x> event_to_cells_p95_s=<x>
cells_count_s=<x> refresh_one_event_s=<x>
"""

from __future__ import annotations

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
from marketplace.indicators import repository
from marketplace.indicators.domain.fold import Fold
from marketplace.indicators.refresh import CellRefresher
from marketplace.indicators.repository import LIVE, REBUILT
from marketplace.indicators.service import IndicatorLedger, rebuild
from tests.indicator_events import log_to_outbox, random_events

EVENTS = int(os.environ.get("LAKOU_BENCH_EVENTS", "1000000"))
LIVE_EVENTS = int(os.environ.get("LAKOU_BENCH_LIVE_EVENTS", "30"))
DASHBOARD_REQUESTS = int(os.environ.get("LAKOU_BENCH_DASHBOARD_REQUESTS", "20"))
REDIS_URL = os.environ.get("LAKOU_BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
REBUILD_EVENTS = int(os.environ.get("LAKOU_BENCH_REBUILD_EVENTS", "200000"))


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
    started = time.perf_counter()
    _bare(events)
    bare_s = time.perf_counter() - started
    started = time.perf_counter()
    fold = Fold().add_all(events)
    fold_s = time.perf_counter() - started
    print(
        f"fold: {len(events)} deliveries in {fold_s:.1f} s ({len(fold.facts())} facts); bare {bare_s:.1f} s"
    )

    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    container = build_container(settings, REDIS_URL)
    await ensure_pool(container.engine, settings.database.pool_size)
    await log_to_outbox(events[:REBUILD_EVENTS])
    refresher = container.services.get(CellRefresher)
    started = time.perf_counter()
    result = await rebuild(refresher)
    rebuild_s = time.perf_counter() - started
    print(
        f"rebuild: {result.events} events, {result.facts} facts, {result.cells} cells "
        f"in {rebuild_s:.1f} s ("
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.seconds.items())
        + ")"
    )
    print(f"load average: {os.getloadavg()}")

    # The dashboard over the rebuilt figures, as if the live consumer had folded them.
    await repository.add_support(LIVE, await repository.supports(REBUILT))
    started = time.perf_counter()
    periods = await refresher.count_all(LIVE)
    cells_s = time.perf_counter() - started
    print(f"cells: {periods} periods counted in {cells_s:.1f} s")
    await container.services.get(IndicatorLedger).record(events[0])  # marks its periods
    started = time.perf_counter()
    counted = await refresher.refresh()
    refresh_s = time.perf_counter() - started
    print(f"refresh after one event: {counted} periods in {refresh_s:.2f} s")
    page_ms, bare_ms = await live.dashboard(create_app(container), DASHBOARD_REQUESTS)
    print(live.summary("dashboard", page_ms, "ms"))
    print(live.summary("bare /health", bare_ms, "ms"))
    latencies, to_cells = await live.event_to_dashboard(container, REDIS_URL, LIVE_EVENTS)
    print(live.summary("event to live tables", latencies, "s"))
    print(live.summary("event to kept cells", to_cells, "s"))
    print(f"load average: {os.getloadavg()}")
    dashboard_p99 = live.percentile(page_ms, 0.99)
    return (
        f"RESULT fold_events_per_s={len(events) / fold_s:.0f} rebuild_s={rebuild_s:.1f} "
        f"event_to_dashboard_p95_s={live.percentile(latencies, 0.95):.3f} "
        f"dashboard_p99_ms={dashboard_p99:.0f} fold_over_bare={fold_s / bare_s:.1f} "
        f"rebuild_events={result.events} "
        f"dashboard_over_bare={dashboard_p99 / live.percentile(bare_ms, 0.99):.0f} "
        f"event_to_cells_p95_s={live.percentile(to_cells, 0.95):.3f} "
        f"cells_count_s={cells_s:.1f} refresh_one_event_s={refresh_s:.2f}"
    )


def main() -> None:
    run_in_temporary_folder("lakou-indicators-bench-", run)


if __name__ == "__main__":
    main()
