"""Availability on the shared world map (`infra/maps`): each country filled by what a new
licence could be there for one medium over one period; the overseas departments are their
own territories, so Martinique free and mainland France licensed show as two colours."""

from __future__ import annotations

from collections.abc import Mapping

from infra.i18n.context import N_, gettext
from infra.maps.atlas import world
from infra.maps.worldmap import Shade, svg
from marketplace.licensing.domain import Status

# Shown in the legend and the table in this order; fills are presentation attributes.
FILLS = {
    Status.EXCLUSIVE: "#2f8a6e",
    Status.NON_EXCLUSIVE: "#e0b048",
    Status.LICENSED: "#b5485d",
}
STATUS_LABELS = {
    Status.EXCLUSIVE: N_("Disponible"),
    Status.NON_EXCLUSIVE: N_("Disponible en partie (non exclusif)"),
    Status.LICENSED: N_("Déjà concédé"),
}


def availability_map(
    statuses: Mapping[str, Status | None], label: str, names: Mapping[str, str]
) -> str:
    """`statuses`: each country's status (None: not offered all the period, left blank)."""
    shades = {
        code: Shade(FILLS[status], f"{names.get(code, code)} : {gettext(STATUS_LABELS[status])}")
        for code, status in statuses.items()
        if status is not None
    }
    return svg(world(), shades, label)
