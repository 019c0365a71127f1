"""The indicators module's errors: a stable code each, and the French message clients get."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class IndicatorError(ErrorCode):
    INVALID_GRAIN = "invalid_grain", N_("Période invalide : jour, mois, trimestre ou année.")
    INVALID_PERIOD = (
        "invalid_period",
        N_("Période invalide pour ce découpage (exemples : 2026, 2026-Q1, 2026-03, 2026-03-07)."),
    )
    # The page publishes no day: active members are counted for months, quarters and years.
    INVALID_PAGE_GRAIN = "invalid_grain", N_("Période invalide : mois, trimestre ou année.")
