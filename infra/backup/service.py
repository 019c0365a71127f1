"""Take a backup, restore a chain of them (docs/decisions.md, "Backups")."""

from __future__ import annotations

import itertools
import secrets
import shutil
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from infra.backup.archive import (
    BLOBS,
    MANIFEST,
    OBJECTS,
    SETTINGS,
    Archive,
    ArchiveError,
    Manifest,
    file_chunks,
    open_archive,
    seal,
    sha256_of,
    write_json,
)
from infra.backup.database import Database
from infra.backup.environment import settings_without_secrets
from infra.backup.objects import BackupObjects, ObjectEntry


class TargetNotEmpty(Exception):
    """A restore would overwrite data; `--force` says that is wanted."""


def take_backup(
    folder: Path,
    database: Database,
    objects: BackupObjects,
    environ: Mapping[str, str],
    previous: Path | None = None,
) -> Archive:
    """Write an archive into `folder` (new or empty); objects the previous archive of the
    chain already holds are listed, not copied."""
    before = open_archive(previous) if previous is not None else None
    if folder.exists() and any(folder.iterdir()):
        raise ArchiveError(f"{folder} is not empty: choose a new folder for each backup")
    (folder / BLOBS).mkdir(parents=True, exist_ok=True)
    archive_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(4)
    created_at = datetime.now(UTC).isoformat()
    # The database first: every object its rows name was stored before the dump began, so the
    # object listing that follows finds it (objects are written before the rows that name them).
    database.dump(folder / database.dump_name)
    known = {entry.sha256: entry.archive for entry in before.objects} if before else {}
    entries = [_copy_object(folder, objects, key, archive_id, known) for key in objects.keys()]  # noqa: SIM118
    manifest = Manifest(
        id=archive_id,
        previous=before.manifest.id if before else None,
        created_at=created_at,
        engine=database.engine,
        database_file=database.dump_name,
        migrations=tuple(database.migrations()),
    )
    write_json(folder / OBJECTS, [entry.as_json() for entry in sorted(entries, key=_by_key)])
    write_json(folder / SETTINGS, settings_without_secrets(environ))
    write_json(folder / MANIFEST, manifest.as_json())
    seal(folder)
    return open_archive(folder)


def _copy_object(
    folder: Path, objects: BackupObjects, key: str, archive_id: str, known: dict[str, str]
) -> ObjectEntry:
    # Hashed while copied, so the checksum is that of the very bytes the archive keeps.
    partial = folder / BLOBS / f"{secrets.token_hex(8)}.partial"
    size = 0
    with partial.open("wb") as file:

        def written() -> Iterator[bytes]:
            nonlocal size
            for chunk in objects.read(key):
                file.write(chunk)
                size += len(chunk)
                yield chunk

        checksum = sha256_of(written())
    holder = known.get(checksum)
    if holder is None:
        partial.replace(folder / BLOBS / checksum)
        known[checksum] = holder = archive_id
    else:
        partial.unlink()
    return ObjectEntry(key, size, checksum, objects.content_type(key), holder)


def _by_key(entry: ObjectEntry) -> str:
    return entry.key


def open_chain(folders: Sequence[Path]) -> list[Archive]:
    """The archives, verified, in chain order: a full backup, then each one's increment."""
    if not folders:
        raise ArchiveError("name at least one archive (--from)")
    archives = [open_archive(folder) for folder in folders]
    if archives[0].manifest.previous is not None:
        raise ArchiveError(
            f"{archives[0].folder} is an increment of {archives[0].manifest.previous}: "
            "name the chain from its full backup on"
        )
    for earlier, later in itertools.pairwise(archives):
        if later.manifest.previous != earlier.manifest.id:
            raise ArchiveError(
                f"{later.folder} follows {later.manifest.previous}, not {earlier.manifest.id}: "
                "name the archives of one chain, oldest first"
            )
    return archives


def restore_chain(
    folders: Sequence[Path],
    database: Database,
    objects: BackupObjects,
    *,
    force: bool = False,
) -> Archive:
    """Rebuild the database and the objects from the chain's last archive (the objects' bytes
    from whichever archive holds them); the caller rebuilds the search index afterwards."""
    archives = open_chain(folders)
    last = archives[-1]
    database.check_engine(last.manifest.engine)
    tables = database.tables()
    if tables and not force:
        raise TargetNotEmpty(
            f"the database already holds {len(tables)} table(s): restore into an empty one, "
            "or pass --force to replace it"
        )
    if not force and next(objects.keys(), None) is not None:
        raise TargetNotEmpty(
            "the object storage is not empty: restore into an empty one, or pass --force"
        )
    holders = {archive.manifest.id: archive for archive in archives}
    for entry in last.objects:
        if entry.archive not in holders:
            raise ArchiveError(f"{entry.key} is kept in archive {entry.archive}, not in the chain")
    database.restore(last.database, replace=bool(tables))
    for entry in last.objects:
        _put_back(holders[entry.archive], entry, objects)
    return last


def _put_back(holder: Archive, entry: ObjectEntry, objects: BackupObjects) -> None:
    blob = holder.blob(entry.sha256)
    # Verified when the archive was opened; checked again in case it changed since.
    if sha256_of(file_chunks(blob)) != entry.sha256:
        raise ArchiveError(f"{blob}: does not match the checksum of {entry.key}")
    objects.write(entry.key, file_chunks(blob), entry.content_type)


def remove_partial(folder: Path) -> None:
    """Remove an archive a failed backup left half-written (it has no SHA256SUMS)."""
    shutil.rmtree(folder, ignore_errors=True)
