"""Statistical disclosure control for counts of people: no cell under five is published.

Primary suppression hides every count from 1 to 4. Secondary suppression then hides more
cells so that no hidden one can be recovered from the others and the total: in a breakdown
(cells that add up to the total) where exactly one cell is hidden, the smallest other
published cell is hidden too; a total under five hides its whole breakdown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from marketplace.indicators.domain.aggregates import PEOPLE_INDICATORS, Cell

THRESHOLD = 5


def hidden(count: int) -> bool:
    return 0 < count < THRESHOLD


def publishable(cells: Iterable[Cell]) -> list[tuple[Cell, bool]]:
    """Each cell with whether it is published (False: shown as hidden, its count withheld).

    Breakdowns that add up to their total (a member is of one kind) are the only ones
    published for people, so a group is one (indicator, period, dimension)."""
    result: dict[Cell, bool] = {}
    groups: defaultdict[tuple[str, str, str], list[Cell]] = defaultdict(list)
    totals: dict[tuple[str, str], int] = {}
    for cell in cells:
        if cell.indicator not in PEOPLE_INDICATORS:
            result[cell] = True
            continue
        result[cell] = not hidden(cell.figure)
        if cell.dimension == "total":
            totals[cell.indicator, cell.period] = cell.figure
        else:
            groups[cell.indicator, cell.period, cell.dimension].append(cell)
    for (indicator, period, _), members in groups.items():
        if hidden(totals.get((indicator, period), 0)):
            for cell in members:
                result[cell] = False
            continue
        withheld = [cell for cell in members if not result[cell]]
        if len(withheld) == 1:
            shown = sorted((cell for cell in members if result[cell]), key=lambda c: c.figure)
            if shown:
                result[shown[0]] = False
    return list(result.items())
