"""Writing an export's rows into a file, as the worker builds it (`service.py`): the same
generators as the streamed routes (keyset pages of 500, openpyxl's write-only mode), the
progress counted after each page, and the file read back in chunks for the storage."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

from marketplace.catalogue.domain import Work
from marketplace.catalogue.service import CatalogueService
from marketplace.licensing.repository import LicensingRepository
from marketplace.partners.avails_sources import avails_export
from marketplace.partners.catalogue_exports.tables import ExportJobRow
from marketplace.partners.exports import csv_of, json_of, public_works

CHUNK = 1024 * 1024
# The works a saved search has matched, for the organisation that owns it (404 otherwise).
MatchedWorks = Callable[[UUID, UUID], Awaitable[list[UUID]]]


async def write_rows(
    catalogue: CatalogueService,
    matched_works: MatchedWorks,
    export_id: UUID,
    organisation_id: UUID,
    export_format: str,
    params: dict[str, Any],
    path: Path,
) -> int:
    """Streams the export (`csv`, `json` or `avails`) into `path`; how many works it holds."""
    works = 0

    async def counted(pages: AsyncIterator[list[Work]]) -> AsyncIterator[list[Work]]:
        nonlocal works
        async for page in pages:
            yield page
            works += len(page)
            # Progress for the status, one short write a page (500 works).
            await ExportJobRow.update({ExportJobRow.works_done: works}).where(
                ExportJobRow.id == export_id
            )

    chunks: AsyncIterator[str] | AsyncIterator[bytes]
    if export_format == "csv":
        chunks = csv_of(counted(public_works(catalogue)))
    elif export_format == "json":
        chunks = json_of(counted(public_works(catalogue)))
    else:
        saved = params.get("saved_search")
        matched = None
        if saved is not None:
            matched = await matched_works(organisation_id, UUID(saved))
        chunks = avails_export(
            catalogue,
            LicensingRepository(),
            frozenset(params["countries"]),
            tuple(params["media"]),
            matched,
            counted=counted,
        )
    with path.open("wb") as out:
        async for chunk in chunks:
            out.write(chunk.encode() if isinstance(chunk, str) else chunk)
    return works


def file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            yield chunk
