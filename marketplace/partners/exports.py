"""The catalogue export of the partner API: every public work as CSV or JSON, streamed.

Works are read in keyset pages of 500 (newest first, on the time-ordered id) and written as
they come, so memory stays flat however large the catalogue (`bench-partner-api` measures an
export of 100,000 works). The JSON export is one array, written item by item; the CSV's cells a
person typed go through `infra.csv_cells.safe_cell` (no formula runs when it is opened).
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import msgspec

from infra.csv_cells import safe_cell
from marketplace.catalogue.domain import Work
from marketplace.catalogue.repository import WorkQuery
from marketplace.catalogue.schemas import WorkOut
from marketplace.catalogue.service import CatalogueService

BATCH = 500
CSV_COLUMNS = (
    "id",
    "creator_id",
    "title_fr",
    "title_en",
    "title_gcf",
    "title_es",
    "discipline",
    "languages",
    "year",
    "duration_s",
    "identifiers",
    "published_at",
)


async def public_works(catalogue: CatalogueService) -> AsyncIterator[list[Work]]:
    before = None
    while True:
        page = await catalogue.list_works(
            WorkQuery(viewer_id=None, viewer_is_staff=False, before_id=before, limit=BATCH)
        )
        if page:
            yield page
        if len(page) < BATCH:
            return
        before = page[-1].id


def _csv_line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()


def csv_row(work: Work) -> list[str]:
    details = work.details
    titles = dict(details.titles)
    return [
        str(work.id),
        str(work.creator_id),
        *(safe_cell(titles.get(lang, "")) for lang in ("fr", "en", "gcf-MQ", "es")),
        details.discipline.value,
        " ".join(details.languages),
        str(details.year or ""),
        str(details.duration_s or ""),
        safe_cell(" ".join(f"{k}:{v}" for k, v in sorted(details.identifiers.items()))),
        work.published_at.isoformat() if work.published_at else "",
    ]


def csv_export(catalogue: CatalogueService) -> AsyncIterator[str]:
    return csv_of(public_works(catalogue))


def json_export(catalogue: CatalogueService) -> AsyncIterator[bytes]:
    return json_of(public_works(catalogue))


async def csv_of(pages: AsyncIterator[list[Work]]) -> AsyncIterator[str]:
    yield _csv_line(list(CSV_COLUMNS))
    async for page in pages:
        yield "".join(_csv_line(csv_row(work)) for work in page)


async def json_of(pages: AsyncIterator[list[Work]]) -> AsyncIterator[bytes]:
    encoder = msgspec.json.Encoder()
    yield b"["
    first = True
    async for page in pages:
        chunk = b",".join(encoder.encode(WorkOut.of(work)) for work in page)
        yield chunk if first else b"," + chunk
        first = False
    yield b"]"
