"""Query latency for the search bench: each query shape through Lakou's `SearchService` and
bare on tantivy, alternately, so the service's own cost shows as a ratio."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any

from lakou.bootstrap import Container
from search.documents import FACET_FIELDS
from search.params import parse_search
from search.port import SearchQuery, View
from search.tantivy import FACET_SIZES, NUMBERS, TantivyIndex

RUNS = 300
WARMUP = 30


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


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
