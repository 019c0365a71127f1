"""The shelf's errors, as a core module declares them. The extension ships no catalogue, so
its messages reach every client in French."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class ShelfError(ErrorCode):
    SHELF_FULL = "shelf_full", N_("Une étagère garde au plus %(max)s œuvres.")
    INVALID_TITLE = "invalid_title", N_("Un pass a besoin d'un titre (120 caractères au plus).")
