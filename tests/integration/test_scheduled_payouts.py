"""Payout runs on a schedule: one run per period even when two schedulers fire at once, the
minimum carried over to the next run, and people without a usable account told once."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest

from accounts.domain import Principal, Role
from accounts.notifications.tables import Notification
from infra.events.envelope import EventEnvelope
from infra.events.tables import OutboxMessage
from infra.settings import SettingsError, SettingsReader
from lakou.bootstrap import Container
from marketplace.revenue.domain.splits import HolderInput
from marketplace.revenue.notifications import RevenueNotifications
from marketplace.revenue.schedule import (
    PayoutSchedule,
    RevenueSettings,
    ScheduledPayouts,
    period_of,
)
from marketplace.revenue.tables import PayoutRunRow
from tests.integration.revenue_support import (
    attach_revenue,
    creator_principal,
    line,
    make_work,
    paid_event,
)

DECEMBER = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
JANUARY = datetime(2027, 1, 1, 5, 0, tzinfo=UTC)  # 01:00 in Martinique


def test_periods_are_cut_in_martinique_time() -> None:
    # 1 December, 03:30 UTC is still 30 November, 23:30 in Fort-de-France.
    assert period_of(PayoutSchedule.MONTHLY, datetime(2026, 12, 1, 3, 30, tzinfo=UTC)) == "2026-11"
    assert period_of(PayoutSchedule.MONTHLY, datetime(2026, 12, 1, 4, 0, tzinfo=UTC)) == "2026-12"
    assert period_of(PayoutSchedule.WEEKLY, DECEMBER) == "2026-W50"
    # ISO weeks: 1 January 2027 is a Friday of 2026's last week.
    assert period_of(PayoutSchedule.WEEKLY, JANUARY) == "2026-W53"


def test_the_schedule_setting_is_checked_naming_its_variable() -> None:
    assert RevenueSettings.read(SettingsReader({})).payout_schedule is PayoutSchedule.MONTHLY
    weekly = RevenueSettings.read(SettingsReader({"LAKOU_PAYOUT_SCHEDULE": "Weekly"}))
    assert weekly.payout_schedule is PayoutSchedule.WEEKLY
    with pytest.raises(SettingsError, match="LAKOU_PAYOUT_SCHEDULE"):
        RevenueSettings.read(SettingsReader({"LAKOU_PAYOUT_SCHEDULE": "daily"}))
    with pytest.raises(SettingsError, match="LAKOU_PAYOUT_MIN_CENTS"):
        RevenueSettings.read(SettingsReader({"LAKOU_PAYOUT_MIN_CENTS": "50"}))


def _scheduler(container: Container, moment: datetime, **settings: Any) -> ScheduledPayouts:
    return ScheduledPayouts(
        container.revenue.payouts, RevenueSettings(**settings), clock=lambda: moment
    )


async def test_two_schedulers_firing_at_once_make_one_run_per_period(
    container: Container,
) -> None:
    await attach_revenue(container)
    started = await asyncio.gather(
        *(_scheduler(container, DECEMBER).start_due_run() for _ in range(4))
    )
    assert sorted(started) == [0, 0, 0, 1]
    assert await _scheduler(container, DECEMBER).start_due_run() == 0  # later that month
    assert await _scheduler(container, JANUARY).start_due_run() == 1
    runs = await PayoutRunRow.select(PayoutRunRow.period).order_by(PayoutRunRow.period)
    assert [row["period"] for row in runs] == ["2026-12", "2027-01"]
    requested = await OutboxMessage.count().where(
        OutboxMessage.event_type == "payout.run_requested"
    )
    assert requested == 2  # the lost races wrote no event


def _envelope(row: dict[str, Any]) -> EventEnvelope:
    payload = row["payload"]
    return EventEnvelope(
        id=row["id"] if isinstance(row["id"], UUID) else UUID(str(row["id"])),
        type=row["event_type"],
        aggregate_id=UUID(str(row["aggregate_id"])),
        payload=json.loads(payload) if isinstance(payload, str) else payload,
        occurred_at=row["occurred_at"],
    )


async def test_scheduled_runs_carry_small_balances_and_waiting_holders_over(
    container: Container,
) -> None:
    revenue = await attach_revenue(container)
    user_id = await container.identity.create_user(
        "kay@example.test", "correct horse battery", "Kay", Role.CREATOR
    )
    person = Principal(user_id, "kay@example.test", "Kay", Role.CREATOR)
    owner = creator_principal()
    work = await make_work(container, owner)
    await revenue.splits.replace(
        owner,
        work,
        [
            HolderInput("Kay", "performer", 5000, user_id=person.user_id),
            HolderInput("Typed", "label", 5000, payout_account="acct_1TypedByTheOwner"),
        ],
    )
    await revenue.ledger.handle_order_paid(paid_event([line([work], 150)]))  # 135: 68 + 67

    await _scheduler(container, DECEMBER, payout_min_cents=100).start_due_run()
    december = await PayoutRunRow.select().where(PayoutRunRow.period == "2026-12").first()
    report = await revenue.payouts.execute(december["id"])
    assert (report.sent, report.carried_over) == (0, 0)  # both under the minimum: they wait

    await revenue.ledger.handle_order_paid(paid_event([line([work], 1000)]))  # +450 each
    await _scheduler(container, JANUARY, payout_min_cents=100).start_due_run()
    january = await PayoutRunRow.select().where(PayoutRunRow.period == "2027-01").first()
    report = await revenue.payouts.execute(january["id"])
    assert (report.sent, report.sent_cents) == (1, 67 + 450)  # December's cents came along
    assert report.carried_over == 1  # Kay has no usable account: her 518 waits

    # Told once, however many runs carry her over.
    notifications = RevenueNotifications(
        container.notifications.notifier,
        revenue.splits._repo,  # type: ignore[attr-defined]
    )
    again = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert again.carried_over == 1
    needed = await OutboxMessage.select().where(
        OutboxMessage.event_type == "payout.onboarding_needed"
    )
    assert len(needed) == 2
    for row in needed:
        await notifications.onboarding_needed(_envelope(row))
    told = await Notification.select().where(Notification.kind == "revenue.onboarding_needed")
    assert len(told) == 1
    assert told[0]["user"] == person.user_id or str(told[0]["user"]) == str(person.user_id)
    assert told[0]["link"] == "/revenus"
