"""The indicators' maps: markets reached and counts per country, shaded on the shared world
map (`infra/maps`, drawn on the server for the pages and the PDF report alike)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from infra.i18n.context import gettext
from infra.maps.atlas import world
from infra.maps.worldmap import Shade, svg

# Shades from light to dark: the pages' CSS legend and the PDF's use the same.
LEVELS = ("#b7dccf", "#6fb8a0", "#2f8a6e", "#145c48")
NEW_MARKET = "#d98b2b"


def level(count: int, highest: int) -> str:
    """One of four shades, by the count's share of the highest (a quarter each)."""
    if highest <= 0:
        return LEVELS[0]
    return LEVELS[min(len(LEVELS) - 1, (count * len(LEVELS) - 1) // highest)]


def counts_map(counts: Mapping[str, int], label: str, names: Mapping[str, str]) -> str:
    """A map shaded by a count per country (alpha-2), e.g. a creator's plays."""
    highest = max(counts.values(), default=0)
    shades = {
        code: Shade(level(count, highest), f"{names.get(code, code)} : {count}")
        for code, count in counts.items()
        if code and count > 0
    }
    return svg(world(), shades, label)


def reach_map(
    reached: Sequence[str], new: Sequence[str], label: str, names: Mapping[str, str]
) -> str:
    """Markets reached in a period, the new ones in their own colour."""
    shades = {code: Shade(LEVELS[2], names.get(code, code)) for code in reached}
    suffix = gettext("nouveau marché")
    shades |= {code: Shade(NEW_MARKET, f"{names.get(code, code)} ({suffix})") for code in new}
    return svg(world(), shades, label)
