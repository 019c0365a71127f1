"""A person takes their data away (GDPR art. 15 and 20) or leaves Lakou (art. 17).

The service knows no module: it loops over the modules' `PersonalData` declarations
(`infra.personal_data`). Archives are built by a worker (the request only asks) and kept 7
days; deleting an account runs every module's erasure, queues the goodbye mail to the address
and deletes the account row in one transaction.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol
from uuid import UUID

from accounts.privacy.archive import FileSource, readme, write_archive
from accounts.privacy.consent import consents_of
from accounts.privacy.errors import Gone, PrivacyError
from accounts.privacy.events import EXPORT_REQUESTED, ExportEvent
from accounts.privacy.links import ExportLinks
from accounts.privacy.notices import ACCOUNT_DELETED, EXPORT_READY
from accounts.privacy.parts import DESCRIPTIONS
from accounts.privacy.tables import ExportRow
from accounts.service import IdentityService
from accounts.tables import User
from infra.db.engine import write_transaction
from infra.db.values import as_utc, as_uuid
from infra.errors import Conflict, NotFound
from infra.events.envelope import EventEnvelope
from infra.events.outbox import append_to_outbox
from infra.ids import new_id
from infra.notifications import Notifier
from infra.personal_data import PersonalDataSources, PersonalFile, json_safe
from infra.services import Services

EXPORT_TTL = timedelta(days=7)
CHUNK = 1024 * 1024
DATA_PAGE = "/compte/donnees"


class ArchiveStorage(FileSource, Protocol):
    """The object storage as this module uses it (media's ObjectStorage fits)."""

    def put(self, key: str, chunks: Iterator[bytes], content_type: str) -> object: ...

    def delete(self, key: str) -> None: ...


@dataclass(frozen=True)
class ExportInfo:
    id: UUID
    status: str
    requested_at: datetime
    ready_at: datetime | None
    expires_at: datetime | None
    size_bytes: int | None
    download_path: str | None
    page_download_path: str | None


@dataclass(frozen=True)
class ExportFile:
    key: str
    size: int
    filename: str


def _info(row: dict[str, object], links: ExportLinks, user_id: UUID) -> ExportInfo:
    export_id = as_uuid(row["id"])
    expires = as_utc(row["expires_at"]) if row["expires_at"] else None
    status = str(row["status"])
    if status == "ready" and expires is not None and expires <= datetime.now(UTC):
        status = "expired"
    size = row["size_bytes"]
    return ExportInfo(
        id=export_id,
        status=status,
        requested_at=as_utc(row["requested_at"]),
        ready_at=as_utc(row["ready_at"]) if row["ready_at"] else None,
        expires_at=expires,
        size_bytes=int(size) if isinstance(size, int) else None,
        download_path=links.path(export_id, user_id) if status == "ready" else None,
        page_download_path=links.page_path(export_id, user_id) if status == "ready" else None,
    )


class PrivacyService:
    def __init__(
        self,
        services: Services,
        identity: IdentityService,
        storage: ArchiveStorage,
        links: ExportLinks,
    ) -> None:
        self._services = services
        self._identity = identity
        self._storage = storage
        self._links = links

    @property
    def _sources(self) -> PersonalDataSources:
        return self._services.get(PersonalDataSources)

    @property
    def _notifier(self) -> Notifier:
        port: type[Notifier] = Notifier  # type: ignore[type-abstract]
        return self._services.get(port)

    # The archive -------------------------------------------------------------------------------

    async def request_export(self, user_id: UUID) -> ExportInfo:
        """Ask for an archive; while one is being built, asking again answers that one."""
        async with write_transaction(ExportRow._meta.db):
            pending = (
                await ExportRow.select()
                .where((ExportRow.user == user_id) & (ExportRow.status == "pending"))
                .first()
            )
            if pending is not None:
                return _info(pending, self._links, user_id)
            export_id = new_id()
            row = ExportRow(
                id=export_id, user=user_id, status="pending", requested_at=datetime.now(UTC)
            )
            await ExportRow.insert(row)
            payload = ExportEvent(export_id=export_id, user_id=user_id)
            await append_to_outbox([EXPORT_REQUESTED.event(export_id, payload)])
        return await self.export_of(user_id, export_id)

    async def exports(self, user_id: UUID) -> list[ExportInfo]:
        rows = (
            await ExportRow.select()
            .where(ExportRow.user == user_id)
            .order_by(ExportRow.requested_at, ascending=False)
            .limit(20)
        )
        return [_info(row, self._links, user_id) for row in rows]

    async def export_of(self, user_id: UUID, export_id: UUID) -> ExportInfo:
        row = (
            await ExportRow.select()
            .where((ExportRow.id == export_id) & (ExportRow.user == user_id))
            .first()
        )
        if row is None:
            raise NotFound(PrivacyError.EXPORT_NOT_FOUND)
        return _info(row, self._links, user_id)

    async def download(self, user_id: UUID, export_id: UUID, signature: str) -> ExportFile:
        """The archive's stored object, for its owner holding a valid link; anyone else: 404."""
        if not self._links.valid(export_id, user_id, signature):
            raise NotFound(PrivacyError.EXPORT_NOT_FOUND)
        info = await self.export_of(user_id, export_id)
        if info.status == "expired":
            raise Gone(PrivacyError.EXPORT_EXPIRED)
        if info.status != "ready":
            raise Conflict(PrivacyError.EXPORT_NOT_READY)
        row = await ExportRow.select(ExportRow.storage_key).where(ExportRow.id == export_id).first()
        assert row is not None
        day = info.requested_at.date().isoformat()
        return ExportFile(
            key=str(row["storage_key"]), size=info.size_bytes or 0, filename=f"lakou-{day}.zip"
        )

    async def build(self, event: EventEnvelope) -> bool:
        """The worker's side: build the archive, store it, tell the person. Idempotent: an
        archive already built is not built again."""
        payload = EXPORT_REQUESTED.decode(event)
        row = await ExportRow.select(ExportRow.status).where(ExportRow.id == payload.export_id)
        if not row or row[0]["status"] != "pending":
            return False
        user_id = payload.user_id
        person = await User.select(User.language).where(User.id == user_id).first()
        if person is None:
            return False
        data: dict[str, object] = {"consents": json_safe(await consents_of(user_id))}
        files: list[tuple[str, PersonalFile]] = []
        parts: dict[str, str] = {"consents": DESCRIPTIONS["consents"]}
        for module, part in self._sources.by_module:
            data[module] = await part.export(self._services, user_id)
            parts[module] = DESCRIPTIONS.get(module, part.description)
            if part.files is not None:
                files += [(module, file) for file in await part.files(self._services, user_id)]
        text = readme(str(person["language"]), parts, bool(files))
        key = f"privacy/exports/{payload.export_id}.zip"
        size = await asyncio.to_thread(self._store_archive, key, data, text, files)
        now = datetime.now(UTC)
        async with write_transaction(ExportRow._meta.db):
            updated = (
                await ExportRow.update(
                    {
                        ExportRow.status: "ready",
                        ExportRow.ready_at: now,
                        ExportRow.expires_at: now + EXPORT_TTL,
                        ExportRow.storage_key: key,
                        ExportRow.size_bytes: size,
                    }
                )
                .where((ExportRow.id == payload.export_id) & (ExportRow.status == "pending"))
                .returning(ExportRow.id)
            )
            if updated:
                await self._notifier.notify(
                    EXPORT_READY, user_id, key=str(payload.export_id), link=DATA_PAGE
                )
        return bool(updated)

    def _store_archive(
        self,
        key: str,
        data: dict[str, object],
        text: str,
        files: list[tuple[str, PersonalFile]],
    ) -> int:
        with tempfile.TemporaryDirectory(prefix="lakou-export-") as folder:
            path = Path(folder) / "archive.zip"
            write_archive(path, data, text, files, self._storage)
            size = path.stat().st_size

            def chunks() -> Iterator[bytes]:
                with path.open("rb") as source:
                    while chunk := source.read(CHUNK):
                        yield chunk

            self._storage.put(key, chunks(), "application/zip")
        return size

    def read(self, key: str) -> Iterator[bytes]:
        return self._storage.read_range(key)

    async def purge_expired(self) -> int:
        """Delete the archives whose 7 days are over (a periodic job); how many went."""
        rows = await ExportRow.select(ExportRow.id, ExportRow.storage_key).where(
            (ExportRow.status == "ready") & (ExportRow.expires_at <= datetime.now(UTC))
        )
        for row in rows:
            if row["storage_key"]:
                await asyncio.to_thread(self._storage.delete, str(row["storage_key"]))
            await ExportRow.update({ExportRow.status: "expired"}).where(ExportRow.id == row["id"])
        return len(rows)

    # Leaving -----------------------------------------------------------------------------------

    async def _blocked(self, user_id: UUID) -> bool:
        for _, part in self._sources.by_module:
            if part.blocks_erasure is not None and await part.blocks_erasure(
                self._services, user_id
            ):
                return True
        return False

    async def delete_account(self, user_id: UUID, password: str) -> None:
        """Erase the person: their password first (403), nothing in flight (409), then every
        module's erasure, the goodbye mail and the account row in one transaction."""
        await self._identity.check_current_password(user_id, password)
        if await self._blocked(user_id):
            raise Conflict(PrivacyError.ORDERS_PENDING)
        archives = await ExportRow.select(ExportRow.storage_key).where(ExportRow.user == user_id)
        tombstone = new_id()
        async with write_transaction(User._meta.db):
            person = (
                await User.select(User.email, User.language, User.display_name)
                .where(User.id == user_id)
                .first()
            )
            if person is None:
                raise NotFound(PrivacyError.EXPORT_NOT_FOUND)
            if await self._blocked(user_id):  # an order begun since the first check
                raise Conflict(PrivacyError.ORDERS_PENDING)
            for _, part in self._sources.by_module:
                if part.erase is not None:
                    await part.erase(self._services, user_id, tombstone)
            # Queued to the address alone (no account): it leaves after the row is gone.
            await self._notifier.mail_address(
                ACCOUNT_DELETED,
                str(person["email"]),
                key=str(tombstone),
                language=str(person["language"]),
                params={"name": str(person["display_name"])},
            )
            # Consents, archives, sessions and tokens go with it (ON DELETE CASCADE).
            await User.delete().where(User.id == user_id)
        for row in archives:
            if row["storage_key"]:
                await asyncio.to_thread(self._storage.delete, str(row["storage_key"]))
