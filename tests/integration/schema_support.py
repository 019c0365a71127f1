"""Read a database's schema (columns, indexes, foreign keys) and compare two of them.

Used by test_schema.py: the schema a fresh database gets from the migrations, the one an
upgraded database gets (the baseline dump, then the later migrations), and the one piccolo's
Table classes describe. PostgreSQL is read from information_schema and pg_catalog, SQLite from
its PRAGMAs; both give the same `Schema` shape, keyed by table.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from infra.db.migrations import LEDGER_TABLE


@dataclass(frozen=True)
class Column:
    type: str
    nullable: bool
    default: str | None

    def __str__(self) -> str:
        null = "NULL" if self.nullable else "NOT NULL"
        return f"{self.type} {null} DEFAULT {self.default}"


@dataclass(frozen=True)
class Schema:
    # (table, column) -> shape; (table, index name) -> definition; (table, key) -> definition.
    columns: Mapping[tuple[str, str], Column]
    indexes: Mapping[tuple[str, str], str] = field(default_factory=dict)
    foreign_keys: Mapping[tuple[str, str], str] = field(default_factory=dict)

    @property
    def tables(self) -> set[str]:
        return {table for table, _ in self.columns}

    def only(self, tables: Iterable[str]) -> Schema:
        keep = set(tables)
        return Schema(
            {key: value for key, value in self.columns.items() if key[0] in keep},
            {key: value for key, value in self.indexes.items() if key[0] in keep},
            {key: value for key, value in self.foreign_keys.items() if key[0] in keep},
        )


def compare(expected: Schema, actual: Schema, expected_name: str, actual_name: str) -> list[str]:
    """Every difference, one line each, naming the table and the column, index or key."""
    problems: list[str] = []
    for table in sorted(expected.tables - actual.tables):
        problems.append(f"table {table}: only in the {expected_name} schema")
    for table in sorted(actual.tables - expected.tables):
        problems.append(f"table {table}: only in the {actual_name} schema")
    shared = expected.tables & actual.tables
    for kind, left, right in (
        ("column", expected.columns, actual.columns),
        ("index", expected.indexes, actual.indexes),
        ("foreign key", expected.foreign_keys, actual.foreign_keys),
    ):
        for key in sorted(set(left) | set(right)):
            table, name = key
            if table not in shared:
                continue
            where = f"{table}.{name}" if kind == "column" else f"{kind} {name} on {table}"
            if key not in right:
                problems.append(f"{where}: only in the {expected_name} schema ({left[key]})")
            elif key not in left:
                problems.append(f"{where}: only in the {actual_name} schema ({right[key]})")
            elif left[key] != right[key]:
                problems.append(
                    f"{where}: {expected_name} has {left[key]}, {actual_name} has {right[key]}"
                )
    return problems


def compare_with_tables(
    declared: Schema, migrated: Schema, classes: Mapping[str, str]
) -> list[str]:
    """What the migrations fail to give the Table classes (`classes`: table name -> class).

    Columns must match both ways; the indexes and foreign keys the classes declare must exist
    as declared (the migrations may add more: partial or multi-column unique indexes).
    """
    fix = "a migration is needed"
    problems: list[str] = []
    for table in sorted(declared.tables - migrated.tables):
        problems.append(
            f"table {table} ({classes.get(table, '?')}): declared by its Table class, "
            f"but no migration creates it: {fix}"
        )
    for table in sorted(migrated.tables - declared.tables - {LEDGER_TABLE}):
        problems.append(
            f"table {table}: created by the migrations, but no Table class of an enabled module "
            f"declares it: {fix} (or restore the class)"
        )
    shared = declared.tables & migrated.tables
    for key in sorted(set(declared.columns) | set(migrated.columns)):
        table, column = key
        if table not in shared:
            continue
        where = f"{table}.{column} ({classes.get(table, '?')})"
        if key not in migrated.columns:
            problems.append(
                f"{where}: the Table class has {declared.columns[key]}, "
                f"but the migrations do not create the column: {fix}"
            )
        elif key not in declared.columns:
            problems.append(
                f"{where}: the migrations create {migrated.columns[key]}, "
                f"but the Table class has no such column: {fix} (or restore the column)"
            )
        elif declared.columns[key] != migrated.columns[key]:
            problems.append(
                f"{where}: the Table class says {declared.columns[key]}, "
                f"the migrations give {migrated.columns[key]}: {fix}"
            )
    for kind, wanted, present in (
        ("index", declared.indexes, migrated.indexes),
        ("foreign key", declared.foreign_keys, migrated.foreign_keys),
    ):
        for key, definition in sorted(wanted.items()):
            table, name = key
            if table not in shared:
                continue
            where = f"{kind} {name} on {table} ({classes.get(table, '?')})"
            if key not in present:
                problems.append(
                    f"{where}: the Table class declares {definition}, "
                    f"but the migrations do not create it: {fix}"
                )
            elif present[key] != definition:
                problems.append(
                    f"{where}: the Table class says {definition}, "
                    f"the migrations give {present[key]}: {fix}"
                )
    return problems


# PostgreSQL -------------------------------------------------------------------------------

_PG_COLUMNS = """
SELECT table_name, column_name, data_type, udt_name, character_maximum_length,
       is_nullable, column_default
FROM information_schema.columns
WHERE table_schema = current_schema()
"""
_PG_INDEXES = """
SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
"""
_PG_FOREIGN_KEYS = """
SELECT cl.relname AS table_name, co.conname, pg_get_constraintdef(co.oid) AS definition
FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
WHERE co.contype = 'f' AND co.connamespace = current_schema()::regnamespace
"""


async def inspect_postgres(url: str) -> Schema:
    connection = await asyncpg.connect(url)
    try:
        columns = {}
        for row in await connection.fetch(_PG_COLUMNS):
            kind = row["data_type"]
            if kind in ("ARRAY", "USER-DEFINED"):
                kind = row["udt_name"]
            if row["character_maximum_length"] is not None:
                kind = f"{kind}({row['character_maximum_length']})"
            columns[(row["table_name"], row["column_name"])] = Column(
                kind, row["is_nullable"] == "YES", row["column_default"]
            )
        indexes = {
            (row["tablename"], row["indexname"]): row["indexdef"]
            for row in await connection.fetch(_PG_INDEXES)
        }
        foreign_keys = {
            (row["table_name"], row["conname"]): row["definition"]
            for row in await connection.fetch(_PG_FOREIGN_KEYS)
        }
    finally:
        await connection.close()
    return Schema(columns, indexes, foreign_keys)


async def load_postgres_dump(url: str, dump: Path) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(dump.read_text("utf-8"))  # several statements: simple protocol
    finally:
        await connection.close()


# SQLite -----------------------------------------------------------------------------------


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def inspect_sqlite(path: Path) -> Schema:
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        sql_of = dict(
            connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        )
        columns: dict[tuple[str, str], Column] = {}
        indexes: dict[tuple[str, str], str] = {}
        foreign_keys: dict[tuple[str, str], str] = {}
        for table in tables:
            for _, name, kind, notnull, default, _pk in connection.execute(
                f"PRAGMA table_info({_quoted(table)})"
            ):
                columns[(table, name)] = Column(
                    _sqlite_type(kind), not notnull, _sqlite_default(default)
                )
            for _, index, unique, origin, partial in connection.execute(
                f"PRAGMA index_list({_quoted(table)})"
            ):
                names = [
                    row[2] for row in connection.execute(f"PRAGMA index_info({_quoted(index)})")
                ]
                definition = (
                    f"{'UNIQUE ' if unique else ''}({', '.join(names)}) origin={origin}"
                    f"{' partial' if partial else ''}"
                )
                if sql_of.get(index):
                    definition += ": " + re.sub(r"\s+", " ", sql_of[index]).strip()
                indexes[(table, index)] = definition
            for row in connection.execute(f"PRAGMA foreign_key_list({_quoted(table)})"):
                _, _, target, source, to, on_update, on_delete, _match = row
                foreign_keys[(table, source)] = (
                    f"({source}) REFERENCES {target}({to}) "
                    f"ON UPDATE {on_update} ON DELETE {on_delete}"
                )
    finally:
        connection.close()
    return Schema(columns, indexes, foreign_keys)


# SQLite stores every integer type alike (INTEGER affinity): BIGINT in a migration and INTEGER in
# a Table class give the same column.
_SQLITE_INTEGERS = {"INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "MEDIUMINT", "INT8"}


def _sqlite_type(declared: str) -> str:
    return "INTEGER" if declared.upper() in _SQLITE_INTEGERS else declared


def _sqlite_default(default: str | None) -> str | None:
    # `DEFAULT NULL` written by hand and piccolo's `DEFAULT null` are both no default.
    return None if default is not None and default.upper() == "NULL" else default


def load_sqlite_dump(path: Path, dump: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(dump.read_text("utf-8"))
    finally:
        connection.close()
