"""Marked renditions (one row per asset) and marked copies (one row per asset and holder)."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import sql_files


class MarkedRenditionRow(Table, tablename="lakou_media_marked_renditions"):
    asset_id = UUID(primary_key=True)
    kind = Varchar(length=20)  # video, audio, book
    state = Varchar(length=20)  # preparing, ready, failed
    # Storage prefix of the A and B renditions and the tracer's reference; set when ready.
    prefix = Varchar(length=300, null=True, default=None)
    # {"rungs": [{"name", "width", "height", "bandwidth", "init", "codecs"}], "durations": [...],
    #  "audio": bool}: what the playlists are written from.
    layout = JSON()
    attempts = Integer(default=0)
    error = Varchar(length=500, null=True, default=None)
    updated_at = Timestamptz()


class MarkedCopyRow(Table, tablename="lakou_media_marked_copies"):
    id = UUID(primary_key=True)
    asset_id = UUID(index=True)
    # Opaque to media: the screeners module's reference for a viewer of a screener.
    holder_ref = Varchar(length=200)
    codeword = Varchar(length=32)
    created_at = Timestamptz()


FROZEN = Path(__file__).parent / "migrations"
TABLES: tuple[type[Table], ...] = (MarkedRenditionRow, MarkedCopyRow)
MIGRATIONS = (sql_files(FROZEN, "media.watermark.0001_marked_copies"),)
