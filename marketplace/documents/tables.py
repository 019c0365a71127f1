"""Document rows and the per-issuer, per-year counters. Only `repository.py` and
`numbering.py` read and write them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import sql_files


class DocumentCounter(Table, tablename="lakou_document_counters"):
    id = UUID(primary_key=True)
    issuer = Varchar(length=6)
    year = Integer()
    # The last number given out; the next document takes last_number + 1.
    last_number = Integer(default=0)


class DocumentRow(Table, tablename="lakou_documents"):
    id = UUID(primary_key=True)
    number = Varchar(length=30, unique=True)
    issuer = Varchar(length=6)
    kind = Varchar(length=20)
    order_id = UUID(index=True)
    buyer_id = UUID(index=True)
    issued_at = Timestamptz()
    language = Varchar(length=10)
    net_cents = Integer()
    vat_cents = Integer()
    gross_cents = Integer()
    storage_key = Varchar(length=200)
    sha256 = Varchar(length=64)
    size = Integer()


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (DocumentCounter, DocumentRow)
MIGRATIONS = (sql_files(FROZEN, "documents.0001_documents"),)
