"""Catalogue rows. Only the repository reads and writes them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Boolean, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from infra.db.migrations import sql_files


class CreatorRow(Table, tablename="lakou_creators"):
    id = UUID(primary_key=True)
    owner_id = UUID(index=True)
    kind = Varchar(length=20)
    name = Varchar(length=200)
    bios = JSON()
    commune = Varchar(length=100, null=True, default=None)
    disciplines = JSON()
    links = JSON()
    created_at = Timestamptz()
    updated_at = Timestamptz()


class WorkRow(Table, tablename="lakou_works"):
    id = UUID(primary_key=True)
    creator = ForeignKey(CreatorRow, on_delete=OnDelete.restrict, index=True)
    owner_id = UUID(index=True)
    titles = JSON()
    descriptions = JSON()
    discipline = Varchar(length=40, index=True)
    languages = JSON()
    year = Integer(null=True, default=None)
    duration_s = Integer(null=True, default=None)
    credits = JSON()
    identifiers = JSON()
    visibility = Varchar(length=20)
    status = Varchar(length=20, index=True)
    cover_key = Varchar(length=200, null=True, default=None)
    moderation_hold = Boolean(default=False)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    published_at = Timestamptz(null=True, default=None)
    media_event_at = Timestamptz(null=True, default=None)


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (CreatorRow, WorkRow)
MIGRATIONS = (sql_files(FROZEN, "catalogue.0001_creators_works"),)
