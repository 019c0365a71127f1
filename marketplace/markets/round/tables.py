"""The round's rows: a market's round (its day, categories, state and result) and each side's
ranked wishes. Only `round/repository.py` reads and writes them."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Timestamptz, Varchar
from piccolo.table import Table


class RoundRow(Table, tablename="lakou_market_rounds"):
    # One round per market: the primary key keeps two openings from both winning.
    market_id = UUID(primary_key=True)
    day = Varchar(length=10)
    categories = JSON()
    state = Varchar(length=10)
    opened_by = UUID()
    opened_at = Timestamptz()
    ran_at = Timestamptz(null=True, default=None)
    result = JSON()


class RoundWishRow(Table, tablename="lakou_market_round_wishes"):
    id = UUID(primary_key=True)
    market_id = UUID()  # the unique (market_id, side, owner_id) index serves the reads
    side = Varchar(length=10)  # "buyer" (owner: a professional) or "stand" (owner: a stand)
    owner_id = UUID()
    wishes = JSON()  # ids, best first
    updated_at = Timestamptz()


TABLES: tuple[type[Table], ...] = (RoundRow, RoundWishRow)
