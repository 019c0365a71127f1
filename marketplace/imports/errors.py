"""The import module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`). A row's own problems are not errors of the request: they are
`RowProblem`s (see `row_fields.py`), kept with the row."""

from __future__ import annotations

from infra.errors import AppError, ErrorCode
from infra.i18n.context import N_


class ManifestError(ErrorCode):
    """A manifest that cannot be read at all: no row of it is imported."""

    TOO_LARGE = (
        "manifest_too_large",
        N_(
            "Manifeste trop gros : %(size)s octets, %(max)s au plus "
            "(découpez le catalogue en plusieurs imports)."
        ),
    )
    ENCODING = "manifest_encoding", N_("Manifeste illisible : %(reason)s.")
    EMPTY = "manifest_empty", N_("Manifeste illisible : il ne contient aucune ligne.")
    UNREADABLE = "manifest_unreadable", N_("Manifeste illisible : %(reason)s.")
    UNKNOWN_COLUMN = (
        "unknown_column",
        N_(
            "Manifeste illisible : colonne(s) inconnue(s) %(unknown)s ; "
            "les colonnes possibles sont %(columns)s."
        ),
    )
    DUPLICATE_COLUMN = (
        "duplicate_column",
        N_("Manifeste illisible : colonne(s) en double : %(columns)s."),
    )
    MISSING_COLUMN = (
        "missing_column",
        N_("Manifeste illisible : colonne(s) manquante(s) : %(columns)s."),
    )
    INVALID_FORMAT = "invalid_format", N_("Le format du manifeste doit être csv ou json.")
    TOO_MANY_ROWS = (
        "too_many_rows",
        N_(
            "Trop de lignes : %(max)s œuvres au plus par import "
            "(découpez le catalogue en plusieurs imports)."
        ),
    )


class CatalogueImportError(ErrorCode):
    """An import as a whole (`ImportError` is Python's own)."""

    NOT_FOUND = "not_found", N_("Import introuvable.")
    KEY_REUSED = (
        "idempotency_key_reused",
        N_(
            "Cette clé d'idempotence a déjà servi pour un autre manifeste ou un autre créateur : "
            "utilisez une nouvelle clé."
        ),
    )
    MANIFEST_CHANGED = "manifest_changed", N_("Le manifeste a changé depuis le début de l'import.")


class ManifestTooLarge(AppError):
    status_code = 413
