"""Catalogue rows. Only the repository reads and writes them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from piccolo.columns import JSON, UUID, Boolean, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.engine.base import Engine
from piccolo.querystring import QueryString
from piccolo.table import Table

from accounts.territory import find as find_commune
from infra.db.migrations import Migration, sql_files


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
    commune_code = Varchar(length=5, null=True, default=None)  # INSEE, accounts.territory


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


async def fill_commune_codes(engine: Engine[Any]) -> None:
    """Give creators whose free-text commune names a Martinican commune its INSEE code; the
    others keep their text and no code, for a person to fix. Only rows without a code are
    read, so running it again changes nothing. Plain SQL with parameters: the step must not
    depend on the live Table class, which later migrations may change."""
    rows = await engine.run_ddl(
        "SELECT DISTINCT commune FROM lakou_creators "
        "WHERE commune IS NOT NULL AND commune_code IS NULL"
    )
    for row in rows or []:
        found = find_commune(row["commune"])
        if found is not None:
            await engine.run_querystring(
                QueryString(
                    "UPDATE lakou_creators SET commune_code = {} "
                    "WHERE commune = {} AND commune_code IS NULL",
                    found.code,
                    row["commune"],
                )
            )


MIGRATIONS = (
    sql_files(FROZEN, "catalogue.0001_creators_works"),
    sql_files(FROZEN, "catalogue.0002_creator_commune_code"),
    Migration("catalogue.0003_creator_commune_codes_filled", fill_commune_codes),
)
