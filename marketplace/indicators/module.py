"""The territory's indicators: works diffused, markets reached, active members (issue 18)."""

from __future__ import annotations

from pathlib import Path

from accounts.organisations.events import (
    MEMBER_ADDED,
    ORGANISATION_CREATED,
    ORGANISATION_UPDATED,
    VERIFICATION_REQUESTED,
)
from calls.events import SUBMISSION_SUBMITTED
from infra.i18n.context import N_
from infra.modules import Consumer, ModuleSpec, NavEntry
from infra.services import Services
from marketplace.catalogue.events import CREATOR_UPDATED, WORK_PUBLISHED, WORK_UPDATED
from marketplace.indicators import tables
from marketplace.indicators.adapters import CatalogueWorkDirectory
from marketplace.indicators.commands import indicators
from marketplace.indicators.controllers import OpenDataController
from marketplace.indicators.pages import IndicatorPages
from marketplace.indicators.reaches import FirstReaches
from marketplace.indicators.report import ReportRenderer
from marketplace.indicators.report_pages import ReportPages
from marketplace.indicators.service import IndicatorFigures, IndicatorLedger
from marketplace.markets.events import (
    ACCREDITATION_GRANTED,
    CODE_REDEEMED,
    MARKET_OPENED,
    MARKET_SALE,
    MEETING_BOOKED,
)
from marketplace.orders.events import ORDER_PAID, ORDER_REFUNDED
from media.events import MEDIA_PLAY_COUNTED, MEDIA_PLAYED, MEDIA_UPLOADED
from scheduling.events import BOOKING_MADE

# The fold's events (`domain.fold.FOLDED`; a test keeps the two lists equal).
FOLDED_EVENTS = (
    ORDER_PAID,
    ORDER_REFUNDED,
    MARKET_SALE,
    MEDIA_PLAYED,
    MEDIA_PLAY_COUNTED,
    CODE_REDEEMED,
    MEDIA_UPLOADED,
    WORK_PUBLISHED,
    BOOKING_MADE,
    SUBMISSION_SUBMITTED,
    MEETING_BOOKED,
    ACCREDITATION_GRANTED,
    MARKET_OPENED,
    ORGANISATION_CREATED,
    ORGANISATION_UPDATED,
    VERIFICATION_REQUESTED,
    MEMBER_ADDED,
)


def wire(services: Services) -> None:
    services.register(IndicatorLedger(CatalogueWorkDirectory()))
    services.register(IndicatorFigures(CatalogueWorkDirectory()))
    services.register(FirstReaches())
    services.register(ReportRenderer())


MODULE = ModuleSpec(
    name="indicators",
    package="marketplace.indicators",
    description="the territory's indicators, folded live from the events and rebuilt from the log",
    depends_on=(
        "orders",
        "media",
        "markets",
        "catalogue",
        "scheduling",
        "calls",
        "organisations",
        "documents",
    ),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(OpenDataController, IndicatorPages, ReportPages),
    templates=Path(__file__).parent / "templates",
    static=Path(__file__).parent / "static",
    nav=(NavEntry(N_("Indicateurs"), "/indicateurs", order=50),),
    consumers=(
        Consumer(
            actor="indicators.fold",
            events=FOLDED_EVENTS,
            service=IndicatorLedger,
            handle=IndicatorLedger.record,
        ),
        # A work's discipline or a creator's commune changed: its figures move with it.
        Consumer(
            actor="indicators.reattribute",
            events=(WORK_UPDATED, CREATOR_UPDATED),
            service=IndicatorLedger,
            handle=IndicatorLedger.reattribute,
        ),
    ),
    commands=(indicators,),
    wire=wire,
)
