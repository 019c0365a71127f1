"""What a webhook costs: events fanned out to an endpoint on a loopback receiver.

- `webhooks_per_s`: N `market.opened` events handed to the consumer, `LAKOU_BENCH_CONCURRENCY`
  (8, as a worker's threads) at a time
  (`WebhookService.fan_out`: the handled-event mark and the delivery row in one transaction,
  then the signed POST through the pinned transport, the attempt logged, the delivery marked
  delivered) to one subscribed endpoint on a real HTTP receiver on 127.0.0.1.
- `sequential_per_s`: the same, one event after another.
- `webhook_p95_s`: the 95th percentile, over the concurrent run's events, of the time from the consumer
  receiving the event to the receiver having the request (the relay's own wait before it hands
  the event over is `bench-relay`'s).
- `over_bare_post`: the same N bodies POSTed by a bare httpx client to the same receiver,
  unsigned, nothing stored: the ratio is what the webhook machinery adds to the HTTP itself.
- `cpu_ms_per_webhook`, `cpu_ms_per_bare_post`: this process's CPU time per message in the
  concurrent run and per bare POST: the figure the shared machine's load moves least. The
  receiver runs in a process of its own (`bench/receiver_process.py`), so its work is not
  counted as Lakou's and its threads do not wait on the sender's interpreter lock.

- `export_s`, `export_mb_peak`: the CSV export of `LAKOU_BENCH_EXPORT_WORKS` (100,000) public
  works on the worker's path (`ExportJobService.build`, as the `partners.build_export` actor
  runs it): read in keyset pages of 500, streamed to a temporary file, stored through the
  storage port (the local adapter here), marked ready; the peak is tracemalloc's peak of
  Python memory during the build (the CSV itself is about 18 MB).
- `avails_s`, `avails_mb_peak`: the EMA Avails spreadsheet on the same path, the 100,000 works
  made films, `LAKOU_BENCH_AVAILS_WORKS` (all) of them with an SVOD and a TVOD span (North
  America, 2027-2029), for CA and US: 4 rows a work with rights (openpyxl write-only).

SQLite in a temporary folder unless `LAKOU_BENCH_DATABASE_URL` names another database.
`LAKOU_BENCH_WEBHOOKS` (500) events. The counts can be given on the command line for quick
checks (`--webhooks 200 --works 2000 --avails-works 0`; 0 Avails works skips that export).
Last line:
RESULT webhooks_per_s=<x> webhook_p95_s=<x> sequential_per_s=<x> over_bare_post=<x>
export_mb_peak=<x> export_s=<x> export_mb=<x> avails_mb_peak=<x> avails_s=<x> avails_mb=<x>
cpu_ms_per_webhook=<x> cpu_ms_per_bare_post=<x>
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from uuid import UUID

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from accounts.organisations.tables import OrganisationRow
from bench.receiver_process import receiver_process
from bench.support import run_in_temporary_folder
from infra.db.engine import ensure_pool
from infra.db.migrations import migrate
from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.ids import new_id
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.bootstrap import build_container, connect_database, enabled_modules
from marketplace.catalogue.tables import CreatorRow, WorkRow
from marketplace.licensing.domain import Period, Span, Status
from marketplace.licensing.stored import offered_bounds, span_json
from marketplace.licensing.tables import AvailabilityRow
from marketplace.partners.catalogue_exports.events import EXPORT_REQUESTED, ExportRequested
from marketplace.partners.catalogue_exports.service import (
    ExportFormat,
    ExportJobService,
    Requester,
)
from marketplace.webhooks.service import EndpointRequest
from marketplace.webhooks.tables import DeliveryRow
from marketplace.webhooks.wiring import WebhookSettings, build_webhooks
from tests.webhook_receiver import market_opened

EVENTS = int(os.environ.get("LAKOU_BENCH_WEBHOOKS", "500"))
CONCURRENCY = int(os.environ.get("LAKOU_BENCH_CONCURRENCY", "8"))
EXPORT_WORKS = int(os.environ.get("LAKOU_BENCH_EXPORT_WORKS", "100000"))
# Works with rights in the Avails export (each makes 4 rows): 400,000 rows took 38 minutes
# on the loaded machine, so a run may ask for fewer.
AVAILS_WORKS = int(os.environ.get("LAKOU_BENCH_AVAILS_WORKS", str(EXPORT_WORKS)))


async def _catalogue(count: int) -> None:
    """`count` public published works of one creator, inserted in chunks of 1,000."""
    now = datetime.now(UTC)
    owner = new_id()
    creator = new_id()
    await CreatorRow.insert(
        CreatorRow(id=creator, owner_id=owner, kind="person", name="Bench", bios={},
                   disciplines=[], links={}, created_at=now, updated_at=now)
    )  # fmt: skip
    for start in range(0, count, 1000):
        await WorkRow.insert(
            *(
                WorkRow(
                    id=new_id(), creator=creator, owner_id=owner,
                    titles={"fr": f"Bèlè n°{index}", "gcf-MQ": f"Bèlè {index}"},
                    descriptions={"fr": "Un bèlè du Nord, enregistré à Sainte-Marie."},
                    discipline="music", languages=["fr", "gcf-MQ"], year=2026,
                    duration_s=240, credits=[], identifiers={"isrc": "FRZ039800212"},
                    visibility="public", status="published", moderation_hold=False,
                    created_at=now, updated_at=now, published_at=now,
                )
                for index in range(start, min(start + 1000, count))
            )
        )  # fmt: skip


async def _films_with_rights(count: int) -> None:
    """Every work made a film, `count` of them with an SVOD and a TVOD span (licensing's
    stored form)."""
    await WorkRow.update({WorkRow.discipline: "film"}, force=True)
    period = Period(date(2027, 1, 1), date(2030, 1, 1))
    countries = frozenset({"CA", "US"})
    rows = []
    for row in await WorkRow.select(WorkRow.id).limit(count):
        for medium in ("svod", "tvod"):
            spans = [Span(medium, "*", period, Status.EXCLUSIVE, countries)]
            offered_from, offered_until = offered_bounds(spans)
            rows.append(
                AvailabilityRow(
                    id=new_id(), work_id=row["id"], medium=medium,
                    spans=[span_json(span) for span in spans],
                    offered_from=offered_from, offered_until=offered_until, version=1,
                )
            )  # fmt: skip
        if len(rows) >= 2000:
            await AvailabilityRow.insert(*rows)
            rows = []
    if rows:
        await AvailabilityRow.insert(*rows)


async def _worker_export(
    exports: ExportJobService,
    organisation: UUID,
    export_format: ExportFormat,
    params: dict[str, object],
) -> tuple[float, float, float]:
    """An export as the worker builds it (`ExportJobService.build`: rows streamed to a
    temporary file, then stored through the storage port): seconds, peak MB of Python memory,
    MB stored."""
    asked = await exports.request(Requester(organisation, new_id(), None), export_format, params)
    event = EXPORT_REQUESTED.event(
        asked.id, ExportRequested(export_id=asked.id, organisation_id=organisation)
    )
    tracemalloc.start()
    started = time.perf_counter()
    assert await exports.build(event)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    done = await exports.status(organisation, asked.id)
    assert done.status == "ready", done
    return seconds, peak / 1e6, (done.size_bytes or 0) / 1e6


async def _organisation() -> UUID:
    now = datetime.now(UTC)
    organisation = new_id()
    await OrganisationRow.insert(
        OrganisationRow(
            id=organisation, kind="export_partner", partner_kind="distributor",
            name="Bench", street="", postcode="", city="", country="MQ", state="verified",
            state_reason="", created_by=new_id(), created_at=now, updated_at=now,
        )
    )  # fmt: skip
    return organisation


async def run(settings: Settings) -> str:
    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    container = build_container(settings, None)
    await ensure_pool(container.engine, settings.database.pool_size)
    service = build_webhooks(
        container.services,
        partial(PiccoloUnitOfWork, container.engine),
        WebhookSettings(allow_loopback=True, deadline_s=10),
    )
    with receiver_process() as site:
        organisation = await _organisation()
        await service.create(
            organisation,
            EndpointRequest(f"{site.base}/ok", ["market.opened"]),
        )
        await service.fan_out(market_opened())  # the connection pool warmed up
        started = time.perf_counter()
        for _ in range(EVENTS):
            await service.fan_out(market_opened())
        sequential_s = time.perf_counter() - started

        latencies: list[float] = []
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one() -> None:
            async with gate:
                event_started = time.perf_counter()
                await service.fan_out(market_opened())
                latencies.append(time.perf_counter() - event_started)

        started, cpu_started = time.perf_counter(), time.process_time()
        await asyncio.gather(*(one() for _ in range(EVENTS)))
        hooks_s = time.perf_counter() - started
        # CPU of this process (the receiver's threads included) per message: what the shared
        # machine's load changes least.
        hooks_cpu_ms = (time.process_time() - cpu_started) * 1000 / EVENTS
        delivered = await DeliveryRow.count().where(DeliveryRow.state == "delivered")
        assert delivered == 2 * EVENTS + 1, delivered
        assert site.count("/ok") == 2 * EVENTS + 1

        body = '{"data":{"market_id":"x"},"type":"market.opened"}'
        async with httpx.AsyncClient() as bare:
            await bare.post(f"{site.base}/ok", content=body)
            started, cpu_started = time.perf_counter(), time.process_time()
            for _ in range(EVENTS):
                await bare.post(f"{site.base}/ok", content=body)
            bare_s = time.perf_counter() - started
            bare_cpu_ms = (time.process_time() - cpu_started) * 1000 / EVENTS
    await _catalogue(EXPORT_WORKS)
    exports = container.services.get(ExportJobService)
    export_s, export_peak, export_mb = await _worker_export(
        exports,
        organisation,
        ExportFormat.CSV,
        {},
    )
    print(f"export (worker): {EXPORT_WORKS} works, {export_mb:.1f} MB of CSV in {export_s:.1f} s")
    avails_s = avails_peak = avails_mb = 0.0
    if AVAILS_WORKS:
        await _films_with_rights(AVAILS_WORKS)
        avails_s, avails_peak, avails_mb = await _worker_export(
            exports,
            organisation,
            ExportFormat.AVAILS,
            {"countries": ["CA", "US"], "media": ["svod", "avod", "tvod"], "saved_search": None},
        )
        print(f"avails (worker): {AVAILS_WORKS} films, {avails_mb:.1f} MB in {avails_s:.1f} s")
    p95 = statistics.quantiles(latencies, n=20)[-1]
    print(f"webhooks, one at a time: {EVENTS} in {sequential_s:.2f} s")
    print(f"webhooks, {CONCURRENCY} at a time: {EVENTS} in {hooks_s:.2f} s")
    print(f"bare httpx POSTs: {EVENTS} in {bare_s:.2f} s")
    return (
        f"RESULT webhooks_per_s={EVENTS / hooks_s:.0f} webhook_p95_s={p95:.4f} "
        f"sequential_per_s={EVENTS / sequential_s:.0f} over_bare_post={sequential_s / bare_s:.2f} "
        f"export_mb_peak={export_peak:.1f} export_s={export_s:.1f} export_mb={export_mb:.1f} "
        f"avails_mb_peak={avails_peak:.1f} avails_s={avails_s:.1f} avails_mb={avails_mb:.1f} "
        f"cpu_ms_per_webhook={hooks_cpu_ms:.2f} cpu_ms_per_bare_post={bare_cpu_ms:.2f}"
    )


def main() -> None:
    global EVENTS, CONCURRENCY, EXPORT_WORKS, AVAILS_WORKS
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--webhooks", type=int, default=EVENTS, help="events to fan out")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--works", type=int, default=EXPORT_WORKS, help="works to export")
    parser.add_argument(
        "--avails-works", type=int, default=None, help="films with rights (0: no Avails export)"
    )
    options = parser.parse_args()
    EVENTS, CONCURRENCY, EXPORT_WORKS = options.webhooks, options.concurrency, options.works
    if options.avails_works is not None:
        AVAILS_WORKS = options.avails_works
    elif "LAKOU_BENCH_AVAILS_WORKS" not in os.environ:
        AVAILS_WORKS = EXPORT_WORKS
    run_in_temporary_folder("lakou-partner-api-bench-", run)


if __name__ == "__main__":
    main()
