"""Plays (one row per play opened on a playback token) and their settlements (one per play,
the event emitted, and the listener's 30-minute bucket when it counted)."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, Float, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import sql_files


class PlayRow(Table, tablename="lakou_media_plays"):
    id = UUID(primary_key=True)
    work_id = UUID()  # indexed with opened_at (the migration's two-column index)
    asset_id = UUID()
    # sha256 of the playback token: one open play per token (a partial unique index).
    token_hash = Varchar(length=64)
    scope = Varchar(length=10)  # full or preview
    listener = Varchar(length=64)  # a pseudonym (media/plays/listeners.py), never an id
    viewer_id = UUID(null=True, default=None)
    excluded = Varchar(length=10, null=True, default=None)  # owner or staff: never counts
    source = Varchar(length=20)  # work_page, search, market, embed, direct
    referrer = Varchar(length=300, null=True, default=None)
    country = Varchar(length=2, null=True, default=None)
    duration_s = Float(null=True, default=None)
    opened_at = Timestamptz()
    beat_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)
    ranges = JSON()  # the merged ranges heard: [[start, end], ...]
    heard_s = Float(default=0.0)
    tenths = Integer(default=0)  # a bit per tenth of the work with something heard
    outcome = Varchar(length=10, default="skip")  # skip, partial, complete
    # null until settled; counted, repeat (its bucket counted already), excluded, short.
    standing = Varchar(length=10, null=True, default=None)


class PlaySettlementRow(Table, tablename="lakou_media_play_settlements"):
    # One per play (primary key): the `media.play_counted` event is emitted exactly once.
    play_id = UUID(primary_key=True)
    event_id = UUID()
    listener = Varchar(length=64)
    work_id = UUID()
    bucket = Integer()  # the 30-minute bucket of the play's opening
    counted = Integer(default=0)  # 1: counts (a unique index: one per listener, work, bucket)
    settled_at = Timestamptz()


FROZEN = Path(__file__).parent / "migrations"
TABLES: tuple[type[Table], ...] = (PlayRow, PlaySettlementRow)
MIGRATIONS = (sql_files(FROZEN, "media.plays.0001_plays"),)
