"""Screeners, their invitations and viewings. Only the repository reads and writes them."""

from __future__ import annotations

from pathlib import Path

from piccolo.columns import (
    JSON,
    UUID,
    Boolean,
    DoublePrecision,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from accounts.tables import User
from infra.db.migrations import sql_files


class ScreenerRow(Table, tablename="lakou_screeners"):
    id = UUID(primary_key=True)
    work_id = UUID(index=True)
    asset_id = UUID()
    media_kind = Varchar(length=10)
    title = Text()
    made_by = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    stand_id = UUID(null=True, default=None)
    opens_at = Timestamptz()
    closes_at = Timestamptz()
    max_views = Integer()
    countries = JSON()
    download_allowed = Boolean()
    renditions = JSON()
    session_policy = Varchar(length=20)
    password_hash = Text(null=True, default=None)
    duration_s = DoublePrecision()
    created_at = Timestamptz()


class InvitationRow(Table, tablename="lakou_screener_invitations"):
    id = UUID(primary_key=True)
    screener = ForeignKey(ScreenerRow, on_delete=OnDelete.cascade)
    user_id = ForeignKey(User, on_delete=OnDelete.cascade, null=True, default=None, index=True)
    email = Varchar(length=254, index=True)
    name = Text()
    organisation = Text()
    alert = Boolean()
    created_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)  # withdrawn by the maker


class ViewingRow(Table, tablename="lakou_screener_viewings"):
    id = UUID(primary_key=True)
    invitation = ForeignKey(InvitationRow, on_delete=OnDelete.cascade, index=True)
    screener = ForeignKey(ScreenerRow, on_delete=OnDelete.cascade, index=True)
    browser = Varchar(length=64)
    started_at = Timestamptz()
    last_seen_at = Timestamptz()
    ended_at = Timestamptz(null=True, default=None)
    country = Varchar(length=8, null=True, default=None)
    device = Varchar(length=80)
    position_s = DoublePrecision()
    furthest_s = DoublePrecision()
    watched_s = DoublePrecision()
    pauses = Integer()
    seeks = Integer()
    countries = JSON()


class AudienceRow(Table, tablename="lakou_screener_audiences"):
    """An organisation or a market (one category, or '' for all) a screener was sent to: whoever
    joins it later is invited too, while the screener's window lasts."""

    id = UUID(primary_key=True)
    screener = ForeignKey(ScreenerRow, on_delete=OnDelete.cascade)
    kind = Varchar(length=20)  # organisation, market
    group_id = UUID(index=True)  # the organisation's or the market's id
    category = Varchar(length=30)  # market audiences: the accreditation category, '' for all


# Frozen migration SQL, per engine (docs/decisions.md, "Frozen migrations").
FROZEN = Path(__file__).parent / "migrations"

TABLES: tuple[type[Table], ...] = (ScreenerRow, InvitationRow, ViewingRow, AudienceRow)
MIGRATIONS = (
    sql_files(FROZEN, "screeners.0001_screeners"),
    sql_files(FROZEN, "screeners.0002_revoked"),
    sql_files(FROZEN, "screeners.0003_live_audiences"),
)
