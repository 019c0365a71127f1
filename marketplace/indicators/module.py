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
from infra.modules import Consumer, Job, ModuleSpec, NavEntry
from infra.services import Services
from marketplace.catalogue.events import WORK_PUBLISHED
from marketplace.indicators import tables
from marketplace.indicators.adapters import CatalogueWorkDirectory
from marketplace.indicators.commands import indicators
from marketplace.indicators.controllers import OpenDataController
from marketplace.indicators.pages import IndicatorPages
from marketplace.indicators.reaches import FirstReaches
from marketplace.indicators.refresh import CellRefresher
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


async def refresh_cells(refresher: CellRefresher) -> int:
    return await refresher.refresh()


def wire(services: Services) -> None:
    services.register(IndicatorLedger())
    services.register(IndicatorFigures(CatalogueWorkDirectory()))
    services.register(CellRefresher(CatalogueWorkDirectory()))
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
    ),
    # The published cells of the periods the consumer marked, counted again (refresh.py).
    jobs=(
        Job(name="indicators.refresh_cells", every_s=1.0, service=CellRefresher, run=refresh_cells),
    ),
    commands=(indicators,),
    wire=wire,
)
