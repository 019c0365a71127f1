"""The indicators' tables: facts with their support, and the orders' records, twice.

The live pair is filled by the consumers; the rebuilt pair by `lakou indicators rebuild`,
from the outbox's history with the same fold, so the two can be compared row by row.
"""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, Integer, Varchar
from piccolo.table import Table

from infra.db.migrations import sql_files


class FactRow(Table, tablename="lakou_indicator_facts"):
    # The fact's fields joined by a unit separator: one row per fact, upserted.
    key = Varchar(length=200, primary_key=True)
    indicator = Varchar(length=20)
    day = Varchar(length=10, index=True)  # ISO date in Martinique
    subject = Varchar(length=64)
    channel = Varchar(length=30)
    country = Varchar(length=2)
    country_source = Varchar(length=10)
    member_kind = Varchar(length=20)
    support = Integer(default=0)


class OrderRecordRow(Table, tablename="lakou_indicator_orders"):
    order_id = Varchar(length=64, primary_key=True)
    record = JSON()


class RebuiltFactRow(FactRow, tablename="lakou_indicator_facts_rebuilt"):
    pass


class RebuiltOrderRecordRow(OrderRecordRow, tablename="lakou_indicator_orders_rebuilt"):
    pass


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (FactRow, OrderRecordRow, RebuiltFactRow, RebuiltOrderRecordRow)
MIGRATIONS = (sql_files(FROZEN, "indicators.0001_facts"),)
