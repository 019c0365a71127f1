"""Bulk catalogue import: one manifest becomes many draft works, each waiting for its file.

`start` reads the manifest, records every row (the invalid ones with their error), then, row by
row and each in its own transaction, creates the draft work and opens its upload: a row that
fails there becomes invalid with the reason and the others go on. The files themselves are
sent to the ordinary upload endpoints; from then on a row's status is its upload's.

Sending the same manifest again with the same idempotency key returns the same import (and
finishes rows a crash left pending) instead of creating the works twice.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import AppError, Conflict, NotFound
from infra.filenames import printable
from infra.i18n.context import gettext
from infra.ids import new_id
from marketplace.catalogue.errors import CreatorError, error_text
from marketplace.catalogue.service import CatalogueService
from marketplace.imports.errors import CatalogueImportError
from marketplace.imports.manifest import ManifestFormat, ManifestRow, parse_manifest
from marketplace.imports.repository import ImportLine, ImportRecord, ImportRepository, LineState
from media.assets.domain import AssetRole, AssetStatus, MediaAsset, asset_error
from media.assets.repository import AssetRepository
from media.uploads.service import UploadRequest, UploadService

Clock = Callable[[], datetime]

# Statuses a row ends in: nothing more will happen to it without the creator.
FINAL_STATUSES = frozenset({"invalid", "ready", "incomplete", "rejected", "failed", "aborted"})
ROWS_PER_TRANSACTION = 50


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class UploadTicket:
    """Where to send a row's file: the ordinary upload endpoints."""

    id: UUID
    mode: str  # "local": through the app; "s3": parts straight to storage
    parts: int
    part_size: int
    expires_at: datetime

    @property
    def content_url(self) -> str:
        return f"/api/uploads/{self.id}/content"


@dataclass(frozen=True)
class RowView:
    row_number: int
    # invalid | pending | awaiting_file | uploaded | processing | ready | rejected | failed |
    # aborted (the upload was cancelled or expired before the file arrived)
    status: str
    title: str | None
    file_name: str | None
    size_bytes: int | None
    work_id: UUID | None
    asset_id: UUID | None
    progress: int
    error_code: str | None
    error_message: str | None
    upload: UploadTicket | None

    @property
    def final(self) -> bool:
        return self.status in FINAL_STATUSES


@dataclass(frozen=True)
class ImportView:
    id: UUID
    creator_id: UUID
    format: str
    created_at: datetime
    rows: list[RowView]

    @property
    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(row.status for row in self.rows).items()))

    @property
    def done(self) -> bool:
        return all(row.final for row in self.rows)


class ImportService:
    def __init__(
        self,
        catalogue: CatalogueService,
        uploads: UploadService,
        unit_of_work: Callable[[], UnitOfWork],
        repository: ImportRepository,
        assets: AssetRepository,
        clock: Clock = _utc_now,
    ) -> None:
        self._catalogue = catalogue
        self._uploads = uploads
        self._uow = unit_of_work
        self._repo = repository
        self._assets = assets
        self._now = clock

    async def start(
        self,
        who: Principal,
        creator_id: UUID,
        manifest: str,
        manifest_format: ManifestFormat | str,
        file_sizes: Mapping[str, int],
        idempotency_key: str | None = None,
    ) -> ImportView:
        """Record the manifest's rows; make a draft work and an open upload for each valid one."""
        creator = await self._catalogue.get_creator(creator_id)
        if not (who.is_staff or creator.owner_id == who.user_id):
            raise NotFound(CreatorError.NOT_FOUND)
        now = self._now()
        rows = parse_manifest(manifest, manifest_format, now)
        digest = hashlib.sha256(manifest.encode("utf-8", errors="surrogatepass")).hexdigest()
        sizes = {unicodedata.normalize("NFC", name): size for name, size in file_sizes.items()}
        record = ImportRecord(
            id=new_id(),
            creator_id=creator_id,
            owner_id=creator.owner_id,
            started_by=who.user_id,
            format=ManifestFormat(str(manifest_format).lower()).value,
            idempotency_key=idempotency_key,
            manifest_sha256=digest,
            row_count=len(rows),
            created_at=now,
        )
        existing = await self._resumable(who, record)
        if existing is None:
            try:
                async with self._uow():
                    await self._repo.add(record, [_line(record.id, row, sizes) for row in rows])
            except Exception:
                # Two requests with the same key at once: the other one stored it first.
                existing = await self._resumable(who, record)
                if existing is None:
                    raise
        record = existing or record
        await self._create_pending(who, record, {row.number: row for row in rows})
        return await self._view(record)

    async def get(self, who: Principal, import_id: UUID) -> ImportView:
        """The import with each row's live status (read from its upload)."""
        record = await self._repo.get(import_id)
        if record is None or not (
            who.is_staff or who.user_id in (record.owner_id, record.started_by)
        ):
            raise NotFound(CatalogueImportError.NOT_FOUND)
        return await self._view(record)

    async def _resumable(self, who: Principal, record: ImportRecord) -> ImportRecord | None:
        if record.idempotency_key is None:
            return None
        existing = await self._repo.by_key(who.user_id, record.idempotency_key)
        if existing is not None and (
            existing.creator_id != record.creator_id
            or existing.manifest_sha256 != record.manifest_sha256
            or existing.format != record.format
        ):
            raise Conflict(CatalogueImportError.KEY_REUSED)
        return existing

    async def _create_pending(
        self, who: Principal, record: ImportRecord, rows: Mapping[int, ManifestRow]
    ) -> None:
        pending = [line for line in await self._repo.lines(record.id) if line.is_pending]
        # A few dozen rows per transaction (one commit, not one per row); inside it, each row's
        # work, upload and new state are written together or not at all (a savepoint). A crash
        # leaves the rows of the unfinished batch pending: sending the manifest again ends them.
        for start in range(0, len(pending), ROWS_PER_TRANSACTION):
            async with self._uow():
                for line in pending[start : start + ROWS_PER_TRANSACTION]:
                    await self._create_one(who, record, line, rows.get(line.row_number))

    async def _create_one(
        self, who: Principal, record: ImportRecord, line: ImportLine, row: ManifestRow | None
    ) -> None:
        try:
            if row is None or row.details is None or row.kind is None or row.file is None:
                raise Conflict(CatalogueImportError.MANIFEST_CHANGED)
            async with self._repo.savepoint():
                if not await self._repo.claim(line.id):
                    return  # a concurrent request with the same key took it
                work = await self._catalogue.create_work(who, record.creator_id, row.details)
                upload = await self._uploads.begin(
                    who,
                    work.id,
                    UploadRequest(
                        kind=row.kind,
                        role=AssetRole.MAIN,
                        filename=row.file,
                        size=line.size_bytes or 0,
                        preview=row.preview,
                    ),
                )
                await self._repo.created(line.id, work.id, upload.asset.id)
        except AppError as error:
            await self._repo.refuse(line.id, error.code, printable(error_text(error), 500))

    async def _view(self, record: ImportRecord) -> ImportView:
        rows = []
        async with self._repo.reading():
            for line in await self._repo.lines(record.id):
                asset = await self._assets.get(line.asset_id) if line.asset_id else None
                rows.append(_row_view(line, asset))
        return ImportView(record.id, record.creator_id, record.format, record.created_at, rows)


def _line(import_id: UUID, row: ManifestRow, sizes: Mapping[str, int]) -> ImportLine:
    size = sizes.get(row.file) if row.file else None
    state, code, message = LineState.PENDING, None, None
    if row.error is not None:
        state, code, message = LineState.INVALID, row.error.code, row.error.message
    elif size is None:
        state, code = LineState.INVALID, "missing_file"
        message = gettext("Le fichier « %(file)s » n'a pas été annoncé avec le manifeste.") % {
            "file": row.file
        }
    return ImportLine(
        id=new_id(),
        import_id=import_id,
        row_number=row.number,
        state=state,
        title=row.title,
        file_name=row.file,
        size_bytes=size,
        error_code=code,
        error_message=printable(message, 500) if message else None,
    )


def _row_view(line: ImportLine, asset: MediaAsset | None) -> RowView:
    status: str = line.state.value
    code, message, progress, ticket = line.error_code, line.error_message, 0, None
    if asset is not None:
        status = asset.status.value
        progress = asset.progress
        if asset.status is AssetStatus.UPLOADING:
            status = LineState.CREATED.value
            ticket = UploadTicket(
                id=asset.id,
                mode="s3" if asset.multipart_id else "local",
                parts=asset.parts_expected,
                part_size=asset.part_size,
                expires_at=asset.expires_at,
            )
        elif asset.status is AssetStatus.ABORTED:
            code = "upload_aborted"
            message = gettext("L'envoi a été annulé ou a expiré avant l'arrivée du fichier.")
        elif asset.error_code:
            code, message = asset.error_code, asset_error(asset)
    return RowView(
        row_number=line.row_number,
        status=status,
        title=line.title,
        file_name=line.file_name,
        size_bytes=line.size_bytes,
        work_id=line.work_id,
        asset_id=line.asset_id,
        progress=progress,
        error_code=code,
        error_message=message,
        upload=ticket,
    )
