"""A small, ordered migrations registry that runs frozen SQL on SQLite and PostgreSQL.

Each bounded context contributes `Migration`s; the composition root lists them in order. A
step runs in its own transaction and is recorded in `lakou_schema_migrations`, so running
`lakou migrate` again (or two processes racing at start-up) applies nothing twice.

A migration's SQL is frozen when it is written: it never derives DDL from the live piccolo
tables, so a fresh database and an upgraded one get the same schema (docs/decisions.md,
"Frozen migrations"). Engine-neutral SQL uses `run_sql`; DDL that differs per engine lives in
`<context>/migrations/<id>.postgres.sql` and `<id>.sqlite.sql`, read by `sql_files`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from piccolo.engine.base import Engine

from infra.db.engine import prepare_sqlite, write_transaction

MigrationStep = Callable[[Engine[Any]], Awaitable[None]]


@dataclass(frozen=True)
class Migration:
    id: str
    apply: MigrationStep


LEDGER_TABLE = "lakou_schema_migrations"
ENGINES = ("postgres", "sqlite")
_MIGRATION_ID = re.compile(r"^[a-z0-9_.]+$")


def run_sql(*statements: str) -> MigrationStep:
    """The same statements on every engine."""

    async def step(engine: Engine[Any]) -> None:
        for statement in statements:
            await engine.run_ddl(statement)

    return step


def sql_per_engine(*, postgres: Sequence[str], sqlite: Sequence[str]) -> MigrationStep:
    """Statements chosen by the engine's type (piccolo's DDL differs between the two)."""
    by_engine = {"postgres": tuple(postgres), "sqlite": tuple(sqlite)}

    async def step(engine: Engine[Any]) -> None:
        statements = by_engine.get(engine.engine_type)
        if statements is None:
            raise ValueError(f"no migration SQL for the {engine.engine_type!r} engine")
        for statement in statements:
            await engine.run_ddl(statement)

    return step


def split_sql(text: str) -> list[str]:
    """A SQL file's statements: each ends with `;` at the end of a line; `--` lines between
    statements are comments."""
    statements: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("--")):
            continue
        current.append(line)
        if stripped.endswith(";"):
            statements.append("\n".join(current).strip().removesuffix(";").rstrip())
            current = []
    if current:
        raise ValueError(f"SQL statement without a closing ';': {current[0][:80]!r}")
    return statements


def sql_files(folder: Path, migration_id: str) -> Migration:
    """The migration frozen in `folder/<id>.postgres.sql` and `folder/<id>.sqlite.sql`."""
    files = {engine: folder / f"{migration_id}.{engine}.sql" for engine in ENGINES}
    statements = {engine: split_sql(path.read_text("utf-8")) for engine, path in files.items()}
    for engine, path in files.items():
        if not statements[engine]:
            raise ValueError(f"{path} holds no SQL statement")
    return Migration(
        migration_id, sql_per_engine(postgres=statements["postgres"], sqlite=statements["sqlite"])
    )


async def applied_ids(engine: Engine[Any]) -> set[str]:
    await engine.run_ddl(
        f"CREATE TABLE IF NOT EXISTS {LEDGER_TABLE} "
        "(id VARCHAR(200) PRIMARY KEY, applied_at VARCHAR(40))"
    )
    rows = await engine.run_ddl(f"SELECT id FROM {LEDGER_TABLE}")
    return {row["id"] for row in rows or []}


async def mark_applied(engine: Engine[Any], migration_id: str) -> None:
    if not _MIGRATION_ID.match(migration_id):
        raise ValueError("migration ids must match [a-z0-9_.]+")
    await engine.run_ddl(
        f"INSERT INTO {LEDGER_TABLE} (id, applied_at) VALUES ('{migration_id}', "
        f"'{datetime.now(UTC).isoformat()}')"
    )


async def migrate(engine: Engine[Any], migrations: Sequence[Migration]) -> list[str]:
    """Apply pending migrations in order; return the ids applied by this call."""
    ids = [migration.id for migration in migrations]
    if not all(_MIGRATION_ID.match(migration_id) for migration_id in ids):
        raise ValueError("migration ids must match [a-z0-9_.]+")
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate migration ids")
    await prepare_sqlite(engine)
    done = await applied_ids(engine)
    applied: list[str] = []
    for migration in migrations:
        if migration.id in done:
            continue
        # Each migration writes (at least its ledger row): on SQLite, take the write lock first
        # so that a step that reads before it writes waits for another writer instead of failing.
        async with write_transaction(engine):
            await migration.apply(engine)
            await mark_applied(engine, migration.id)
        applied.append(migration.id)
    return applied
