"""What the programme's pages share: the names of session kinds and audiences, and a time
shown in Martinique's time and the visitor's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from infra.i18n.context import N_, gettext
from marketplace.markets.page_helpers import in_martinique

KIND_NAMES = {
    "screening": N_("Projection"),
    "showcase": N_("Showcase"),
    "talk": N_("Rencontre"),
    "premiere": N_("Première"),
    "pitch": N_("Pitch"),
}
AUDIENCE_NAMES = {
    "public": N_("Tout public"),
    "accredited": N_("Réservé aux accrédités"),
}


def _label(names: dict[str, str], value: object) -> str:
    key = str(getattr(value, "value", value))
    return gettext(names[key]) if key in names else key


def programme_helpers() -> dict[str, Any]:
    return {
        "kind_label": lambda value: _label(KIND_NAMES, value),
        "audience_label": lambda value: _label(AUDIENCE_NAMES, value),
        "in_martinique": lambda moment: in_martinique(moment),
        "iso": lambda moment: moment.isoformat() if isinstance(moment, datetime) else "",
    }
