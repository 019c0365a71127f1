"""Scheduling: calendars of people, tables and rooms, slots, bookings that never overlap,
waiting lists and iCalendar feeds; a core module markets, resource booking and courses use."""

from __future__ import annotations

from pathlib import Path

from infra.modules import ModuleSpec
from scheduling import tables
from scheduling.controllers import SchedulingController, calendar_feed
from scheduling.events import EVENTS
from scheduling.pages import AgendaPages
from scheduling.personal_data import PERSONAL_DATA

MODULE = ModuleSpec(
    name="scheduling",
    package="scheduling",
    description="calendars, slots and bookings kept from overlapping by the database",
    depends_on=("accounts",),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(SchedulingController, calendar_feed, AgendaPages),
    templates=Path(__file__).parent / "templates",
    publishes=EVENTS,
    personal_data=PERSONAL_DATA,
)
