"""An archive on disk: a folder of files and SHA256SUMS, its checksum file, written last.

    manifest.json      id, previous id, time, engine, applied migration ids
    database.dump      pg_dump --format=custom (PostgreSQL) | database.sqlite3 (SQLite)
    objects.json       every stored object: key, size, sha256, content type, archive with its bytes
    settings.json      the LAKOU_* settings without secrets
    objects/<sha256>   the bytes of the objects new or changed since the previous archive
    SHA256SUMS         "<sha256>  <path>" for every other file

A backup that stopped half-way has no SHA256SUMS; a truncated, altered, missing or added file
disagrees with it. `open_archive` refuses both before anything is restored.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from infra.backup.objects import ObjectEntry

FORMAT = "lakou-backup/1"
CHECKSUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
OBJECTS = "objects.json"
SETTINGS = "settings.json"
BLOBS = "objects"
_CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """An archive that cannot be trusted or used; the message names the archive and the file."""


@dataclass(frozen=True)
class Manifest:
    id: str
    previous: str | None
    created_at: str
    engine: str
    database_file: str
    migrations: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "format": FORMAT,
            "id": self.id,
            "previous": self.previous,
            "created_at": self.created_at,
            "engine": self.engine,
            "database_file": self.database_file,
            "migrations": list(self.migrations),
        }


@dataclass(frozen=True)
class Archive:
    """A verified archive: every file matched SHA256SUMS when it was opened."""

    folder: Path
    manifest: Manifest
    objects: tuple[ObjectEntry, ...]

    @property
    def database(self) -> Path:
        return self.folder / self.manifest.database_file

    def blob(self, sha256: str) -> Path:
        return self.folder / BLOBS / sha256


def sha256_of(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            yield chunk


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")


def seal(folder: Path) -> None:
    """Write SHA256SUMS over every file, atomically: the archive exists once this returns."""
    lines = [
        f"{sha256_of(file_chunks(path))}  {path.relative_to(folder).as_posix()}\n"
        for path in sorted(_files(folder))
    ]
    partial = folder / f"{CHECKSUMS}.partial"
    partial.write_text("".join(lines), "utf-8")
    with partial.open("rb") as file:
        os.fsync(file.fileno())
    partial.replace(folder / CHECKSUMS)


def open_archive(folder: Path) -> Archive:
    """The archive in `folder`, verified file by file; ArchiveError says what is wrong."""
    if not folder.is_dir():
        raise ArchiveError(f"{folder}: no such archive folder")
    sums = folder / CHECKSUMS
    if not sums.is_file():
        raise ArchiveError(
            f"{folder}: incomplete archive, {CHECKSUMS} is missing (the backup was interrupted "
            "or the archive was not copied whole)"
        )
    expected = _read_checksums(folder, sums)
    present = {path.relative_to(folder).as_posix() for path in _files(folder)}
    added = sorted(present - expected.keys())
    if added:
        raise ArchiveError(f"{folder}: {added[0]} is not part of the archive (altered archive)")
    for name, checksum in sorted(expected.items()):
        path = folder / name
        if name not in present:
            raise ArchiveError(f"{folder}: {name} is missing (truncated archive)")
        if sha256_of(file_chunks(path)) != checksum:
            raise ArchiveError(f"{folder}: {name} does not match its checksum (altered archive)")
    return _load(folder)


def _load(folder: Path) -> Archive:
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
        if data.get("format") != FORMAT:
            raise ArchiveError(f"{folder}: unknown archive format {data.get('format')!r}")
        manifest = Manifest(
            id=str(data["id"]),
            previous=None if data["previous"] is None else str(data["previous"]),
            created_at=str(data["created_at"]),
            engine=str(data["engine"]),
            database_file=str(data["database_file"]),
            migrations=tuple(str(item) for item in data["migrations"]),
        )
        entries = json.loads((folder / OBJECTS).read_text("utf-8"))
        objects = tuple(ObjectEntry.from_json(entry) for entry in entries)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ArchiveError(f"{folder}: unreadable manifest ({error})") from None
    return Archive(folder, manifest, objects)


def _read_checksums(folder: Path, sums: Path) -> dict[str, str]:
    expected: dict[str, str] = {}
    for number, line in enumerate(sums.read_text("utf-8").splitlines(), start=1):
        checksum, separator, name = line.partition("  ")
        if not separator or len(checksum) != 64 or not name or ".." in Path(name).parts:
            raise ArchiveError(f"{folder}: {CHECKSUMS} line {number} is malformed")
        expected[name] = checksum
    for required in (MANIFEST, OBJECTS, SETTINGS):
        if required not in expected:
            raise ArchiveError(f"{folder}: {CHECKSUMS} does not list {required}")
    return expected


def _files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and path.name != CHECKSUMS:
            yield path
