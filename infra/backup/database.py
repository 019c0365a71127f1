"""The database's part of an archive, with each engine's own consistent-copy tool.

PostgreSQL: `pg_dump --format=custom` reads one snapshot, so the dump is consistent while the
app writes; `pg_restore` loads it in one transaction. SQLite: the online backup API copies the
file page by page under the engine's own locking, consistent while the app runs.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import asyncpg

from infra.backup.archive import ArchiveError

MIGRATIONS_TABLE = "lakou_schema_migrations"


class DatabaseError(Exception):
    """A dump or restore that failed; the message carries the tool's own words."""


@dataclass(frozen=True)
class Database:
    url: str

    @property
    def engine(self) -> str:
        return "sqlite" if self.url.startswith("sqlite") else "postgres"

    @property
    def dump_name(self) -> str:
        return "database.sqlite3" if self.engine == "sqlite" else "database.dump"

    @property
    def _sqlite_path(self) -> Path:
        return Path(self.url.removeprefix("sqlite:///"))

    def dump(self, target: Path) -> None:
        if self.engine == "sqlite":
            _sqlite_copy(self._sqlite_path, target)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"], self.url)

    def restore(self, dump: Path, *, replace: bool) -> None:
        if self.engine == "sqlite":
            self._sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            _sqlite_copy(dump, self._sqlite_path)
            return
        clean = ["--clean", "--if-exists"] if replace else []
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        _run([*command, "--single-transaction", *clean, str(dump)], self.url)

    def tables(self) -> list[str]:
        """The tables the database holds (an empty list: a fresh target for a restore)."""
        if self.engine == "sqlite":
            if not self._sqlite_path.exists():
                return []
            rows = _sqlite_rows(
                self._sqlite_path,
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            return [str(row[0]) for row in rows]
        query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        return [str(row[0]) for row in asyncio.run(_postgres_rows(self.url, query))]

    def migrations(self) -> list[str]:
        """The ids of the schema migrations applied, in the order they were."""
        if MIGRATIONS_TABLE not in self.tables():
            return []
        query = f"SELECT id FROM {MIGRATIONS_TABLE} ORDER BY applied_at, id"  # noqa: S608 - a constant
        if self.engine == "sqlite":
            return [str(row[0]) for row in _sqlite_rows(self._sqlite_path, query)]
        return [str(row[0]) for row in asyncio.run(_postgres_rows(self.url, query))]

    def check_engine(self, engine: str) -> None:
        if engine != self.engine:
            raise ArchiveError(
                f"the archive holds a {engine} database but LAKOU_DATABASE_URL is {self.engine}"
            )


def _sqlite_copy(source: Path, target: Path) -> None:
    source_connection = sqlite3.connect(source)
    try:
        target_connection = sqlite3.connect(target)
        try:
            source_connection.backup(target_connection)
        finally:
            target_connection.close()
    finally:
        source_connection.close()


def _sqlite_rows(path: Path, query: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.execute(query))
    finally:
        connection.close()


async def _postgres_rows(url: str, query: str) -> list[tuple[object, ...]]:
    connection = await asyncpg.connect(url)
    try:
        return [tuple(row) for row in await connection.fetch(query)]
    finally:
        await connection.close()


def _run(command: list[str], url: str) -> None:
    # The password goes through the environment, not the command line others can read (ps).
    parts = urlsplit(url)
    environ = dict(os.environ)
    if parts.password is not None:
        environ["PGPASSWORD"] = unquote(parts.password)
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}@{host}" + (f":{parts.port}" if parts.port else "")
        url = urlunsplit(parts._replace(netloc=netloc))
    try:
        result = subprocess.run(  # noqa: S603 - list argv, no shell, fixed tools
            [*command, f"--dbname={url}"], env=environ, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise DatabaseError(
            f"{command[0]} is missing: install the PostgreSQL client tools "
            "(Debian: apt-get install -y postgresql-client)"
        ) from None
    if result.returncode != 0:
        raise DatabaseError(f"{command[0]} failed: {result.stderr.strip()}")
