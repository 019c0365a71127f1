"""The migrations are frozen: fresh and upgraded databases agree, and so do the Table classes.

Three scratch databases on the suite's engine (PostgreSQL databases named after the test
database, or SQLite files), each built one way:

- fresh: every migration from an empty database;
- upgraded: the baseline dump (tests/schema/, today's schema as released) loaded, its ids marked
  applied, then each later migration applied one `migrate` call at a time;
- declared: the DDL piccolo generates from the live Table classes of every enabled module.

fresh must equal upgraded (a released migration edited, or a new one that only works on an
empty database, shows here), and the Table classes must match what the migrations give (a
column changed without a migration shows here, like Django's `makemigrations --check`).
See docs/decisions.md, "Frozen migrations".
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from piccolo.engine.base import Engine
from piccolo.table import Table

from infra.db.engine import make_engine
from infra.db.migrations import Migration, applied_ids, mark_applied, migrate
from infra.modules import all_migrations, all_tables
from infra.settings import DatabaseSettings, Settings
from lakou.bootstrap import enabled_modules
from tests.integration.schema_support import (
    Column,
    Schema,
    compare,
    compare_with_tables,
    inspect_postgres,
    inspect_sqlite,
    load_postgres_dump,
    load_sqlite_dump,
)

# The same variables as tests/conftest.py: the suite's engine and its PostgreSQL database.
DATABASE_KIND = os.environ.get("LAKOU_TEST_DATABASE", "postgres")
POSTGRES_URL = os.environ.get(
    "LAKOU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/lakou_test"
)
ENGINE = "postgres" if DATABASE_KIND == "postgres" else "sqlite"
BASELINE = Path(__file__).parents[1] / "schema"
TAMPERED = "added_by_test_schema"

# Builds its own scratch databases of the suite's engine: the SQLite pass runs it too.
pytestmark = pytest.mark.engine_specific


def baseline_ids() -> list[str]:
    lines = (BASELINE / "baseline.ids").read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


class ScratchDatabases:
    """Empty databases on the suite's engine, dropped (PostgreSQL) when the module ends."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.created: list[str] = []

    def url(self, label: str) -> str:
        if ENGINE == "sqlite":
            return f"sqlite:///{self.folder / f'{label}.sqlite3'}"
        parts = urlsplit(POSTGRES_URL)
        return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/')}_schema_{label}"))

    async def _admin(self, statement: str, name: str) -> None:
        parts = urlsplit(POSTGRES_URL)
        connection = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
        try:
            await connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
            )
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            if statement == "create":
                await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    async def create(self, label: str) -> tuple[str, Engine[Any]]:
        url = self.url(label)
        if ENGINE == "postgres":
            name = urlsplit(url).path.lstrip("/")
            await self._admin("create", name)
            self.created.append(name)
        return url, make_engine(DatabaseSettings(url))

    async def drop(self) -> None:
        for name in self.created:
            await self._admin("drop", name)

    async def inspect(self, url: str) -> Schema:
        if ENGINE == "postgres":
            return await inspect_postgres(url)
        return inspect_sqlite(DatabaseSettings(url).sqlite_path)

    async def load(self, url: str, dump: Path) -> None:
        if ENGINE == "postgres":
            await load_postgres_dump(url, dump)
        else:
            load_sqlite_dump(DatabaseSettings(url).sqlite_path, dump)


@dataclass(frozen=True)
class Schemas:
    fresh: Schema
    upgraded: Schema
    declared: Schema
    # The fresh database after a column was added to a table and one of its indexes dropped.
    tampered: Schema
    tampered_table: str
    tampered_index: str
    classes: dict[str, str]
    migration_ids: list[str]
    # What each `migrate` call after the baseline applied, in order.
    upgrade_steps: list[list[str]]
    upgrade_rerun: list[str]


async def _fresh(scratch: ScratchDatabases, migrations: Sequence[Migration]) -> tuple[str, Schema]:
    url, engine = await scratch.create("fresh")
    await migrate(engine, migrations)
    return url, await scratch.inspect(url)


async def _upgraded(
    scratch: ScratchDatabases, migrations: Sequence[Migration]
) -> tuple[Schema, list[list[str]], list[str]]:
    url, engine = await scratch.create("upgraded")
    await scratch.load(url, BASELINE / f"baseline.{ENGINE}.sql")
    await applied_ids(engine)  # creates the ledger, as `lakou migrate` would
    done = baseline_ids()
    for migration_id in done:
        await mark_applied(engine, migration_id)
    steps = [
        await migrate(engine, migrations[: position + 1])
        for position, migration in enumerate(migrations)
        if migration.id not in done
    ]
    rerun = await migrate(engine, migrations)
    return await scratch.inspect(url), steps, rerun


async def _declared(scratch: ScratchDatabases, tables: Sequence[type[Table]]) -> Schema:
    url, engine = await scratch.create("declared")
    saved = {table: table._meta._db for table in tables}
    try:
        for table in tables:
            table._meta.db = engine
        statements = [statement for table in tables for statement in table.create_table().ddl]
    finally:
        for table, db in saved.items():
            table._meta._db = db
    for statement in statements:
        await engine.run_ddl(statement)
    return await scratch.inspect(url)


async def _tamper(scratch: ScratchDatabases, url: str, declared: Schema) -> tuple[str, str, Schema]:
    """Add a column and drop an index the Table classes declare, by hand."""
    table, index = min(key for key, sql in declared.indexes.items() if "CREATE INDEX" in sql)
    engine = make_engine(DatabaseSettings(url))
    await engine.run_ddl(f'ALTER TABLE "{table}" ADD COLUMN "{TAMPERED}" VARCHAR(40)')
    await engine.run_ddl(f'DROP INDEX "{index}"')
    return table, index, await scratch.inspect(url)


async def _build(scratch: ScratchDatabases, settings: Settings) -> Schemas:
    modules = enabled_modules(settings)
    migrations = all_migrations(modules)
    tables = all_tables(modules)
    try:
        fresh_url, fresh = await _fresh(scratch, migrations)
        upgraded, steps, rerun = await _upgraded(scratch, migrations)
        declared = await _declared(scratch, tables)
        tampered_table, tampered_index, tampered = await _tamper(scratch, fresh_url, declared)
    finally:
        await scratch.drop()
    return Schemas(
        fresh=fresh,
        upgraded=upgraded,
        declared=declared,
        tampered=tampered,
        tampered_table=tampered_table,
        tampered_index=tampered_index,
        classes={table._meta.tablename: f"{table.__module__}.{table.__name__}" for table in tables},
        migration_ids=[migration.id for migration in migrations],
        upgrade_steps=steps,
        upgrade_rerun=rerun,
    )


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Schemas:
    folder = tmp_path_factory.mktemp("schema")
    # The core modules only, as a deployment without LAKOU_EXTENSIONS runs them.
    settings = Settings.from_env(
        {
            "LAKOU_ENV": "test",
            "LAKOU_VAR_DIR": str(folder / "var"),
            "LAKOU_SECRET_KEY": "test-secret-key-" + "x" * 32,
            "LAKOU_DATABASE_URL": ScratchDatabases(folder).url("fresh"),
        }
    )
    return asyncio.run(_build(ScratchDatabases(folder), settings))


def test_the_baseline_ids_are_released_migrations(schemas: Schemas) -> None:
    gone = [
        migration_id for migration_id in baseline_ids() if migration_id not in schemas.migration_ids
    ]
    assert not gone, (
        f"the baseline (tests/schema/baseline.ids) lists {gone}, which no enabled module "
        "declares any more: a released migration was renamed or removed"
    )


def test_an_upgraded_database_applies_each_later_migration_once(schemas: Schemas) -> None:
    later = [
        migration_id for migration_id in schemas.migration_ids if migration_id not in baseline_ids()
    ]
    assert schemas.upgrade_steps == [[migration_id] for migration_id in later]
    assert schemas.upgrade_rerun == []


def test_fresh_and_upgraded_databases_have_the_same_schema(schemas: Schemas) -> None:
    problems = compare(schemas.fresh, schemas.upgraded, "fresh", "upgraded")
    assert not problems, (
        "a fresh database and one upgraded from the baseline (tests/schema/) differ; a released "
        "migration was edited, or a new one does not upgrade an existing database:\n  "
        + "\n  ".join(problems)
    )


def test_the_migrations_give_what_the_table_classes_declare(schemas: Schemas) -> None:
    problems = compare_with_tables(schemas.declared, schemas.fresh, schemas.classes)
    assert not problems, (
        "the Table classes and the schema the migrations build differ; write a migration "
        "(docs/decisions.md, 'Frozen migrations'):\n  " + "\n  ".join(problems)
    )
    assert set(schemas.classes) <= schemas.fresh.tables


def test_the_comparison_sees_a_column_and_an_index_changed_by_hand(schemas: Schemas) -> None:
    table, index = schemas.tampered_table, schemas.tampered_index
    problems = compare(schemas.fresh, schemas.tampered, "fresh", "tampered")
    assert len(problems) == 2, problems
    assert problems[0].startswith(f"{table}.{TAMPERED}: only in the tampered schema")
    assert problems[1].startswith(f"index {index} on {table}: only in the fresh schema")
    against_classes = compare_with_tables(schemas.declared, schemas.tampered, schemas.classes)
    assert len(against_classes) == 2, against_classes
    assert against_classes[0].startswith(
        f"{table}.{TAMPERED} ({schemas.classes[table]}): the migrations create"
    )
    assert against_classes[0].endswith("a migration is needed (or restore the column)")
    assert against_classes[1].startswith(f"index {index} on {table} ({schemas.classes[table]})")
    assert against_classes[1].endswith("but the migrations do not create it: a migration is needed")


# Without a database: the comparisons name what differs.

_TEXT = Column("VARCHAR(40)", nullable=False, default="''")


def test_compare_reports_a_missing_column() -> None:
    before = Schema({("lakou_x", "id"): Column("UUID", False, None), ("lakou_x", "name"): _TEXT})
    after = Schema({("lakou_x", "id"): Column("UUID", False, None)})
    assert compare(before, after, "fresh", "upgraded") == [
        "lakou_x.name: only in the fresh schema (VARCHAR(40) NOT NULL DEFAULT '')"
    ]
    assert compare(before, before, "fresh", "upgraded") == []


def test_compare_reports_a_changed_column_index_and_table() -> None:
    before = Schema(
        {("lakou_x", "name"): _TEXT, ("lakou_y", "id"): _TEXT},
        indexes={("lakou_x", "lakou_x_name"): "(name)"},
    )
    after = Schema(
        {("lakou_x", "name"): Column("VARCHAR(40)", nullable=True, default="''")},
        indexes={("lakou_x", "lakou_x_name"): "UNIQUE (name)"},
    )
    assert compare(before, after, "fresh", "upgraded") == [
        "table lakou_y: only in the fresh schema",
        "lakou_x.name: fresh has VARCHAR(40) NOT NULL DEFAULT '', "
        "upgraded has VARCHAR(40) NULL DEFAULT ''",
        "index lakou_x_name on lakou_x: fresh has (name), upgraded has UNIQUE (name)",
    ]


def test_a_table_class_changed_without_a_migration_is_reported() -> None:
    declared = Schema(
        {("lakou_x", "name"): _TEXT, ("lakou_x", "added"): _TEXT},
        indexes={("lakou_x", "lakou_x_added"): "(added)"},
    )
    migrated = Schema(
        {("lakou_x", "name"): _TEXT, ("lakou_schema_migrations", "id"): _TEXT},
        indexes={("lakou_x", "lakou_x_once"): "UNIQUE (name)"},  # more indexes are fine
    )
    assert compare_with_tables(declared, migrated, {"lakou_x": "context.tables.X"}) == [
        "lakou_x.added (context.tables.X): the Table class has VARCHAR(40) NOT NULL DEFAULT '', "
        "but the migrations do not create the column: a migration is needed",
        "index lakou_x_added on lakou_x (context.tables.X): the Table class declares (added), "
        "but the migrations do not create it: a migration is needed",
    ]
