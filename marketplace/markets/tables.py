"""Markets, their team, stands, stand works and documents, visits and accreditations.

Only the markets' repositories read and write these rows.
"""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Bytea, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, sql_files
from marketplace.markets.codes import tables as codes_tables
from marketplace.markets.meetings import tables as meeting_tables
from marketplace.markets.programme import tables as programme_tables
from marketplace.markets.round import tables as round_tables
from marketplace.markets.visuals import tables as visual_tables


class MarketRow(Table, tablename="lakou_markets"):
    id = UUID(primary_key=True)
    slug = Varchar(length=60, unique=True)
    organisation_id = UUID(index=True)
    created_by = UUID()
    name = Varchar(length=200)
    edition = Varchar(length=100)
    descriptions = JSON()
    sections = JSON()
    opens_at = Timestamptz()
    closes_at = Timestamptz()
    state = Varchar(length=20, index=True)
    visual_key = Varchar(length=300, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class MarketTeamRow(Table, tablename="lakou_market_team"):
    id = UUID(primary_key=True)
    market_id = UUID(index=True)
    user_id = UUID(index=True)
    role = Varchar(length=20)


class StandRow(Table, tablename="lakou_market_stands"):
    id = UUID(primary_key=True)
    market_id = UUID(index=True)
    exhibitor_kind = Varchar(length=30)
    creator_id = UUID(null=True, default=None)
    organisation_id = UUID(null=True, default=None)
    owner_id = UUID(null=True, default=None, index=True)
    name = Varchar(length=200)
    # Lower case without accents, for the stand search inside a market.
    name_folded = Varchar(length=200)
    commune_code = Varchar(length=5, null=True, default=None)
    # " music film ": a LIKE '% music %' filter reads the same on both engines.
    disciplines = Varchar(length=300)
    presentations = JSON()
    contacts = JSON()
    tables = Integer()
    live_slots = JSON()
    created_at = Timestamptz()
    updated_at = Timestamptz()
    # Staff moderation: '' (none), 'hidden' or 'taken_down'; written only by `moderate`.
    moderation = Varchar(length=20, default="")
    moderation_reason = Varchar(length=500, default="")


class StandWorkRow(Table, tablename="lakou_market_stand_works"):
    id = UUID(primary_key=True)
    stand_id = UUID(index=True)
    work_id = UUID(index=True)
    position = Integer()


class StandDocumentRow(Table, tablename="lakou_market_stand_documents"):
    id = UUID(primary_key=True)
    stand_id = UUID(index=True)
    kind = Varchar(length=30)
    audience = Varchar(length=20)
    filename = Varchar(length=200)
    content_type = Varchar(length=40)
    size = Integer()
    content = Bytea()
    uploaded_by = UUID()
    uploaded_at = Timestamptz()


class StandVisitRow(Table, tablename="lakou_market_stand_visits"):
    id = UUID(primary_key=True)
    stand_id = UUID()
    # The person's id, or a keyed hash of an anonymous visitor's address: never the address.
    visitor = Varchar(length=64)
    day = Varchar(length=10)


class AccreditationRow(Table, tablename="lakou_market_accreditations"):
    id = UUID(primary_key=True)
    market_id = UUID(index=True)
    user_id = UUID(index=True)
    organisation_id = UUID()
    category = Varchar(length=20)
    state = Varchar(length=20)
    reason = Text()
    created_at = Timestamptz()
    decided_at = Timestamptz(null=True, default=None)
    decided_by = UUID(null=True, default=None)


class MarketDayRow(Table, tablename="lakou_market_days"):
    """A market's counters for one Martinique day (analytics read these, never the sources)."""

    id = UUID(primary_key=True)
    market_id = UUID()  # the unique (market_id, day) index serves the market's reads
    day = Varchar(length=10)
    stand_visits = Integer()
    plays = Integer()
    meetings = Integer()
    accreditations = Integer()
    sales_units = Integer()
    sales_gross_cents = Integer()
    redemptions = Integer()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (
    MarketRow,
    MarketTeamRow,
    StandRow,
    StandWorkRow,
    StandDocumentRow,
    StandVisitRow,
    AccreditationRow,
    MarketDayRow,
    *codes_tables.TABLES,
    *programme_tables.TABLES,
    *meeting_tables.TABLES,
    *round_tables.TABLES,
    *visual_tables.TABLES,
)
MIGRATIONS: tuple[Migration, ...] = (
    sql_files(FROZEN, "markets.0001_markets"),
    sql_files(FROZEN, "markets.0002_programme"),
    sql_files(FROZEN, "markets.0003_meetings"),
    sql_files(FROZEN, "markets.0004_stand_codes"),
    sql_files(FROZEN, "markets.0005_entries_analytics"),
    sql_files(FROZEN, "markets.0006_round"),
    sql_files(FROZEN, "markets.0007_meeting_cancel"),
    sql_files(FROZEN, "markets.0008_visuals"),
    sql_files(FROZEN, "markets.0009_stand_moderation"),
)
