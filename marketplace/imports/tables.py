"""Import rows: one per manifest sent, one per row of it. Only the repository uses them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, BigInt, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from infra.db.migrations import Migration, run_sql, sql_files


class ImportRow(Table, tablename="lakou_imports"):
    id = UUID(primary_key=True)
    creator_id = UUID(index=True)
    owner_id = UUID(index=True)  # the creator profile's owner: who may read the import
    started_by = UUID()
    format = Varchar(length=10)
    # A client's key for this import: sending the same manifest again resumes it.
    idempotency_key = Varchar(length=100, null=True, default=None)
    manifest_sha256 = Varchar(length=64)  # a resumed import must send the same manifest
    row_count = Integer()
    created_at = Timestamptz()


class ImportLineRow(Table, tablename="lakou_import_rows"):
    """One row of a manifest: its own status, the work and upload made for it."""

    id = UUID(primary_key=True)
    import_id = ForeignKey(ImportRow, on_delete=OnDelete.cascade, index=True)
    row_number = Integer()
    # invalid | pending (being created) | awaiting_file; later states come from the asset.
    status = Varchar(length=20)
    error_code = Varchar(length=60, null=True, default=None)
    error_message = Varchar(length=500, null=True, default=None)
    title = Varchar(length=300, null=True, default=None)
    file_name = Varchar(length=200, null=True, default=None)
    size_bytes = BigInt(null=True, default=None)
    work_id = UUID(null=True, default=None)
    asset_id = UUID(null=True, default=None)


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (ImportRow, ImportLineRow)
MIGRATIONS = (
    sql_files(FROZEN, "imports.0001_imports"),
    Migration(
        "imports.0002_idempotency_key",
        run_sql(
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_imports_started_by_key "
            "ON lakou_imports (started_by, idempotency_key)"
        ),
    ),
)
