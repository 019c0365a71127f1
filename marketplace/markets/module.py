"""Markets: festival organisers' virtual markets, their stands, accreditation and prices."""

from __future__ import annotations

from pathlib import Path

from calls.events import ENTRY_ACCEPTED
from infra.i18n.context import N_
from infra.modules import Consumer, Job, ModuleSpec, NavEntry
from marketplace.markets import events, tables
from marketplace.markets.accreditation_controllers import AccreditationController
from marketplace.markets.admin_pages import MarketAdminPages
from marketplace.markets.analytics.consumers import EVENTS as COUNTED_EVENTS
from marketplace.markets.analytics.consumers import MarketCounters
from marketplace.markets.analytics.online_sales import OnlineSales
from marketplace.markets.analytics.pages import MarketAnalyticsPages
from marketplace.markets.codes.controllers import StandCodeController
from marketplace.markets.codes.pages import StandCodePages
from marketplace.markets.controllers import MarketController
from marketplace.markets.entries.acceptance import AcceptedEntries
from marketplace.markets.entries.pages import MarketEntriesPages
from marketplace.markets.meetings import notifications as meeting_notifications
from marketplace.markets.meetings.controllers import MarketMeetingController, MeetingController
from marketplace.markets.meetings.pages import MeetingPages
from marketplace.markets.meetings.reminders import MeetingReminders
from marketplace.markets.pages import MarketPages
from marketplace.markets.personal_data import PERSONAL_DATA
from marketplace.markets.programme.controllers import AgendaController, ProgrammeController
from marketplace.markets.programme.edit_pages import SessionEditPages
from marketplace.markets.programme.pages import ProgrammePages
from marketplace.markets.round.controllers import RoundController, StandRoundController
from marketplace.markets.round.pages import RoundPages
from marketplace.markets.service import MarketService
from marketplace.markets.stand_controllers import MarketStandController, StandController
from marketplace.markets.visuals.controllers import MarketVisualController, VisualFileController
from marketplace.markets.visuals.pages import MarketVisualPages
from marketplace.orders.events import ORDER_PAID


async def follow_windows(markets: MarketService) -> int:
    return await markets.follow_windows()


async def remind_meetings(reminders: MeetingReminders) -> int:
    return await reminders.remind()


MODULE = ModuleSpec(
    name="markets",
    package="marketplace.markets",
    description=(
        "virtual markets of festival organisers: window and states, team, stands, "
        "accreditation with signed badges, market prices, programme and agenda"
    ),
    depends_on=("catalogue", "offers", "organisations", "calls", "scheduling", "orders", "media"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(
        MarketController,
        MarketStandController,
        StandController,
        AccreditationController,
        MarketPages,
        MarketAdminPages,
        # Stand codes (marketplace/markets/codes/)
        StandCodeController,
        StandCodePages,
        MarketAnalyticsPages,
        MarketEntriesPages,
        ProgrammeController,
        AgendaController,
        ProgrammePages,
        SessionEditPages,
        MarketMeetingController,
        MeetingController,
        MeetingPages,
        RoundController,
        StandRoundController,
        RoundPages,
        MarketVisualController,
        VisualFileController,
        MarketVisualPages,
    ),
    templates=Path(__file__).parent / "templates",
    static=Path(__file__).parent / "static",
    publishes=events.PUBLISHED,
    nav=(NavEntry(N_("Marchés"), "/marches", order=30),),
    jobs=(
        Job("markets follow their windows", 60.0, MarketService, follow_windows),
        Job("meetings remind both sides", 60.0, MeetingReminders, remind_meetings),
    ),
    notifications=meeting_notifications.KINDS,
    personal_data=PERSONAL_DATA,
    consumers=(
        Consumer(
            actor="markets.place_accepted_entry",
            events=(ENTRY_ACCEPTED,),
            service=AcceptedEntries,
            handle=AcceptedEntries.on_entry_accepted,
        ),
        Consumer(
            actor="markets.count_day",
            events=COUNTED_EVENTS,
            service=MarketCounters,
            handle=MarketCounters.count,
        ),
        Consumer(
            actor="markets.record_online_sales",
            events=(ORDER_PAID,),
            service=OnlineSales,
            handle=OnlineSales.on_order_paid,
        ),
    ),
)
