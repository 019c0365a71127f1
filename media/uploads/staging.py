"""Local staging of upload parts: one folder per upload, one file per part, written atomically.
Shared with licence deliverables (`marketplace/licensing/deliverables/uploads.py`), which stage
their large masters the same way."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from uuid import UUID

import anyio

CHUNK = 1024 * 1024


class Staging:
    def __init__(self, root: Path) -> None:
        self._root = root

    def folder(self, upload_id: UUID) -> Path:
        return self._root / upload_id.hex

    def part_path(self, upload_id: UUID, number: int) -> Path:
        return self.folder(upload_id) / f"{number:05d}.part"

    def open_part(self, upload_id: UUID, number: int) -> tuple[Path, Path]:
        """(temporary path to write, final path) for one part."""
        folder = self.folder(upload_id)
        folder.mkdir(parents=True, exist_ok=True)
        final = self.part_path(upload_id, number)
        return final.with_suffix(f".{os.getpid()}.tmp"), final

    def received_parts(self, upload_id: UUID) -> dict[int, int]:
        folder = self.folder(upload_id)
        if not folder.is_dir():
            return {}
        return {
            int(path.stem): path.stat().st_size
            for path in folder.glob("*.part")
            if path.stem.isdigit()
        }

    def read_parts(self, upload_id: UUID, count: int, digest: hashlib._Hash) -> Iterator[bytes]:
        for number in range(1, count + 1):
            with self.part_path(upload_id, number).open("rb") as part:
                while chunk := part.read(CHUNK):
                    digest.update(chunk)
                    yield chunk

    def discard(self, upload_id: UUID) -> None:
        shutil.rmtree(self.folder(upload_id), ignore_errors=True)


async def copy_body(
    body: AsyncIterator[bytes], target: Path, limit: int, too_large: Callable[[], Exception]
) -> int:
    """Copy a request body to a file; stop as soon as it exceeds `limit` (`too_large()` is
    raised: each module answers with its own error code).

    Writes go through anyio's thread-backed file so a slow disk never stalls the event loop.
    """
    size = 0
    try:
        async with await anyio.open_file(target, "wb") as sink:
            async for chunk in body:
                size += len(chunk)
                if size > limit:
                    raise too_large()
                await sink.write(chunk)
    except BaseException:
        await anyio.Path(target).unlink(missing_ok=True)
        raise
    return size
