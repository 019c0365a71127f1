"""Payout runs on a schedule: one run per period (monthly by default, or weekly), started by
the periodic job beside the relay. Periods are cut in Martinique's time (UTC-4, no daylight
saving): December's run is the first tick of 1 December there. Whatever is under the minimum,
or due to someone without a usable account, waits for the next period's run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from infra.settings import SettingsReader
from marketplace.revenue.domain.payouts import MIN_PAYOUT_CENTS
from marketplace.revenue.payout_service import PayoutService

MARTINIQUE = ZoneInfo("America/Martinique")
# How often the job looks whether a period's run is due: a run starts at most this late.
CHECK_EVERY_S = 300.0


class PayoutSchedule(StrEnum):
    MONTHLY = "monthly"
    WEEKLY = "weekly"


@dataclass(frozen=True)
class RevenueSettings:
    payout_schedule: PayoutSchedule = PayoutSchedule.MONTHLY
    payout_min_cents: int = MIN_PAYOUT_CENTS
    # Connect webhooks have their own endpoint at Stripe, so their own signing secret.
    connect_webhook_secret: str | None = field(default=None, repr=False)

    @classmethod
    def read(cls, reader: SettingsReader) -> RevenueSettings:
        return cls(
            payout_schedule=reader.choice(
                "LAKOU_PAYOUT_SCHEDULE", PayoutSchedule, PayoutSchedule.MONTHLY
            ),
            payout_min_cents=reader.integer(
                "LAKOU_PAYOUT_MIN_CENTS", MIN_PAYOUT_CENTS, minimum=MIN_PAYOUT_CENTS
            ),
            connect_webhook_secret=reader.raw("LAKOU_STRIPE_CONNECT_WEBHOOK_SECRET"),
        )


def period_of(schedule: PayoutSchedule, moment: datetime) -> str:
    local = moment.astimezone(MARTINIQUE)
    if schedule is PayoutSchedule.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local.year}-{local.month:02d}"


class ScheduledPayouts:
    def __init__(
        self,
        payouts: PayoutService,
        settings: RevenueSettings,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._payouts = payouts
        self._settings = settings
        self._now = clock

    async def start_due_run(self) -> int:
        """1 when this call started the current period's run, 0 when it existed already."""
        period = period_of(self._settings.payout_schedule, self._now())
        run = await self._payouts.request_scheduled_run(period, self._settings.payout_min_cents)
        return 0 if run is None else 1


async def start_due_run(scheduled: ScheduledPayouts) -> int:
    return await scheduled.start_due_run()
