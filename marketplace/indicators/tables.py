"""The indicators' tables: facts with their support, the orders' records and the published
cells, twice; the works' attributes the live cells count with, and the cells' version.

The live set is filled by the consumers (facts, orders, cells moved in the same transaction);
the rebuilt set by `lakou indicators rebuild`, from the outbox's history with the same fold,
so the two can be compared row by row.
"""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, BigInt, Boolean, Integer, Varchar
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
    # No index by day (indicators.0003 dropped it): the rebuild writes these rows in bulk and
    # only compares them as a whole.
    day = Varchar(length=10)


class RebuiltOrderRecordRow(OrderRecordRow, tablename="lakou_indicator_orders_rebuilt"):
    pass


class CellRow(Table, tablename="lakou_indicator_cells"):
    """One published cell of a period, suppression applied (the figure kept for the rebuild's
    comparison; a suppressed one is never served)."""

    # grain, period, indicator, dimension and value joined by a unit separator.
    key = Varchar(length=200, primary_key=True)
    grain = Varchar(length=10)
    period = Varchar(length=10)
    indicator = Varchar(length=20)
    dimension = Varchar(length=20)
    value = Varchar(length=64)
    figure = Integer(default=0)
    suppressed = Boolean(default=False)


class RebuiltCellRow(CellRow, tablename="lakou_indicator_cells_rebuilt"):
    pass


class StalePeriodRow(Table, tablename="lakou_indicator_stale"):
    """A period whose cells a fact changed since they were counted (grain and period joined).

    No longer written: the consumer moves the cells itself (migration 0003); the table stays
    because migrations are frozen."""

    key = Varchar(length=24, primary_key=True)
    marked_by = Varchar(length=64)


class WorkAttributesRow(Table, tablename="lakou_indicator_works"):
    """A work's attributes as its kept cells count them (re-attributed when the catalogue's
    change event comes)."""

    work_id = Varchar(length=64, primary_key=True)
    discipline = Varchar(length=64)
    commune = Varchar(length=10)
    epci = Varchar(length=20)
    creator = Varchar(length=64)
    organisation = Varchar(length=64)


class CellsVersionRow(Table, tablename="lakou_indicator_version"):
    """One row: bumped in every transaction that changes the live cells (the read cache's key)."""

    id = Integer(primary_key=True, default=1)
    version = BigInt(default=0)


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (
    FactRow,
    OrderRecordRow,
    RebuiltFactRow,
    RebuiltOrderRecordRow,
    CellRow,
    RebuiltCellRow,
    StalePeriodRow,
    WorkAttributesRow,
    CellsVersionRow,
)
MIGRATIONS = (
    sql_files(FROZEN, "indicators.0001_facts"),
    sql_files(FROZEN, "indicators.0002_cells"),
    sql_files(FROZEN, "indicators.0003_live_cells"),
)
