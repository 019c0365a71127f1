"""Revenue: split sheets, the ledger of every sale's cents, payout runs and statements."""

from __future__ import annotations

from pathlib import Path

from infra.events.envelope import EventEnvelope
from infra.i18n.context import N_
from infra.modules import PATIENT, Consumer, Job, ModuleSpec, NavEntry, RetryPolicy
from infra.services import Services
from marketplace.orders.events import ORDER_PAID, ORDER_REFUNDED
from marketplace.payments.port import GatewayUnavailable
from marketplace.revenue import tables
from marketplace.revenue.commands import payouts
from marketplace.revenue.connect.pages import HolderPages
from marketplace.revenue.connect.repository import PiccoloConnectRepository
from marketplace.revenue.connect.service import ConnectService
from marketplace.revenue.connect.webhook import ConnectWebhookController
from marketplace.revenue.controllers import RevenueController, SplitSheetController
from marketplace.revenue.errors import RevenueError
from marketplace.revenue.events import (
    CONNECT_ACCOUNT_DISCONNECTED,
    CONNECT_ACCOUNT_NOTIFIED,
    PAYOUT_ONBOARDING_NEEDED,
    PAYOUT_RUN_REQUESTED,
    PAYOUT_SENT,
    PUBLISHED,
)
from marketplace.revenue.ledger_service import LedgerService
from marketplace.revenue.notifications import KINDS, RevenueNotifications
from marketplace.revenue.payout_repository import PiccoloPayoutRepository
from marketplace.revenue.payout_service import PayoutService, RunReport
from marketplace.revenue.personal_data import PERSONAL_DATA
from marketplace.revenue.run_views import PayoutRunViews
from marketplace.revenue.schedule import (
    CHECK_EVERY_S,
    RevenueSettings,
    ScheduledPayouts,
    start_due_run,
)
from marketplace.revenue.split_repository import PiccoloSplitRepository
from marketplace.revenue.staff_pages import StaffPayoutPages


async def execute_requested_run(payouts: PayoutService, event: EventEnvelope) -> RunReport:
    # Not handle_once: transfers must not run inside one long transaction. The run's own state
    # and the (run, holder) idempotency keys make re-execution safe.
    run_id = PAYOUT_RUN_REQUESTED.decode(event).run_id
    report = await payouts.execute(run_id)
    if report.unavailable:
        raise GatewayUnavailable(
            RevenueError.TRANSFERS_PENDING, run_id=str(run_id), pending=report.unavailable
        )
    return report


# Payout runs can send many transfers: their own queue, and a provider outage waits it out.
PAYOUT_RUNS = RetryPolicy(
    "payout-runs",
    max_retries=20,
    min_backoff_ms=30_000,
    max_backoff_ms=3_600_000,
    time_limit_ms=2 * 3600 * 1000,
)


def wire(services: Services) -> None:
    services.register(
        PayoutRunViews(
            PiccoloPayoutRepository(), PiccoloSplitRepository(), PiccoloConnectRepository()
        )
    )
    services.register(ScheduledPayouts(services.get(PayoutService), services.get(RevenueSettings)))


MODULE = ModuleSpec(
    name="revenue",
    package="marketplace.revenue",
    description="split sheets, the sales ledger, payout runs over Stripe Connect, statements",
    depends_on=("catalogue", "orders", "payments"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(
        SplitSheetController,
        RevenueController,
        StaffPayoutPages,
        HolderPages,
        ConnectWebhookController,
    ),
    templates=Path(__file__).parent / "templates",
    commands=(payouts,),
    publishes=PUBLISHED,
    notifications=KINDS,
    consumers=(
        Consumer(
            actor="revenue.allocate_sale",
            events=(ORDER_PAID,),
            service=LedgerService,
            handle=LedgerService.handle_order_paid,
        ),
        # More retries: a refund can arrive before its sale is allocated (OrderNotAllocatedYet).
        Consumer(
            actor="revenue.reverse_refund",
            events=(ORDER_REFUNDED,),
            service=LedgerService,
            handle=LedgerService.handle_order_refunded,
            retry=PATIENT,
        ),
        Consumer(
            actor="revenue.execute_payout_run",
            events=(PAYOUT_RUN_REQUESTED,),
            service=PayoutService,
            handle=execute_requested_run,
            queue="payouts",
            retry=PAYOUT_RUNS,
        ),
        Consumer(
            actor="revenue.tell_payout",
            events=(PAYOUT_SENT,),
            service=RevenueNotifications,
            handle=RevenueNotifications.payout_sent,
        ),
        # Stripe said a connected account changed: read it again (repeatable, ids in).
        Consumer(
            actor="revenue.read_connect_account",
            events=(CONNECT_ACCOUNT_NOTIFIED,),
            service=ConnectService,
            handle=ConnectService.handle_notified,
            retry=PATIENT,
        ),
        Consumer(
            actor="revenue.tell_onboarding_needed",
            events=(PAYOUT_ONBOARDING_NEEDED,),
            service=RevenueNotifications,
            handle=RevenueNotifications.onboarding_needed,
        ),
        Consumer(
            actor="revenue.tell_disconnected",
            events=(CONNECT_ACCOUNT_DISCONNECTED,),
            service=RevenueNotifications,
            handle=RevenueNotifications.disconnected,
        ),
    ),
    jobs=(Job("revenue.scheduled_payouts", CHECK_EVERY_S, ScheduledPayouts, start_due_run),),
    settings=RevenueSettings.read,
    nav=(
        NavEntry(N_("Mes revenus"), "/revenus", order=44, audience="signed_in"),
        NavEntry(N_("Versements"), "/staff/versements", order=86, audience="staff"),
    ),
    personal_data=PERSONAL_DATA,
    wire=wire,
)
