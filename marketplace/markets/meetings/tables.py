"""The meetings' rows: each market's meetings settings (its calendar, the quotas) and the
meeting requests. Only `meetings/repository.py` reads and writes them."""

from __future__ import annotations

from piccolo.columns import JSON, UUID, Text, Timestamptz, Varchar
from piccolo.table import Table


class MeetingSettingsRow(Table, tablename="lakou_market_meeting_settings"):
    # One row per market (unique): the first use that inserts it owns the calendar it names.
    market_id = UUID(primary_key=True)
    calendar_id = UUID()
    # {"buyer": 13, ...}: meetings per Martinique day per accreditation category.
    quotas = JSON()


class MeetingRow(Table, tablename="lakou_market_meetings"):
    id = UUID(primary_key=True)
    market_id = UUID(index=True)
    stand_id = UUID(index=True)
    professional_id = UUID(index=True)
    category = Varchar(length=20)
    proposed = JSON()
    message = Text()
    state = Varchar(length=20)
    slot_start = Timestamptz(null=True, default=None)
    day = Varchar(length=10, null=True, default=None)
    group_id = UUID(null=True, default=None)
    table_id = UUID(null=True, default=None)
    exhibitor_id = UUID(null=True, default=None)
    reason = Text()
    created_at = Timestamptz()
    decided_at = Timestamptz(null=True, default=None)
    # markets.0007_meeting_cancel: who called a booked meeting off, and when.
    cancelled_by = UUID(null=True, default=None)
    cancelled_at = Timestamptz(null=True, default=None)


TABLES: tuple[type[Table], ...] = (MeetingSettingsRow, MeetingRow)
