"""Index generations in the index folder, the writer lock, and bulk builds.

Layout of the folder:

    CURRENT                 the name of the live generation (replaced atomically)
    generations/<name>/     one tantivy index each; a reindex builds a new one beside the live
    .writer.lock            taken (flock) by whoever writes, so one process writes at a time

A process notices that another one (a reindex) switched CURRENT by its inode and mtime, and
reopens the live generation. A generation written with an older schema is replaced by a new,
empty one (and a warning asks for `lakou reindex`).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import shutil
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy

from search.documents import SearchDocument
from search.tantivy.documents import to_tantivy
from search.tantivy.schema import SCHEMA_MARKER, SCHEMA_VERSION, open_index

log = logging.getLogger(__name__)

# A rebuild gets a bigger heap and more indexing threads than incremental writes.
BUILD_HEAP_PER_THREAD = 100_000_000
BUILD_THREADS = max(1, min(4, (os.cpu_count() or 2) // 2))


def generation_name() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]


@dataclass
class _Live:
    name: str
    index: tantivy.Index
    pointer_stamp: tuple[int, int]


class Generations:
    """The generations of one index folder: which one is live, switching, and the writer lock."""

    def __init__(self, root: Path, schema: tantivy.Schema) -> None:
        self.root = root
        self._schema = schema
        self._live: _Live | None = None
        # One re-entrant lock guards opening generations and writing, in this process; the
        # file lock (taken under it) keeps other processes out.
        self._lock = threading.RLock()
        self._lock_handle: Any = None
        self._lock_depth = 0

    def close(self) -> None:
        self._live = None

    @contextlib.contextmanager
    def file_lock(self) -> Iterator[None]:
        """Exclusive across threads and processes; re-entrant in the thread that holds it."""
        with self._lock:
            if self._lock_depth == 0:
                self.root.mkdir(parents=True, exist_ok=True)
                handle = open(self.root / ".writer.lock", "a+b")  # noqa: SIM115 - held open
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._lock_handle = handle
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0:
                    fcntl.flock(self._lock_handle, fcntl.LOCK_UN)
                    self._lock_handle.close()
                    self._lock_handle = None

    def _pointer(self) -> Path:
        return self.root / "CURRENT"

    def _stamp(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self._pointer())
        except FileNotFoundError:
            return None
        return (found.st_ino, found.st_mtime_ns)

    def live(self) -> tantivy.Index:
        """The live generation; reopened when another process (a reindex) switched it."""
        live = self._live
        if live is not None and live.pointer_stamp == self._stamp():
            return live.index
        with self._lock:
            if self._needs_new_generation():
                with self.file_lock():
                    if self._needs_new_generation():
                        self.switch_to(generation_name())
            stamp = self._stamp() or (0, 0)
            name = self._pointer().read_text().strip()
            index = open_index(self.root / "generations" / name, self._schema)
            self._live = _Live(name, index, stamp)
            return index

    def _needs_new_generation(self) -> bool:
        if self._stamp() is None:
            return True
        name = self._pointer().read_text().strip()
        marker = self.root / "generations" / name / SCHEMA_MARKER
        if not marker.is_file():
            return True
        if marker.read_text().strip() != SCHEMA_VERSION:
            log.warning("search index %s has an older schema: run `lakou reindex`", name)
            return True
        return False

    def switch_to(self, name: str) -> None:
        """Point CURRENT at generation `name` (atomically) and remove older generations.
        The caller holds the file lock."""
        generations = self.root / "generations"
        open_index(generations / name, self._schema)
        previous = self._pointer().read_text().strip() if self._stamp() is not None else None
        temporary = self.root / f"CURRENT.{uuid.uuid4().hex}"
        temporary.write_text(name)
        os.replace(temporary, self._pointer())
        for old in generations.iterdir():
            # Keep the one just replaced: a searcher in another process may still read it.
            if old.name not in (name, previous) and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)

    def ping(self) -> None:
        """The folder is writable and the live generation opens."""
        self.root.mkdir(parents=True, exist_ok=True)
        probe = self.root / f".ready-probe-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
        self.live().searcher()


class TantivyBuild:
    """A new generation filled in bulk, then made live by `publish`."""

    def __init__(self, generations: Generations, schema: tantivy.Schema) -> None:
        self._generations = generations
        self._schema = schema
        self._name = generation_name()
        self._path = generations.root / "generations" / self._name
        self._index = open_index(self._path, schema)
        self._writer: Any = self._index.writer(BUILD_HEAP_PER_THREAD * BUILD_THREADS, BUILD_THREADS)

    async def add(self, documents: Sequence[SearchDocument]) -> None:
        await asyncio.to_thread(self.add_now, documents)

    def add_now(self, documents: Sequence[SearchDocument]) -> None:
        for document in documents:
            self._writer.add_document(to_tantivy(document, self._schema))

    async def publish(self) -> None:
        await asyncio.to_thread(self._publish)

    def _publish(self) -> None:
        self._writer.commit()
        self._writer.wait_merging_threads()
        with self._generations.file_lock():
            self._generations.switch_to(self._name)

    async def discard(self) -> None:
        await asyncio.to_thread(self._discard)

    def _discard(self) -> None:
        with contextlib.suppress(Exception):
            self._writer.rollback()
            self._writer.wait_merging_threads()
        shutil.rmtree(self._path, ignore_errors=True)
