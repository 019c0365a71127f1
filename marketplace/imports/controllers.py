"""The import API: send a manifest with the names and sizes of its files, then follow each row.

The files go to the ordinary upload endpoints (`upload.content_url`, or parts), one per row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from infra.http.dependencies import provide_service
from marketplace.imports.manifest import MAX_MANIFEST_BYTES, MAX_ROWS, ManifestFormat
from marketplace.imports.service import ImportService, ImportView, RowView

# The manifest travels as a JSON string: room for its escaping and the list of files.
MAX_REQUEST_BYTES = 4 * MAX_MANIFEST_BYTES

FileName = Annotated[str, msgspec.Meta(max_length=1000)]
FileSize = Annotated[int, msgspec.Meta(ge=0, le=2**50)]


class ImportIn(msgspec.Struct, forbid_unknown_fields=True):
    creator_id: UUID
    format: ManifestFormat
    manifest: Annotated[str, msgspec.Meta(max_length=MAX_MANIFEST_BYTES)]
    # The files that will be sent, by the name the manifest gives them, with their sizes.
    files: Annotated[dict[FileName, FileSize], msgspec.Meta(max_length=2 * MAX_ROWS)] = (
        msgspec.field(default_factory=dict)
    )
    # Sending the same manifest with the same key again returns the same import.
    idempotency_key: (
        Annotated[str, msgspec.Meta(min_length=8, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$")]
        | None
    ) = None


class UploadTicketOut(msgspec.Struct):
    id: UUID
    mode: str
    parts: int
    part_size: int
    content_url: str
    part_url_template: str
    expires_at: datetime


class ImportRowOut(msgspec.Struct):
    row_number: int
    status: str
    title: str | None
    file: str | None
    size: int | None
    work_id: UUID | None
    asset_id: UUID | None
    progress: int
    error_code: str | None
    error_message: str | None
    upload: UploadTicketOut | None


class ImportOut(msgspec.Struct):
    id: UUID
    creator_id: UUID
    format: str
    created_at: datetime
    done: bool
    counts: dict[str, int]
    rows: list[ImportRowOut]


def _row_out(row: RowView) -> ImportRowOut:
    upload = None
    if row.upload is not None:
        ticket = row.upload
        base = f"/api/uploads/{ticket.id}"
        upload = UploadTicketOut(
            id=ticket.id,
            mode=ticket.mode,
            parts=ticket.parts,
            part_size=ticket.part_size,
            content_url=ticket.content_url,
            part_url_template=f"{base}/parts/{{n}}"
            if ticket.mode == "local"
            else f"{base}/parts/{{n}}/url",
            expires_at=ticket.expires_at,
        )
    return ImportRowOut(
        row_number=row.row_number,
        status=row.status,
        title=row.title,
        file=row.file_name,
        size=row.size_bytes,
        work_id=row.work_id,
        asset_id=row.asset_id,
        progress=row.progress,
        error_code=row.error_code,
        error_message=row.error_message,
        upload=upload,
    )


def import_out(view: ImportView) -> ImportOut:
    return ImportOut(
        id=view.id,
        creator_id=view.creator_id,
        format=view.format,
        created_at=view.created_at,
        done=view.done,
        counts=view.counts,
        rows=[_row_out(row) for row in view.rows],
    )


class ImportController(Controller):
    path = "/api/imports"
    tags = ["catalogue"]
    guards = [requires_user]
    dependencies = {
        "imports": provide_service(ImportService),
        "me": Provide(provide_user),
    }

    @post("/", request_max_body_size=MAX_REQUEST_BYTES)
    async def start(
        self,
        data: JSONBody[ImportIn],
        me: NamedDependency[Principal],
        imports: NamedDependency[ImportService],
    ) -> ImportOut:
        """Import a catalogue: one manifest (CSV or JSON), one work per row, each with its file.

        Each valid row gets a draft work and an open upload (`rows[].upload`): send its file
        there. Invalid rows say why (`error_code`, `error_message`); they do not stop the others.
        """
        view = await imports.start(
            me, data.creator_id, data.manifest, data.format, data.files, data.idempotency_key
        )
        return import_out(view)

    @get("/{import_id:uuid}")
    async def read(
        self,
        import_id: FromPath[UUID],
        me: NamedDependency[Principal],
        imports: NamedDependency[ImportService],
    ) -> ImportOut:
        """Each row's live status: awaiting_file, uploaded, processing, ready, rejected, failed."""
        return import_out(await imports.get(me, import_id))
