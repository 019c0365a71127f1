"""Markets: festival organisers' virtual markets, their stands, accreditation and prices."""

from __future__ import annotations

from pathlib import Path

from infra.i18n.context import N_
from infra.modules import Job, ModuleSpec, NavEntry
from marketplace.markets import events, tables
from marketplace.markets.accreditation_controllers import AccreditationController
from marketplace.markets.admin_pages import MarketAdminPages
from marketplace.markets.controllers import MarketController
from marketplace.markets.meetings import notifications as meeting_notifications
from marketplace.markets.meetings.controllers import MarketMeetingController, MeetingController
from marketplace.markets.meetings.pages import MeetingPages
from marketplace.markets.meetings.reminders import MeetingReminders
from marketplace.markets.pages import MarketPages
from marketplace.markets.service import MarketService
from marketplace.markets.stand_controllers import MarketStandController, StandController


async def follow_windows(markets: MarketService) -> int:
    return await markets.follow_windows()


async def remind_meetings(reminders: MeetingReminders) -> int:
    return await reminders.remind()


MODULE = ModuleSpec(
    name="markets",
    package="marketplace.markets",
    description=(
        "virtual markets of festival organisers: window and states, team, stands, "
        "accreditation with signed badges, market prices"
    ),
    depends_on=("catalogue", "offers", "organisations", "calls", "scheduling"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(
        MarketController,
        MarketStandController,
        StandController,
        AccreditationController,
        MarketPages,
        MarketAdminPages,
        MarketMeetingController,
        MeetingController,
        MeetingPages,
    ),
    templates=Path(__file__).parent / "templates",
    publishes=events.PUBLISHED,
    nav=(NavEntry(N_("Marchés"), "/marches", order=30),),
    jobs=(
        Job("markets follow their windows", 60.0, MarketService, follow_windows),
        Job("meetings remind both sides", 60.0, MeetingReminders, remind_meetings),
    ),
    notifications=meeting_notifications.KINDS,
)
