"""Local-folder adapter: objects are plain files under a root folder (dev, tests, small sites).

Layout: the object for key "a/b" is the file <root>/a/b, its content type lives in the sidecar
<root>/a/b#meta.json, and uploads in flight are <root>/a/b#<hex>.tmp. '#' is outside the key
alphabet, so no valid key can ever name a sidecar or a temp file.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from media.storage.keys import validate_key, validate_prefix
from media.storage.port import (
    READ_CHUNK_SIZE,
    InvalidKey,
    ObjectNotFound,
    StorageUnavailable,
    StoredObject,
    check_range,
)

_META_SUFFIX = "#meta.json"
_DEFAULT_CONTENT_TYPE = "application/octet-stream"


class LocalFolderStorage:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # -- helpers -----------------------------------------------------------------------------

    def _path(self, key: str) -> Path:
        validate_key(key)
        root = self.root.resolve()
        path = (root / key).resolve()
        # validate_key already forbids "..", but a symlink inside root could still point out.
        if not path.is_relative_to(root) or path == root:
            raise InvalidKey(f"key {key!r} escapes the storage root")
        return path

    @staticmethod
    def _meta_path(path: Path) -> Path:
        return path.with_name(path.name + _META_SUFFIX)

    @staticmethod
    def _temp_path(path: Path) -> Path:
        return path.with_name(f"{path.name}#{uuid.uuid4().hex}.tmp")

    def _read_content_type(self, path: Path) -> str:
        try:
            meta = json.loads(self._meta_path(path).read_text(encoding="utf-8"))
            content_type = meta["content_type"]
        except (OSError, ValueError, KeyError, TypeError):
            # A sidecar lost to a crash or a manual copy must not make the bytes unreadable.
            return _DEFAULT_CONTENT_TYPE
        return content_type if isinstance(content_type, str) else _DEFAULT_CONTENT_TYPE

    # -- port --------------------------------------------------------------------------------

    def put(self, key: str, chunks: Iterable[bytes], content_type: str) -> StoredObject:
        path = self._path(key)
        self._ensure_root()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            # S3 allows both "a" and "a/b"; a filesystem does not. Keys from new_key never clash.
            raise InvalidKey(f"key {key!r} clashes with an existing object") from exc
        if path.is_dir():
            raise InvalidKey(f"key {key!r} clashes with an existing key prefix")

        data_tmp = self._temp_path(path)
        meta_tmp = self._temp_path(self._meta_path(path))
        size = 0
        try:
            with open(data_tmp, "xb") as out:
                for chunk in chunks:
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                # Without fsync a power cut after os.replace can leave an empty file under the key.
                os.fsync(out.fileno())
            meta_tmp.write_text(json.dumps({"content_type": content_type}), encoding="utf-8")
            # Sidecar first: a crash in between leaves an orphan sidecar (harmless, keys are
            # fresh uuids) rather than bytes served with the wrong type.
            os.replace(meta_tmp, self._meta_path(path))
            os.replace(data_tmp, path)
        except BaseException:
            data_tmp.unlink(missing_ok=True)
            meta_tmp.unlink(missing_ok=True)
            raise
        return StoredObject(key=key, size=size, content_type=content_type)

    def stat(self, key: str) -> StoredObject:
        path = self._path(key)
        try:
            if not path.is_file():
                raise ObjectNotFound(key)
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc
        return StoredObject(key=key, size=size, content_type=self._read_content_type(path))

    def read_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        check_range(start, end)
        path = self._path(key)
        if not path.is_file():
            raise ObjectNotFound(key)
        return self._iter_file(key, path, start, end)

    @staticmethod
    def _iter_file(key: str, path: Path, start: int, end: int | None) -> Iterator[bytes]:
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
        except FileNotFoundError as exc:  # deleted between the check and the first read
            raise ObjectNotFound(key) from exc
        try:
            size = os.fstat(handle.fileno()).st_size
            last = size - 1 if end is None else min(end, size - 1)
            remaining = last - start + 1
            handle.seek(start)
            while remaining > 0:
                chunk = handle.read(min(READ_CHUNK_SIZE, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk
        finally:
            handle.close()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def keys(self, prefix: str = "") -> Iterator[str]:
        root = self.root.resolve()
        folder = root / validate_prefix(prefix)
        if not folder.is_dir():
            return
        # '#' marks this adapter's sidecars and uploads in flight, never a key. Sorted as
        # strings, the order S3 lists in.
        yield from sorted(
            path.relative_to(root).as_posix()
            for path in folder.rglob("*")
            if path.is_file() and "#" not in path.name
        )

    def delete(self, key: str) -> None:
        path = self._path(key)
        if path.is_dir():
            return
        # Data first so the object disappears at once; the sidecar is only used alongside it.
        path.unlink(missing_ok=True)
        self._meta_path(path).unlink(missing_ok=True)
        # Empty parent folders are left in place: pruning them races with concurrent puts.

    def presigned_get_url(self, key: str, expires_s: int) -> str | None:
        self._path(key)
        return None

    def _ensure_root(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageUnavailable(f"cannot create storage root {self.root}: {exc}") from exc

    def ping(self) -> None:
        self._ensure_root()
        try:
            # os.access lies for root and on read-only mounts; writing a probe does not.
            probe = self.root / f"#ping-{uuid.uuid4().hex}.tmp"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise StorageUnavailable(
                f"storage root {self.root} is not a writable directory: {exc}"
            ) from exc
