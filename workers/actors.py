"""Actors: thin shells that take an event envelope (ids and small facts) and call one service.

Import only through `workers.broker.load_actors`, after the broker is installed. Services come
from the process's container (`workers.context`), built once at start-up.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import dramatiq

from infra.events.envelope import EventEnvelope
from marketplace.activity.service import record_work_event
from marketplace.payments.port import GatewayUnavailable
from media.processing.service import TransientProcessingError
from workers.context import services
from workers.routes import (
    ALLOCATE_SALE,
    EXECUTE_PAYOUT_RUN,
    FOLLOW_MEDIA,
    INDEX_WORK,
    PROCESS_MEDIA,
    RECORD_ACTIVITY,
    REVERSE_REFUND,
    SETTLE_PAYMENT,
)


# Transient failures (database restart, lock timeout) retry with dramatiq's exponential backoff.
@dramatiq.actor(
    actor_name=RECORD_ACTIVITY.actor,
    queue_name=RECORD_ACTIVITY.queue,
    max_retries=10,
    min_backoff=500,
    max_backoff=60_000,
)
async def record_activity(event: dict[str, Any]) -> None:
    await record_work_event(EventEnvelope.from_message(event))


@dramatiq.actor(
    actor_name=FOLLOW_MEDIA.actor,
    queue_name=FOLLOW_MEDIA.queue,
    max_retries=10,
    min_backoff=500,
    max_backoff=60_000,
)
async def follow_media(event: dict[str, Any]) -> None:
    container = await services()
    await container.media_follower.handle(EventEnvelope.from_message(event))


def _retry_only_transient(retries_so_far: int, exception: BaseException) -> bool:
    # Corrupt or refused input is settled inside the service; only outside trouble retries.
    return isinstance(exception, TransientProcessingError | OSError | ConnectionError)


@dramatiq.actor(
    actor_name=PROCESS_MEDIA.actor,
    queue_name=PROCESS_MEDIA.queue,
    max_retries=5,
    min_backoff=5_000,
    max_backoff=300_000,
    retry_when=_retry_only_transient,
    time_limit=6 * 3600 * 1000,
)
async def process_asset(event: dict[str, Any]) -> None:
    asset_id = UUID(EventEnvelope.from_message(event).payload["asset_id"])
    container = await services()
    await container.processing.process(asset_id)


@dramatiq.actor(
    actor_name=INDEX_WORK.actor,
    queue_name=INDEX_WORK.queue,
    max_retries=10,
    min_backoff=500,
    max_backoff=60_000,
)
async def index_work(event: dict[str, Any]) -> None:
    container = await services()
    await container.indexing.handle(EventEnvelope.from_message(event))


@dramatiq.actor(
    actor_name=SETTLE_PAYMENT.actor,
    queue_name=SETTLE_PAYMENT.queue,
    max_retries=20,
    min_backoff=1_000,
    max_backoff=300_000,
)
async def settle_payment(event: dict[str, Any]) -> None:
    # Settling re-reads the payment and only moves the order forward: safe to run twice.
    payment_id = str(EventEnvelope.from_message(event).payload["payment_id"])
    container = await services()
    await container.settlement.settle(payment_id)


@dramatiq.actor(
    actor_name=ALLOCATE_SALE.actor,
    queue_name=ALLOCATE_SALE.queue,
    max_retries=10,
    min_backoff=500,
    max_backoff=60_000,
)
async def allocate_sale(event: dict[str, Any]) -> None:
    container = await services()
    await container.revenue.ledger.handle_order_paid(EventEnvelope.from_message(event))


# More retries: a refund can arrive before its sale is allocated (OrderNotAllocatedYet).
@dramatiq.actor(
    actor_name=REVERSE_REFUND.actor,
    queue_name=REVERSE_REFUND.queue,
    max_retries=20,
    min_backoff=1_000,
    max_backoff=300_000,
)
async def reverse_refund(event: dict[str, Any]) -> None:
    container = await services()
    await container.revenue.ledger.handle_order_refunded(EventEnvelope.from_message(event))


# Not handle_once: transfers must not run inside one long transaction. The run's own state
# and the (run, holder) idempotency keys make re-execution safe.
@dramatiq.actor(
    actor_name=EXECUTE_PAYOUT_RUN.actor,
    queue_name=EXECUTE_PAYOUT_RUN.queue,
    max_retries=20,
    min_backoff=30_000,
    max_backoff=3_600_000,
    time_limit=2 * 3600 * 1000,
)
async def execute_payout_run(event: dict[str, Any]) -> None:
    run_id = UUID(EventEnvelope.from_message(event).payload["run_id"])
    container = await services()
    report = await container.revenue.payouts.execute(run_id)
    if report.unavailable:
        raise GatewayUnavailable(f"payout run {run_id}: {report.unavailable} transfer(s) pending")
