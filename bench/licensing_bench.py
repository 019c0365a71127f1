"""Availability over a large catalogue: 100,000 works with 10 mandates and 10 deals each.

The works' availability is precomputed by the domain code (`marketplace.licensing.domain`, the
same the service runs in a mandate's or a window's transaction) and stored one row per work and
medium, as the licensing tables keep it (SQLite here, in a temporary file). Measured:

- avails: one work's availability read back (rows of the work, JSON to spans), p99;
- avails_search: a catalogue search with an availability filter: the `CA:svod`-style tokens
  looked up in postings (as the search engine holds them), then the period check after
  retrieval on the candidates' stored spans, until a page of 20 is found, p99;
- the bare baseline, in the same run: one primary-key read of a small row.

Usage: `python bench/licensing_bench.py [works]`.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from marketplace.licensing.domain import (
    ALL_LANGUAGES,
    Grant,
    Period,
    Span,
    Status,
    availability,
    available_for,
    refusal,
)
from marketplace.licensing.stored import (
    mask_countries,
    offered_bounds,
    span_json,
    spans_from,
    spans_in,
)
from marketplace.licensing.territories import resolve

MEDIA = ("svod", "avod", "tvod", "free_tv", "pay_tv", "theatrical")
TERRITORIES = (
    "world -FR",
    "north_america",
    "latin_america",
    "eu",
    "caricom",
    "french_antilles",
    "CA US",
    "africa",
    "asia",
    "world",
)
QUERIES = 300
BATCH = 100
# Candidates checked before the database's offered bounds are asked for.
FIRST = 200
OFFERED = (Status.EXCLUSIVE, Status.NON_EXCLUSIVE)
# Works whose rights are generated and precomputed; the rest of the catalogue reuses them.
DISTINCT = 1000
PAGE = 20


def _grant(rng: random.Random, countries: dict[str, frozenset[str]], exclusive: bool) -> Grant:
    start = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 1500))
    return Grant(
        rng.choice(MEDIA),
        ALL_LANGUAGES,
        countries[rng.choice(TERRITORIES)],
        Period(start, start + timedelta(days=rng.randrange(90, 1500))),
        exclusive,
    )


Rows = dict[str, tuple[str, str, str]]  # medium -> (spans JSON, offered from, offered until)


def _one_work(rng: random.Random, countries: dict[str, frozenset[str]]) -> tuple[Rows, set[str]]:
    """One work's 10 mandates and 10 deal attempts (the conflicting ones refused), its stored
    availability rows and its search tokens."""
    mandates = [_grant(rng, countries, rng.random() < 0.7) for _ in range(10)]
    windows: list[Grant] = []
    for _ in range(10):
        deal = _grant(rng, countries, rng.random() < 0.3)
        if refusal(deal, mandates, windows) is None:
            windows.append(deal)
    by_medium: dict[str, list[Span]] = {}
    for span in availability(mandates, windows):
        by_medium.setdefault(span.medium, []).append(span)
    rows: Rows = {}
    tokens: set[str] = set()
    for medium, spans in by_medium.items():
        start, stop = offered_bounds(spans)
        encoded = json.dumps([span_json(span) for span in spans])
        rows[medium] = (encoded, start.isoformat(), stop.isoformat())
        for span in spans:
            if span.status is not Status.LICENSED:
                tokens.update(f"{country}:{medium}" for country in span.countries)
    return rows, tokens


def build(works: int, path: Path) -> tuple[dict[str, list[int]], float]:
    rng = random.Random(16)
    countries = {t: resolve(t) for t in TERRITORIES}
    started = time.perf_counter()
    made = [_one_work(rng, countries) for _ in range(min(works, DISTINCT))]
    precompute_s = time.perf_counter() - started
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE availability (work INTEGER, medium TEXT, spans TEXT, offered_from TEXT,"
        " offered_until TEXT, PRIMARY KEY (work, medium))"
    )
    db.execute("CREATE TABLE bare (id INTEGER PRIMARY KEY, value TEXT)")
    postings: dict[str, list[int]] = {}
    for work in range(works):
        # Works past the first DISTINCT reuse their rights (generating them all takes minutes).
        rows, tokens = made[work % DISTINCT]
        db.executemany(
            "INSERT INTO availability VALUES (?, ?, ?, ?, ?)",
            [(work, medium, *row) for medium, row in rows.items()],
        )
        for token in tokens:
            postings.setdefault(token, []).append(work)
    db.executemany("INSERT INTO bare VALUES (?, ?)", ((i, "x" * 40) for i in range(works)))
    # As the licensing table's index (medium, offered_until, offered_from); ANALYZE gives
    # SQLite the statistics PostgreSQL keeps by itself.
    db.execute("CREATE INDEX offered ON availability (medium, offered_until, offered_from, work)")
    db.execute("ANALYZE")
    db.commit()
    db.close()
    return postings, precompute_s


def _p99(times: list[float]) -> float:
    return statistics.quantiles(times, n=100)[98] * 1000


def _checked(
    db: sqlite3.Connection, works: list[int], country: str, medium: str, period: Period
) -> int:
    """How many of `works` pass the period check after retrieval (rows whose offered bounds
    cannot cover the period are dropped by the database before any JSON is read)."""
    marks = ",".join("?" * len(works))
    query = (
        "SELECT spans FROM availability WHERE medium = ? AND offered_from <= ?"  # noqa: S608
        f" AND offered_until >= ? AND work IN ({marks})"
    )
    bounds = (period.start.isoformat(), period.stop.isoformat())
    hits = 0
    for (raw,) in db.execute(query, (medium, *bounds, *works)):
        spans = spans_in(medium, raw, (country,), period)
        if available_for(spans, country, medium, period) in OFFERED:
            hits += 1
    return hits


def _search(
    db: sqlite3.Connection, candidates: list[int], country: str, medium: str, period: Period
) -> int:
    """A page of works available in `country` for `medium` over `period`. First the postings'
    candidates in order, checked a batch at a time (most searches fill their page at once);
    when the first batches fall short, the database's offered bounds (one index range) thin
    the rest before they are checked."""
    hits = _checked(db, candidates[:FIRST], country, medium, period)
    if hits >= PAGE or len(candidates) <= FIRST:
        return min(hits, PAGE)
    bounds = (period.start.isoformat(), period.stop.isoformat())
    coarse = {
        work
        for (work,) in db.execute(
            "SELECT work FROM availability WHERE medium = ? AND offered_from <= ?"
            " AND offered_until >= ?",
            (medium, *bounds),
        )
    }
    kept = [work for work in candidates[FIRST:] if work in coarse]
    for offset in range(0, len(kept), BATCH):
        hits += _checked(db, kept[offset : offset + BATCH], country, medium, period)
        if hits >= PAGE:
            return PAGE
    return hits


def main() -> None:
    works = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="lakou-licensing-") as folder:
        path = Path(folder) / "avails.sqlite"
        postings, precompute_s = build(works, path)
        db = sqlite3.connect(path)
        bare: list[float] = []
        avails: list[float] = []
        warm: list[float] = []
        search: list[float] = []
        for _ in range(QUERIES):
            work = rng.randrange(works)
            started = time.perf_counter()
            db.execute("SELECT value FROM bare WHERE id = ?", (work,)).fetchone()
            bare.append(time.perf_counter() - started)
            query = "SELECT medium, spans FROM availability WHERE work = ?"
            # Cold: no country set decoded yet (the headline); warm: the masks already seen.
            mask_countries.cache_clear()
            for times in (avails, warm):
                started = time.perf_counter()
                [s for medium, raw in db.execute(query, (work,)) for s in spans_from(medium, raw)]
                times.append(time.perf_counter() - started)
        filled = 0
        for _ in range(QUERIES):
            country, medium = rng.choice(("CA", "US", "MQ", "BR", "DE", "JM")), rng.choice(MEDIA)
            start = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 1500))
            period = Period(start, start + timedelta(days=365))
            started = time.perf_counter()
            filled += _search(db, postings.get(f"{country}:{medium}", []), country, medium, period)
            search.append(time.perf_counter() - started)
        db.close()
    bare_ms, avails_ms, search_ms = _p99(bare), _p99(avails), _p99(search)
    computed = min(works, DISTINCT)
    print(
        f"works={works}: {computed} generated and precomputed in {precompute_s:.1f} s "
        f"({precompute_s / computed * 1000:.1f} ms per work), tokens={len(postings)}"
    )
    print(f"mean page filled: {filled / QUERIES:.1f} of {PAGE}")
    print(
        f"RESULT avails_p99_ms={avails_ms:.2f} avails_search_p99_ms={search_ms:.2f} "
        f"avails_warm_p99_ms={_p99(warm):.2f} bare_p99_ms={bare_ms:.3f} "
        f"avails_over_bare={avails_ms / bare_ms:.1f} works={works}"
    )


if __name__ == "__main__":
    main()
