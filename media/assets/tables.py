"""Media rows: assets (uploads and their renditions) and entitlements to full media."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import JSON, UUID, BigInt, Float, Integer, Timestamptz, Varchar
from piccolo.table import Table

from infra.db.migrations import Migration, run_sql, sql_files


class MediaAssetRow(Table, tablename="lakou_media_assets"):
    id = UUID(primary_key=True)
    work_id = UUID(index=True)
    owner_id = UUID(index=True)
    kind = Varchar(length=20)
    role = Varchar(length=20)
    language = Varchar(length=20, null=True, default=None)
    original_name = Varchar(length=200)
    original_key = Varchar(length=300)
    declared_size = BigInt()
    part_size = Integer()
    status = Varchar(length=20, index=True)
    multipart_id = Varchar(length=300, null=True, default=None)
    size_bytes = BigInt(null=True, default=None)
    sha256 = Varchar(length=64, null=True, default=None)
    content_type = Varchar(length=100, null=True, default=None)
    progress = Integer(default=0)
    facts = JSON()
    renditions_prefix = Varchar(length=300, null=True, default=None)
    manifest = JSON()
    error_code = Varchar(length=60, null=True, default=None)
    error_message = Varchar(length=500, null=True, default=None)
    # A refusal's parameters: `error_message` is then the French source, translated when shown.
    error_params = JSON()
    preview_start_s = Float(default=0.0)
    preview_length_s = Float(default=30.0)
    attempts = Integer(default=0)
    # Rendition name -> its state (`media.assets.renditions`), published one by one.
    renditions = JSON()
    # A language version's kind: version, description, commentary, subtitles, captions.
    track_kind = Varchar(length=20, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    expires_at = Timestamptz()


class EntitlementRow(Table, tablename="lakou_entitlements"):
    """Who may play a work in full: a person (user_id) or everyone (user_id NULL: a free work)."""

    id = UUID(primary_key=True)
    work_id = UUID(index=True)
    user_id = UUID(null=True, default=None, index=True)
    source = Varchar(length=40)  # "purchase:<order id>", "free", "grant:<staff id>"
    granted_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (MediaAssetRow, EntitlementRow)
MIGRATIONS = (
    sql_files(FROZEN, "media.0001_assets_entitlements"),
    Migration(
        "media.0002_entitlement_source_once",
        run_sql(
            "CREATE UNIQUE INDEX IF NOT EXISTS lakou_entitlements_source_once "
            "ON lakou_entitlements (work_id, source)"
        ),
    ),
    sql_files(FROZEN, "media.0003_asset_error_params"),
    sql_files(FROZEN, "media.0004_asset_renditions"),
    sql_files(FROZEN, "media.0005_asset_track_kind"),
    # Two uploads claiming the same language version at once: the database lets one through.
    sql_files(FROZEN, "media.0006_one_standing_track"),
)
