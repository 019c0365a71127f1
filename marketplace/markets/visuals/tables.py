"""A market's current visuals, one row per market and role (unique: a new upload replaces it)."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table


class MarketVisualRow(Table, tablename="lakou_market_visuals"):
    id = UUID(primary_key=True)
    market_id = UUID()  # the unique (market_id, role) index serves the market's reads
    role = Varchar(length=20)
    sha256 = Varchar(length=64)
    width = Integer()
    height = Integer()
    widths = JSON()  # [240, 480, 960]: each stored as WebP and JPEG
    uploaded_by = UUID()
    uploaded_at = Timestamptz()


TABLES: tuple[type[Table], ...] = (MarketVisualRow,)
