"""Where the Avails spreadsheet's rows come from: public works in keyset pages (the whole
catalogue, or a saved search's matches), and each page's availability from licensing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from uuid import UUID

from marketplace.catalogue.domain import Work
from marketplace.catalogue.service import CatalogueService
from marketplace.licensing.domain import Span
from marketplace.licensing.repository import LicensingRepository
from marketplace.partners.avails_sheet import avails_workbook
from marketplace.partners.exports import BATCH, public_works


async def _matched_works(
    catalogue: CatalogueService, work_ids: list[UUID]
) -> AsyncIterator[list[Work]]:
    for start in range(0, len(work_ids), BATCH):
        chunk = work_ids[start : start + BATCH]
        public = await catalogue.public_works(chunk)
        page = [public[work_id] for work_id in chunk if work_id in public]
        if page:
            yield page


def avails_export(
    catalogue: CatalogueService,
    rights: LicensingRepository,
    countries: frozenset[str],
    media: tuple[str, ...],
    matched: list[UUID] | None,
    *,
    counted: Callable[[AsyncIterator[list[Work]]], AsyncIterator[list[Work]]] | None = None,
) -> AsyncIterator[bytes]:
    """`counted` wraps the pages of works as they are read (a worker's progress)."""

    async def spans_of(work_ids: list[UUID]) -> dict[UUID, list[Span]]:
        # Licensing's service reads one work at a time (500 queries a page: 40 ms a work on a
        # loaded SQLite); its repository reads a page in one query, read only.
        found = await rights.availability(work_ids)
        return {
            work_id: [span for span in spans if span.medium in media]
            for work_id, spans in found.items()
        }

    pages = public_works(catalogue) if matched is None else _matched_works(catalogue, matched)
    if counted is not None:
        pages = counted(pages)
    return avails_workbook(pages, spans_of, countries)
