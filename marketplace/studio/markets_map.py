"""The studio's map: countries shaded by plays, and the markets first reached this month in
the dashboard's colour for new markets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from infra.i18n.context import gettext
from infra.maps.atlas import world
from infra.maps.worldmap import Shade, svg
from marketplace.indicators.atlas import NEW_MARKET, level


def listeners_map(
    counts: Mapping[str, int], new: Sequence[str], label: str, names: Mapping[str, str]
) -> str:
    highest = max(counts.values(), default=0)
    shades = {
        code: Shade(level(count, highest), f"{names.get(code, code)} : {count}")
        for code, count in counts.items()
        if code and count > 0
    }
    suffix = gettext("nouveau marché ce mois-ci")
    shades |= {code: Shade(NEW_MARKET, f"{names.get(code, code)} ({suffix})") for code in new}
    return svg(world(), shades, label)
