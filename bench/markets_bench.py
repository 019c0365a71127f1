"""The hosted-buyer scheduler and concurrent bookings (issue 13's benchmark).

- `schedule`: `scheduling.matching.schedule` for 200 buyers x 300 exhibitors x 13 slots. The
  wishes come from a seeded generator (`random.Random(LAKOU_BENCH_SEED)`, 13 by default):
  exhibitors have a popularity that falls as 1/(1+rank)^0.6 (a few stands everybody wants);
  each buyer ranks 15 to 30 distinct exhibitors drawn by popularity, best first, with a quota
  of 8 to 13 meetings and 0 to 2 of the 13 slots already booked; each exhibitor has 1 to 3
  tables (1 twice as often), a quota of its tables x 13, and ranks a random part (0 to all) of
  the buyers who asked for it, shuffled, plus 0 to 5 buyers of its own choosing (one-sided
  wishes). `mutual_wishes_met` is the mutual pairs scheduled over the flow bound (the most
  mutual pairs any schedule can hold under the quotas and free slots).
- `booking`: 32 concurrent clients booking through `SchedulingService.book` (the client's own
  calendar and a table, all or nothing), LAKOU_BENCH_BOOKINGS (40) attempts each at random
  (table, slot) pairs of 40 tables x 13 slots, so many collide; p99 of every attempt's latency,
  won or refused with `slot_taken`. `double_bookings` counts the seats held twice afterwards.
  It also prints the process's CPU time per attempt (steadier than latency when the machine
  is shared).

- `bare` (PostgreSQL only): the same clients, attempts and pool size written with asyncpg
  alone, measured right after in the same run: per attempt a transaction with the claim
  (`INSERT … ON CONFLICT DO NOTHING RETURNING` of both seats) and an event row, then commit,
  on an asyncpg pool made as the app's (no reset round trip when a connection comes back). The booking p99 over the bare p99 is what the framework costs.

SQLite in a temporary folder unless `LAKOU_BENCH_DATABASE_URL` names another database (use an
empty PostgreSQL database). Last line:
RESULT schedule_s=<x> mutual_wishes_met=<x> booking_p99_ms=<x> double_bookings=<n>
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Hashable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from uuid import UUID, uuid4

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infra.db.engine import close_pool, start_pool
from infra.db.migrations import migrate
from infra.errors import Conflict
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.bootstrap import build_container, connect_database, enabled_modules
from scheduling.domain import ResourceKind, Scope
from scheduling.matching import Participant, RoundInput, Schedule, schedule
from scheduling.service import SchedulingService
from scheduling.tables import ScheduleBooking

SEED = int(os.environ.get("LAKOU_BENCH_SEED", "13"))
BUYERS, EXHIBITORS, SLOTS = 200, 300, 13
CLIENTS = 32
ATTEMPTS = int(os.environ.get("LAKOU_BENCH_BOOKINGS", "40"))
TABLES = 40
# Connections shared by the clients, as an API process has (LAKOU_DATABASE_POOL_SIZE: 10).
POOL = int(os.environ.get("LAKOU_BENCH_POOL", "10"))


def generate(seed: int) -> RoundInput:
    rng = random.Random(seed)
    buyer_ids = [f"buyer-{n}" for n in range(BUYERS)]
    exhibitor_ids = [f"stand-{n}" for n in range(EXHIBITORS)]
    popularity = [1 / (1 + rank) ** 0.6 for rank in range(EXHIBITORS)]
    asked_by: dict[str, list[str]] = {stand: [] for stand in exhibitor_ids}
    buyers = []
    for buyer in buyer_ids:
        wanted: list[str] = []
        size = rng.randint(15, 30)
        while len(wanted) < size:
            stand = rng.choices(exhibitor_ids, weights=popularity)[0]
            if stand not in wanted:
                wanted.append(stand)
        for stand in wanted:
            asked_by[stand].append(buyer)
        buyers.append(Participant(buyer, tuple(wanted), rng.randint(8, 13)))
    exhibitors = []
    for stand in exhibitor_ids:
        tables = rng.choice([1, 1, 2, 3])
        askers = asked_by[stand][:]
        rng.shuffle(askers)
        ranked = askers[: rng.randint(0, len(askers))] + rng.sample(buyer_ids, rng.randint(0, 5))
        exhibitors.append(Participant(stand, tuple(dict.fromkeys(ranked)), tables * SLOTS, tables))
    busy: dict[Hashable, frozenset[int]] = {
        buyer: frozenset(rng.sample(range(SLOTS), rng.randint(0, 2))) for buyer in buyer_ids
    }
    return RoundInput(tuple(buyers), tuple(exhibitors), SLOTS, busy, {})


def bench_schedule() -> tuple[float, Schedule]:
    day = generate(SEED)
    started = time.perf_counter()
    result = schedule(day)
    return time.perf_counter() - started, result


async def bench_bookings(settings: Settings) -> tuple[float, int, int, int]:
    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    container = build_container(settings, None)
    await start_pool(container.engine, POOL)
    try:
        service = container.services.get(SchedulingService)
        calendar = await service.open_calendar(
            Scope("market", uuid4()), "Bench", "America/Martinique", 30
        )
        day = date.today() + timedelta(days=30)
        await service.add_window(calendar.id, day, clock(9), clock(15, 30))
        first = datetime.combine(day, clock(13), tzinfo=UTC)
        slots = [first + timedelta(minutes=30 * n) for n in range(SLOTS)]
        tables = [
            (await service.add_resource(calendar.id, ResourceKind.TABLE, f"T{n}")).id
            for n in range(TABLES)
        ]
        rng = random.Random(SEED)
        latencies: list[float] = []
        won = refused = 0

        async def client() -> None:
            nonlocal won, refused
            user: UUID = uuid4()
            me = await service.person(calendar.id, user)
            for _ in range(ATTEMPTS):
                table, slot = rng.choice(tables), rng.choice(slots)
                started = time.perf_counter()
                try:
                    await service.book([me.id, table], slot, user)
                    won += 1
                except Conflict:
                    refused += 1
                latencies.append(time.perf_counter() - started)

        cpu_started = time.process_time()
        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        # The process's CPU per attempt: steadier than latency on a shared machine, and what
        # queues the other clients of the one event loop.
        cpu_ms = (time.process_time() - cpu_started) * 1000 / len(latencies)
        print(f"booking CPU: {cpu_ms:.2f} ms per attempt")
        rows = await ScheduleBooking.select(
            ScheduleBooking.resource_id, ScheduleBooking.slot_start
        ).where(ScheduleBooking.status == "booked")
        held = [(str(row["resource_id"]), str(row["slot_start"])) for row in rows]
        doubles = len(held) - len(set(held))
        p99 = statistics.quantiles(latencies, n=100)[98] * 1000
        return p99, doubles, won, refused
    finally:
        await close_pool(container.engine)


BARE_TABLES = (
    "CREATE TABLE IF NOT EXISTS bench_bare_seats (resource_id uuid, slot_start timestamptz, "
    "booked_by uuid, PRIMARY KEY (resource_id, slot_start))",
    "CREATE TABLE IF NOT EXISTS bench_bare_events (id uuid PRIMARY KEY, payload jsonb)",
    "TRUNCATE bench_bare_seats, bench_bare_events",
)
BARE_CLAIM = (
    "INSERT INTO bench_bare_seats VALUES ($1, $3, $4), ($2, $3, $4) "
    "ON CONFLICT DO NOTHING RETURNING resource_id"
)


class _Taken(Exception):
    pass


async def bench_bare(url: str) -> float:
    """The booking load with asyncpg alone: the p99 in ms (the floor the machine gives)."""
    import asyncpg

    async def keep_session(_: object) -> None:
        """As the app's pool (infra/db/engine.py): no reset round trip."""

    pool = await asyncpg.create_pool(url, min_size=2, max_size=POOL, reset=keep_session)
    try:
        for statement in BARE_TABLES:
            await pool.execute(statement)
        slots = [
            datetime(2030, 1, 1, 13, tzinfo=UTC) + timedelta(minutes=30 * n) for n in range(SLOTS)
        ]
        tables = [uuid4() for _ in range(TABLES)]
        rng = random.Random(SEED)
        latencies: list[float] = []

        async def client() -> None:
            user = uuid4()
            for _ in range(ATTEMPTS):
                table, slot = rng.choice(tables), rng.choice(slots)
                started = time.perf_counter()
                try:
                    async with pool.acquire() as connection, connection.transaction():
                        claimed = await connection.fetch(BARE_CLAIM, user, table, slot, user)
                        if len(claimed) < 2:
                            raise _Taken  # rolls the other seat back, as the service does
                        await connection.execute(
                            "INSERT INTO bench_bare_events VALUES ($1, $2)", uuid4(), "{}"
                        )
                except _Taken:
                    pass
                latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(client() for _ in range(CLIENTS)))
        return statistics.quantiles(latencies, n=100)[98] * 1000
    finally:
        await pool.close()


def main() -> None:
    schedule_s, result = bench_schedule()
    print(
        f"schedule: {len(result.meetings)} meetings, {result.mutual_met} mutual of a bound of "
        f"{result.mutual_bound}, in {schedule_s:.2f} s"
    )
    folder = Path(tempfile.mkdtemp(prefix="lakou-markets-bench-"))
    try:
        url = os.environ.get("LAKOU_BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}"
        settings = Settings.from_env(
            {
                "LAKOU_ENV": "test",
                "LAKOU_VAR_DIR": str(folder / "var"),
                "LAKOU_SECRET_KEY": "bench-secret-key-" + "x" * 32,
                "LAKOU_DATABASE_URL": url,
            }
        )
        p99, doubles, won, refused = asyncio.run(bench_bookings(settings))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    engine = "postgres" if url.startswith("postgres") else "sqlite"
    print(f"booking ({engine}): {won} booked, {refused} refused slot_taken, p99 {p99:.1f} ms")
    if engine == "postgres":
        bare = asyncio.run(bench_bare(url))
        print(f"bare asyncpg: p99 {bare:.1f} ms; booking / bare = {p99 / bare:.2f}")
    print(
        f"RESULT schedule_s={schedule_s:.2f} mutual_wishes_met={result.mutual_fraction:.3f} "
        f"booking_p99_ms={p99:.1f} double_bookings={doubles}"
    )


if __name__ == "__main__":
    main()
