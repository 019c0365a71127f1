"""A small, ordered migrations registry that runs the same steps on SQLite and PostgreSQL.

Each bounded context contributes `Migration`s; the composition root lists them in order. A
step runs in its own transaction and is recorded in `lakou_schema_migrations`, so running
`lakou migrate` again (or two processes racing at start-up) applies nothing twice.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from piccolo.engine.base import Engine
from piccolo.table import Table

from infra.db.engine import prepare_sqlite

MigrationStep = Callable[[Engine[Any]], Awaitable[None]]


@dataclass(frozen=True)
class Migration:
    id: str
    apply: MigrationStep


_LEDGER = "lakou_schema_migrations"
_MIGRATION_ID = re.compile(r"^[a-z0-9_.]+$")


def create_tables(*tables: type[Table]) -> MigrationStep:
    async def step(engine: Engine[Any]) -> None:
        for table in tables:
            await table.create_table(if_not_exists=True)

    return step


def run_sql(*statements: str) -> MigrationStep:
    async def step(engine: Engine[Any]) -> None:
        for statement in statements:
            await engine.run_ddl(statement)

    return step


async def applied_ids(engine: Engine[Any]) -> set[str]:
    await engine.run_ddl(
        f"CREATE TABLE IF NOT EXISTS {_LEDGER} (id VARCHAR(200) PRIMARY KEY, applied_at VARCHAR(40))"
    )
    rows = await engine.run_ddl(f"SELECT id FROM {_LEDGER}")
    return {row["id"] for row in rows or []}


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
        async with engine.transaction():
            await migration.apply(engine)
            await engine.run_ddl(
                f"INSERT INTO {_LEDGER} (id, applied_at) VALUES ('{migration.id}', "
                f"'{datetime.now(UTC).isoformat()}')"
            )
        applied.append(migration.id)
    return applied
