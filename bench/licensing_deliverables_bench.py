"""A large licence deliverable sent in parts: what completing it costs, against a bare assembly.

A 300 MB master is staged in parts through `DeliverableUploads` (the media module's staging),
then completed: the parts are hashed, then stored on the local folder storage under their
SHA-256 while hashed again. The baseline, in the same run, on the same staged parts: one
bare pass reading the parts, hashing them and writing them to one file (what any assembly
must do at least). Memory: the peak Python allocates while completing (tracemalloc), on a second
upload of the same size. The rights side's checks are a stand-in here (`BenchDeliverables`: no
database), so what is measured is the staging and storage path itself.

Prints `RESULT complete_s=<x> bare_s=<x> complete_over_bare=<x> complete_peak_mb=<x>` last.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
import time
import tracemalloc
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from uuid import UUID, uuid4

from accounts.domain import Principal, Role
from marketplace.licensing.deliverables.domain import Deliverable, DeliverableKind, file_key
from marketplace.licensing.deliverables.uploads import DeliverableUploads, StagedUpload
from media.storage.local import LocalFolderStorage

SIZE = 300 * 1024 * 1024
PART = 8 * 1024 * 1024
CHUNK = 1024 * 1024
WHO = Principal(
    user_id=uuid4(), email="bench@example.test", display_name="Bench", role=Role.CREATOR
)


class BenchDeliverables:
    """Stand-in for `DeliverableService` (no database): every item may be replaced."""

    async def replaceable(self, who: Principal, deal_id: UUID, item_id: UUID) -> Deliverable:
        return Deliverable(item_id, deal_id, DeliverableKind.MASTER, "Master")

    async def store(
        self,
        who: Principal,
        deal_id: UUID,
        item_id: UUID,
        sha256: str,
        size: int,
        content_type: str,
        put: Callable[[str], None],
    ) -> Deliverable:
        key = file_key(deal_id, item_id, sha256)
        await asyncio.to_thread(put, key)
        return Deliverable(
            item_id, deal_id, DeliverableKind.MASTER, "Master", key, content_type, size
        )


async def _body(block: bytes, size: int) -> AsyncIterator[bytes]:
    sent = 0
    while sent < size:
        chunk = block[: min(CHUNK, size - sent)]
        sent += len(chunk)
        yield chunk


async def _staged(uploads: DeliverableUploads, block: bytes) -> StagedUpload:
    deal, item = uuid4(), uuid4()
    upload = await uploads.begin(WHO, deal, item, SIZE, "video/quicktime")
    for number in range(1, upload.parts + 1):
        body = _body(block, upload.expected(number))
        upload = await uploads.put_part(WHO, deal, item, upload.id, number, body)
    return upload


def _bare(staging: Path, upload: StagedUpload, target: Path) -> str:
    digest = hashlib.sha256()
    with target.open("wb") as sink:
        for number in range(1, upload.parts + 1):
            with (staging / upload.id.hex / f"{number:05d}.part").open("rb") as part:
                while chunk := part.read(CHUNK):
                    digest.update(chunk)
                    sink.write(chunk)
        sink.flush()
        os.fsync(sink.fileno())
    return digest.hexdigest()


async def main() -> None:
    with tempfile.TemporaryDirectory(prefix="lakou-bench-deliverables-") as folder:
        root = Path(folder)
        staging = root / "staging"
        storage = LocalFolderStorage(root / "storage")
        uploads = DeliverableUploads(BenchDeliverables(), storage, staging, PART)  # type: ignore[arg-type]
        block = os.urandom(CHUNK)

        timed = await _staged(uploads, block)
        started = time.perf_counter()
        bare_sha = await asyncio.to_thread(_bare, staging, timed, root / "bare.bin")
        bare_s = time.perf_counter() - started
        started = time.perf_counter()
        item = await uploads.complete(WHO, timed.deal_id, timed.item_id, timed.id)
        complete_s = time.perf_counter() - started
        assert item.sha256 == bare_sha
        assert item.size == SIZE

        measured = await _staged(uploads, block)
        tracemalloc.start()
        await uploads.complete(WHO, measured.deal_id, measured.item_id, measured.id)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"size_mb={SIZE // CHUNK} parts={timed.parts} part_mb={PART // CHUNK}")
    print(
        f"RESULT complete_s={complete_s:.2f} bare_s={bare_s:.2f} "
        f"complete_over_bare={complete_s / bare_s:.2f} complete_peak_mb={peak / CHUNK:.1f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
