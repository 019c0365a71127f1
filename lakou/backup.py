"""`lakou backup` and `lakou restore`: infra/backup's archives for this app's storage and search.

The archive logic lives in `infra/backup/`, which owns the small port it needs from the object
storage (`BackupObjects`). infra may not import media, so the adapter is here, in the
composition layer that knows both; so are the migrations and the search index rebuilt after a
restore, which need the whole container.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import click

from infra.backup.archive import ArchiveError
from infra.backup.database import Database, DatabaseError
from infra.backup.service import TargetNotEmpty, remove_partial, restore_chain, take_backup
from infra.settings import Settings
from lakou.adapters import make_storage
from lakou.bootstrap import build_container
from media.storage.port import ObjectStorage


class StorageObjects:
    """The media storage seen by a backup: the port's listing, reads and writes."""

    def __init__(self, storage: ObjectStorage) -> None:
        self._storage = storage

    def keys(self) -> Iterator[str]:
        return self._storage.keys()

    def content_type(self, key: str) -> str:
        return self._storage.stat(key).content_type

    def read(self, key: str) -> Iterator[bytes]:
        return self._storage.read_range(key)

    def write(self, key: str, chunks: Iterable[bytes], content_type: str) -> None:
        self._storage.put(key, chunks, content_type)


def storage_objects(settings: Settings) -> StorageObjects:
    return StorageObjects(make_storage(settings))


def run_backup(
    settings: Settings, folder: Path, previous: Path | None, environ: Mapping[str, str]
) -> str:
    created = not folder.exists()
    try:
        archive = take_backup(
            folder, Database(settings.database.url), storage_objects(settings), environ, previous
        )
    except (ArchiveError, DatabaseError) as error:
        if created:
            remove_partial(folder)
        raise click.ClickException(str(error)) from None
    except BaseException:
        if created:
            remove_partial(folder)
        raise
    copied = sum(1 for entry in archive.objects if entry.archive == archive.manifest.id)
    return (
        f"backup {archive.manifest.id} written to {folder}: {len(archive.objects)} object(s), "
        f"{copied} copied" + (f", after {archive.manifest.previous}" if previous else "")
    )


def run_restore(
    settings: Settings, folders: list[Path], force: bool, migrate: Callable[[], list[str]]
) -> str:
    try:
        archive = restore_chain(
            folders, Database(settings.database.url), storage_objects(settings), force=force
        )
    except (ArchiveError, DatabaseError, TargetNotEmpty) as error:
        raise click.ClickException(str(error)) from None
    # An archive from an older release gets the migrations written since.
    applied = migrate()
    indexed = asyncio.run(build_container(settings, None).indexing.reindex())
    return (
        f"restored {archive.manifest.id} ({len(archive.objects)} object(s)); "
        f"{len(applied)} migration(s) applied; {indexed} work(s) indexed"
    )


@click.command("backup", help="Write a consistent archive: database, objects, settings.")
@click.option(
    "--to",
    "to",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A new (or empty) folder for this archive.",
)
@click.option(
    "--after",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="The chain's previous archive: only objects new or changed since are copied.",
)
def backup_command(to: Path, after: Path | None) -> None:
    from lakou.cli import _settings

    click.echo(run_backup(_settings(), to, after, os.environ))


@click.command("restore", help="Rebuild Lakou from a chain of archives (full, then increments).")
@click.option(
    "--from",
    "folders",
    required=True,
    multiple=True,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="An archive; repeat it for a chain, oldest first.",
)
@click.option("--force", is_flag=True, help="Replace a database or storage that is not empty.")
def restore_command(folders: tuple[Path, ...], force: bool) -> None:
    from lakou.cli import _migrate, _settings

    settings = _settings()
    click.echo(run_restore(settings, list(folders), force, lambda: _migrate(settings)))
