"""New markets of some works (one work, or a creator's catalogue): the countries where they
were first diffused (bought, listened to in full; screened and licensed once those modules
feed the fold) and the day it first happened, from the live facts.

The territory's new markets are kept as cells (`live_cells.py`); these are asked for by one
creator at a time, so they are read on demand through the partial index of first reaches.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from marketplace.indicators.repository import LIVE, raw

# Work ids per statement: under old SQLite builds' 999 bound values.
_IDS_PER_QUERY = 500


class FirstReaches:
    async def of_works(self, work_ids: Iterable[UUID | str]) -> dict[str, str]:
        """Country (alpha-2) → the Martinique day the works first reached it, together."""
        ids = sorted({str(work) for work in work_ids})
        found: dict[str, str] = {}
        for start in range(0, len(ids), _IDS_PER_QUERY):
            chunk = ids[start : start + _IDS_PER_QUERY]
            rows = await raw(
                f"SELECT country, MIN(day) AS first FROM {LIVE.facts} "  # noqa: S608
                "WHERE indicator = 'diffusion' AND support > 0 AND country <> '' "
                f"AND subject IN ({', '.join('{}' for _ in chunk)}) GROUP BY country",
                *chunk,
            )
            for row in rows:
                country, day = str(row["country"]), str(row["first"])
                if country not in found or day < found[country]:
                    found[country] = day
        return found
