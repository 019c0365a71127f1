"""Batches of stand codes and their codes (kept as keyed hashes only).

Only the codes' repository reads and writes these rows.
"""

from __future__ import annotations

from piccolo.columns import UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table


class CodeBatchRow(Table, tablename="lakou_market_code_batches"):
    id = UUID(primary_key=True)
    market_id = UUID(index=True)
    stand_id = UUID(index=True)
    work_id = UUID()
    created_by = UUID()
    size = Integer()  # how many codes
    price_cents = Integer()  # per code, VAT included
    state = Varchar(length=20)  # printed → sold, or printed → void
    order_id = UUID(null=True, default=None)  # the cash sale's order, once sold
    created_at = Timestamptz()
    sold_at = Timestamptz(null=True, default=None)
    voided_at = Timestamptz(null=True, default=None)


class StandCodeRow(Table, tablename="lakou_market_codes"):
    id = UUID(primary_key=True)
    batch_id = UUID(index=True)
    position = Integer()  # the code's place on the sheet (1..count)
    # HMAC-SHA256 of the code under a key derived from the site secret: never the code.
    digest = Varchar(length=64, unique=True)
    redeemed_by = UUID(null=True, default=None)
    redeemed_at = Timestamptz(null=True, default=None)


TABLES: tuple[type[Table], ...] = (CodeBatchRow, StandCodeRow)
