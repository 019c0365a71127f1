"""Actors: thin shells that take an event envelope (ids and small facts) and call one service.

Import only through `workers.broker.load_actors`, after the broker is installed.
"""

from __future__ import annotations

from typing import Any

import dramatiq

from infra.events.envelope import EventEnvelope
from marketplace.activity.service import record_work_event
from workers.routes import RECORD_ACTIVITY


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
