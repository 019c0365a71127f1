"""Catalogue exports built by a worker: asked for over the API (202), written by an actor into
the object storage, followed through a status with progress, downloaded by a signed link.

Why a worker: an EMA Avails export of 100,000 works took 38 minutes inside a request on the
loaded machine (docs/benchmarks.md); no client, proxy or worker timeout waits that long. The
request only records the export and its event (one transaction); the actor streams the rows
to a temporary file (generators, openpyxl's write-only mode: flat memory), then hands the file
to the storage port, which stores all of it or nothing under a key made from the export's id.
A worker killed mid-way leaves the export `building`; the event is delivered again, the build
starts from scratch and replaces the same key: never a second file. A build that fails on its
last try (`BUILD_TRIES`, the actor's retry preset) marks the export `failed` with its error
code, so the partner sees it and asks again instead of waiting on a `building` forever.
"""

from __future__ import annotations

import asyncio
import json
import logging
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol
from uuid import UUID

from infra.db.engine import write_transaction
from infra.db.values import as_utc, as_uuid
from infra.errors import Conflict, NotFound
from infra.events.envelope import EventEnvelope
from infra.events.outbox import append_to_outbox
from infra.ids import new_id
from infra.modules import RetryPolicy
from infra.notifications import Notifier
from marketplace.catalogue.service import CatalogueService
from marketplace.partners.catalogue_exports.errors import ExportError, Gone
from marketplace.partners.catalogue_exports.events import EXPORT_REQUESTED, ExportRequested
from marketplace.partners.catalogue_exports.links import ExportLinks
from marketplace.partners.catalogue_exports.notifications import EXPORT_READY
from marketplace.partners.catalogue_exports.tables import ExportJobRow
from marketplace.partners.catalogue_exports.writing import MatchedWorks, file_chunks, write_rows

# An export reads the whole catalogue: a few tries, spaced (each begins from scratch), and
# time enough for 100,000 works' Avails on a loaded machine (38 minutes measured).
EXPORT = RetryPolicy(
    "export",
    max_retries=4,
    min_backoff_ms=10_000,
    max_backoff_ms=600_000,
    time_limit_ms=2 * 3600 * 1000,
)
# Builds begun (a killed one counts): after the last, a failure is final.
BUILD_TRIES = EXPORT.max_retries + 1
EXPORT_TTL = timedelta(days=7)
LINK_TTL = timedelta(hours=1)
# Each export reads the whole catalogue: a few at a time per organisation is plenty.
MAX_IN_PROGRESS = 3
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Why an export failed, by the code kept on its row.
FAILURES = {error.code: error for error in (ExportError.BUILD_FAILED,)}
log = logging.getLogger(__name__)


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    AVAILS = "avails"


# Content type and file extension of each format.
FILES = {
    ExportFormat.CSV: ("text/csv", "csv"),
    ExportFormat.JSON: ("application/json", "json"),
    ExportFormat.AVAILS: (XLSX, "xlsx"),
}


class ExportStorage(Protocol):
    """The object storage as the exports use it (media's ObjectStorage fits)."""

    def put(self, key: str, chunks: Iterator[bytes], content_type: str) -> object: ...

    def read_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]: ...

    def delete(self, key: str) -> None: ...


@dataclass(frozen=True)
class Requester:
    organisation_id: UUID
    api_key_id: UUID
    person_id: UUID | None  # the key's maker, told when the file is ready


@dataclass(frozen=True)
class ExportStatus:
    id: UUID
    format: ExportFormat
    status: str  # pending | building | ready | failed | expired
    works_done: int
    requested_at: datetime
    started_at: datetime | None
    ready_at: datetime | None
    expires_at: datetime | None
    size_bytes: int | None
    download_path: str | None
    error: ExportError | None = None  # why it failed (status `failed`)


@dataclass(frozen=True)
class ExportFile:
    key: str
    size: int
    filename: str
    content_type: str


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _moment(value: Any) -> datetime | None:
    return as_utc(value) if value is not None else None


class ExportJobService:
    def __init__(
        self,
        catalogue: Callable[[], CatalogueService],
        matched_works: MatchedWorks,
        storage: Callable[[], ExportStorage],
        links: ExportLinks,
        notifier: Callable[[], Notifier],
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._catalogue = catalogue
        self._matched = matched_works
        self._storage = storage
        self._links = links
        self._notifier = notifier
        self._now = clock

    # Asked over the API -------------------------------------------------------------------

    async def request(
        self, who: Requester, export_format: ExportFormat, params: dict[str, Any]
    ) -> ExportStatus:
        """The export and its event, in one transaction; the worker does the rest."""
        export_id = new_id()
        async with write_transaction(ExportJobRow._meta.db):
            busy = await ExportJobRow.count().where(
                (ExportJobRow.organisation == who.organisation_id)
                & ExportJobRow.status.is_in(["pending", "building"])
            )
            if busy >= MAX_IN_PROGRESS:
                raise Conflict(ExportError.TOO_MANY, max=MAX_IN_PROGRESS)
            await ExportJobRow.insert(
                ExportJobRow(
                    id=export_id,
                    organisation=who.organisation_id,
                    requested_by=who.person_id,
                    api_key=who.api_key_id,
                    format=export_format.value,
                    params=json.dumps(params, sort_keys=True),
                    status="pending",
                    works_done=0,
                    builds=0,
                    requested_at=self._now(),
                    error="",
                )
            )
            payload = ExportRequested(export_id=export_id, organisation_id=who.organisation_id)
            await append_to_outbox([EXPORT_REQUESTED.event(export_id, payload)])
        return await self.status(who.organisation_id, export_id)

    async def status(self, organisation_id: UUID, export_id: UUID) -> ExportStatus:
        """Another organisation's export is not found (404)."""
        row = (
            await ExportJobRow.select()
            .where((ExportJobRow.id == export_id) & (ExportJobRow.organisation == organisation_id))
            .first()
        )
        if row is None:
            raise NotFound(ExportError.NOT_FOUND)
        return self._status(row)

    async def listing(self, organisation_id: UUID) -> list[ExportStatus]:
        rows = (
            await ExportJobRow.select()
            .where(ExportJobRow.organisation == organisation_id)
            .order_by(ExportJobRow.id, ascending=False)
            .limit(50)
        )
        return [self._status(row) for row in rows]

    def _status(self, row: dict[str, Any]) -> ExportStatus:
        now = self._now()
        expires = _moment(row["expires_at"])
        status = str(row["status"])
        if status == "ready" and expires is not None and expires <= now:
            status = "expired"
        export_id, organisation_id = as_uuid(row["id"]), as_uuid(row["organisation"])
        link = None
        if status == "ready" and expires is not None:
            link = self._links.path(export_id, organisation_id, min(now + LINK_TTL, expires))
        size = row["size_bytes"]
        return ExportStatus(
            id=export_id,
            format=ExportFormat(row["format"]),
            status=status,
            works_done=int(row["works_done"]),
            requested_at=as_utc(row["requested_at"]),
            started_at=_moment(row["started_at"]),
            ready_at=_moment(row["ready_at"]),
            expires_at=expires,
            size_bytes=int(size) if size is not None else None,
            download_path=link,
            error=FAILURES.get(str(row["error"])) if status == "failed" else None,
        )

    async def file(self, export_id: UUID, expires: int, signature: str) -> ExportFile:
        """The stored file behind a signed link; a wrong or outdated link is a 404."""
        row = await ExportJobRow.select().where(ExportJobRow.id == export_id).first()
        if row is None or not self._links.valid(
            export_id, as_uuid(row["organisation"]), expires, signature, self._now()
        ):
            raise NotFound(ExportError.LINK_INVALID)
        found = self._status(row)
        if found.status == "expired":
            raise Gone(ExportError.EXPIRED)
        if found.status != "ready":
            raise Conflict(ExportError.NOT_READY)
        content_type, extension = FILES[found.format]
        day = found.requested_at.date().isoformat()
        return ExportFile(
            key=str(row["storage_key"]),
            size=found.size_bytes or 0,
            filename=f"lakou-{found.format.value}-{day}.{extension}",
            content_type=content_type,
        )

    def read(self, key: str) -> Iterator[bytes]:
        return self._storage().read_range(key)

    # Built by the worker ------------------------------------------------------------------

    async def build(self, event: EventEnvelope) -> bool:
        """Build the export from scratch (a killed build's rows are not trusted), store it under
        its one key, then mark it ready and tell the person in one transaction. Idempotent: an
        export already ready (or expired) is left alone."""
        payload = EXPORT_REQUESTED.decode(event)
        row = await ExportJobRow.select().where(ExportJobRow.id == payload.export_id).first()
        if row is None or row["status"] not in ("pending", "building"):
            return False
        export_id = payload.export_id
        export_format = ExportFormat(row["format"])
        begun = await (
            ExportJobRow.update(
                {
                    ExportJobRow.status: "building",
                    ExportJobRow.works_done: 0,
                    ExportJobRow.builds: ExportJobRow.builds + 1,
                    ExportJobRow.started_at: self._now(),
                }
            )
            .where(ExportJobRow.id == export_id)
            .returning(ExportJobRow.builds)
        )
        content_type, extension = FILES[export_format]
        key = f"partners/exports/{export_id}.{extension}"
        try:
            works, size = await self._build_file(row, export_format, key, content_type)
        except Exception:
            if not begun or int(begun[0]["builds"]) < BUILD_TRIES:
                raise  # the actor tries again, from scratch
            log.exception("export %s failed on its last try", export_id)
            await self._fail(export_id, ExportError.BUILD_FAILED)
            return False
        now = self._now()
        async with write_transaction(ExportJobRow._meta.db):
            done = (
                await ExportJobRow.update(
                    {
                        ExportJobRow.status: "ready",
                        ExportJobRow.works_done: works,
                        ExportJobRow.ready_at: now,
                        ExportJobRow.expires_at: now + EXPORT_TTL,
                        ExportJobRow.storage_key: key,
                        ExportJobRow.size_bytes: size,
                    }
                )
                .where((ExportJobRow.id == export_id) & (ExportJobRow.status == "building"))
                .returning(ExportJobRow.id)
            )
            if done and row["requested_by"] is not None:
                await self._notifier().notify(
                    EXPORT_READY,
                    as_uuid(row["requested_by"]),
                    key=str(export_id),
                    params={
                        "format": export_format.value.upper(),
                        "works": works,
                        "export": str(export_id),
                    },
                )
        return bool(done)

    async def _build_file(
        self, row: dict[str, Any], export_format: ExportFormat, key: str, content_type: str
    ) -> tuple[int, int]:
        """The rows written to a temporary file, then stored under `key`: works and bytes."""
        extension = FILES[export_format][1]
        with tempfile.TemporaryDirectory(prefix="lakou-partner-export-") as folder:
            path = Path(folder) / f"export.{extension}"
            params = json.loads(row["params"])
            organisation_id = as_uuid(row["organisation"])
            export_id = as_uuid(row["id"])
            works = await write_rows(
                self._catalogue(), self._matched, export_id, organisation_id, export_format,
                params, path,
            )  # fmt: skip
            size = path.stat().st_size
            await asyncio.to_thread(self._storage().put, key, file_chunks(path), content_type)
        return works, size

    async def _fail(self, export_id: UUID, error: ExportError) -> None:
        """Failed for good: the status shows why; it no longer counts as in progress."""
        await ExportJobRow.update(
            {ExportJobRow.status: "failed", ExportJobRow.error: error.code}
        ).where((ExportJobRow.id == export_id) & (ExportJobRow.status == "building"))

    async def close_abandoned(self) -> int:
        """Exports still `building` long after their last try began, which no worker can be
        building any more (the preset's time limit would have stopped it): a try cut by that
        limit or a killed worker raises nothing the build can catch. Marked failed (a periodic
        job, with the purge); how many."""
        limit = timedelta(milliseconds=EXPORT.time_limit_ms or 0) + timedelta(hours=1)
        closed = (
            await ExportJobRow.update(
                {ExportJobRow.status: "failed", ExportJobRow.error: ExportError.BUILD_FAILED.code}
            )
            .where(
                (ExportJobRow.status == "building")
                & (ExportJobRow.builds >= BUILD_TRIES)
                & (ExportJobRow.started_at < self._now() - limit)
            )
            .returning(ExportJobRow.id)
        )
        return len(closed)

    async def purge_expired(self) -> int:
        """Delete the files whose 7 days are over (a periodic job); how many went."""
        rows = await ExportJobRow.select(ExportJobRow.id, ExportJobRow.storage_key).where(
            (ExportJobRow.status == "ready") & (ExportJobRow.expires_at <= self._now())
        )
        for row in rows:
            if row["storage_key"]:
                await asyncio.to_thread(self._storage().delete, str(row["storage_key"]))
            await ExportJobRow.update({ExportJobRow.status: "expired"}).where(
                ExportJobRow.id == row["id"]
            )
        return len(rows)
