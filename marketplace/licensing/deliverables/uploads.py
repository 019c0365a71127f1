"""Large deliverables (a master of several hundred megabytes) sent in parts, resumable, through
the media module's staging: each part is streamed to its own file as it arrives, and completing
streams the parts to storage under the file's SHA-256 (`file_key`). Nothing holds the file in
memory, whatever its size.

An upload's state is a small manifest in its staging folder (no table: a staged upload is a
local, temporary thing, like media's local parts). Every call checks again that the caller acts
for the deal's rights side and that the upload belongs to that deal's item: 404 otherwise.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import time
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from uuid import UUID

from accounts.domain import Principal
from infra.errors import Conflict, InvalidInput, NotFound
from infra.ids import new_id
from marketplace.licensing.contracts.errors import PaperworkError
from marketplace.licensing.deliverables.domain import Deliverable
from marketplace.licensing.deliverables.errors import DeliveryUploadError
from marketplace.licensing.deliverables.service import DeliverableService
from media.storage.port import ObjectStorage
from media.uploads.staging import Staging, copy_body

GIGABYTE = 1024**3
MAX_UPLOAD_BYTES = 20 * GIGABYTE  # a 4K ProRes feature's master; beyond, a wrong size
MANIFEST = "manifest.json"
# A staged upload untouched this long is abandoned: its folder goes (`sweep`, a periodic job).
ABANDONED_AFTER_S = 7 * 24 * 3600


@dataclass(frozen=True)
class StagedUpload:
    id: UUID
    deal_id: UUID
    item_id: UUID
    size: int
    part_size: int
    content_type: str
    received: dict[int, int] = field(default_factory=dict)
    sha256: str = ""  # once completed: the stored file's (completing again answers it)

    @property
    def parts(self) -> int:
        return max(1, -(-self.size // self.part_size))

    def expected(self, number: int) -> int:
        """The size part `number` must have (the last one holds what is left)."""
        return self.part_size if number < self.parts else self.size - self.part_size * (number - 1)

    @property
    def next_part(self) -> int | None:
        if self.sha256:
            return None
        missing = [n for n in range(1, self.parts + 1) if self.received.get(n) != self.expected(n)]
        return missing[0] if missing else None


class DeliverableUploads:
    def __init__(
        self,
        deliverables: DeliverableService,
        storage: ObjectStorage,
        staging_root: Path,
        part_size: int,
    ) -> None:
        self._deliverables = deliverables
        self._storage = storage
        self._staging = Staging(staging_root)
        self._part_size = part_size

    async def begin(
        self, who: Principal, deal_id: UUID, item_id: UUID, size: int, content_type: str
    ) -> StagedUpload:
        """The rights side announces a file of `size` bytes for the item (not downloaded yet)."""
        await self._deliverables.replaceable(who, deal_id, item_id)
        if size <= 0:
            raise InvalidInput(PaperworkError.DELIVERABLE_EMPTY)
        if size > MAX_UPLOAD_BYTES:
            raise InvalidInput(
                DeliveryUploadError.UPLOAD_TOO_LARGE, max_gb=MAX_UPLOAD_BYTES // GIGABYTE
            )
        upload = StagedUpload(
            new_id(),
            deal_id,
            item_id,
            size,
            self._part_size,
            content_type[:100] or "application/octet-stream",
        )
        folder = self._staging.folder(upload.id)
        await asyncio.to_thread(_write_manifest, folder, upload)
        return upload

    async def state(
        self, who: Principal, deal_id: UUID, item_id: UUID, upload_id: UUID
    ) -> StagedUpload:
        """Which parts arrived: a dropped connection resumes from `next_part`."""
        await self._deliverables.replaceable(who, deal_id, item_id)
        return await self._upload(deal_id, item_id, upload_id)

    async def put_part(
        self,
        who: Principal,
        deal_id: UUID,
        item_id: UUID,
        upload_id: UUID,
        number: int,
        body: AsyncIterator[bytes],
    ) -> StagedUpload:
        """One part, in order (sending a part again replaces it), streamed to its file."""
        upload = await self.state(who, deal_id, item_id, upload_id)
        if upload.sha256:
            raise Conflict(DeliveryUploadError.UPLOAD_COMPLETED)
        if not 1 <= number <= upload.parts:
            raise InvalidInput(DeliveryUploadError.INVALID_PART, parts=upload.parts)
        if number > 1 and (number - 1) not in upload.received:
            raise Conflict(
                DeliveryUploadError.PART_OUT_OF_ORDER,
                number=number,
                previous=number - 1,
                resume=upload.next_part or 1,
            )
        expected = upload.expected(number)
        temporary, final = self._staging.open_part(upload.id, number)

        def too_large() -> Exception:
            return InvalidInput(
                DeliveryUploadError.PART_SIZE_MISMATCH,
                number=number,
                size=f"> {expected}",
                expected=expected,
            )

        try:
            size = await copy_body(body, temporary, expected, too_large)
            if size != expected:
                raise InvalidInput(
                    DeliveryUploadError.PART_SIZE_MISMATCH,
                    number=number,
                    size=size,
                    expected=expected,
                )
            temporary.replace(final)
        finally:
            temporary.unlink(missing_ok=True)
        return await self._upload(deal_id, item_id, upload_id)

    async def complete(
        self, who: Principal, deal_id: UUID, item_id: UUID, upload_id: UUID
    ) -> Deliverable:
        """Every part arrived: the file is stored under its SHA-256 and becomes the item's.
        The parts are read twice (the hash names the key before the file is stored); the
        second reading hashes them again, so a part sent anew meanwhile is caught (409)."""
        upload = await self.state(who, deal_id, item_id, upload_id)
        if upload.sha256:  # completed already (a double click): the item as it stands
            return await self._deliverables.replaceable(who, deal_id, item_id)
        if upload.next_part is not None:
            raise Conflict(DeliveryUploadError.UPLOAD_INCOMPLETE, resume=upload.next_part)
        first = await asyncio.to_thread(self._hash, upload)
        again = hashlib.sha256()

        def put(key: str) -> None:
            self._storage.put(
                key, self._staging.read_parts(upload.id, upload.parts, again), upload.content_type
            )
            if again.hexdigest() != first:
                self._storage.delete(key)
                raise Conflict(DeliveryUploadError.PARTS_CHANGED)

        item = await self._deliverables.store(
            who, deal_id, item_id, first, upload.size, upload.content_type, put
        )
        # The parts go; the manifest stays, marked, so completing again answers the same.
        await asyncio.to_thread(_completed, self._staging, upload, first)
        return item

    async def sweep(self, now: float | None = None) -> int:
        """Remove the staged uploads nobody touched for `ABANDONED_AFTER_S` (completed
        ones too: only their manifest is left). Returns how many went."""
        return await asyncio.to_thread(_sweep, self._staging, now or time.time())

    def _hash(self, upload: StagedUpload) -> str:
        digest = hashlib.sha256()
        for _ in self._staging.read_parts(upload.id, upload.parts, digest):
            pass
        return digest.hexdigest()

    async def _upload(self, deal_id: UUID, item_id: UUID, upload_id: UUID) -> StagedUpload:
        folder = self._staging.folder(upload_id)
        upload = await asyncio.to_thread(_read_manifest, folder)
        if upload is None or (upload.deal_id, upload.item_id) != (deal_id, item_id):
            raise NotFound(DeliveryUploadError.UPLOAD_NOT_FOUND)
        received = await asyncio.to_thread(self._staging.received_parts, upload_id)
        return StagedUpload(**{**asdict(upload), "received": received})


def _sweep(staging: Staging, now: float) -> int:
    root = staging.folder(UUID(int=0)).parent
    if not root.is_dir():
        return 0
    removed = 0
    for folder in root.iterdir():
        try:
            upload_id = UUID(hex=folder.name)
            touched = max(path.stat().st_mtime for path in (folder, *folder.iterdir()))
        except (ValueError, OSError):
            continue  # not an upload's folder, or gone meanwhile
        if now - touched > ABANDONED_AFTER_S:
            staging.discard(upload_id)
            removed += 1
    return removed


def _completed(staging: Staging, upload: StagedUpload, sha256: str) -> None:
    folder = staging.folder(upload.id)
    _write_manifest(folder, replace(upload, sha256=sha256))
    for part in folder.glob("*.part"):
        part.unlink(missing_ok=True)


def _write_manifest(folder: Path, upload: StagedUpload) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    facts = {
        "id": str(upload.id),
        "deal_id": str(upload.deal_id),
        "item_id": str(upload.item_id),
        "size": upload.size,
        "part_size": upload.part_size,
        "content_type": upload.content_type,
        "sha256": upload.sha256,
    }
    temporary = folder / f"{MANIFEST}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(facts))
    temporary.replace(folder / MANIFEST)


def _read_manifest(folder: Path) -> StagedUpload | None:
    try:
        facts = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    return StagedUpload(
        UUID(facts["id"]),
        UUID(facts["deal_id"]),
        UUID(facts["item_id"]),
        int(facts["size"]),
        int(facts["part_size"]),
        str(facts["content_type"]),
        sha256=str(facts.get("sha256", "")),
    )
