"""The fan-out's writes for several events at once: handled marks and deliveries, one commit.

Each event a worker's actors hand to `WebhookService.fan_out` used to have a transaction of
its own (the handled mark, the endpoints read, the deliveries written: five round trips).
Events arriving together on one event loop are now written together through a `GroupCommit`:
one statement marks them all handled, the endpoints are read once per event type, one
statement writes every delivery, one commit. What `handle_once` promises still holds per
event: its deliveries and its handled mark commit together, and an event handled before (a
redelivery) makes none. A batch that fails is written again one event at a time, so an
event that cannot be written fails only its own caller, who retries as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from infra.db.unit_of_work import UnitOfWork
from infra.events.consumers import mark_handled
from infra.events.envelope import EventEnvelope
from infra.ids import new_id
from marketplace.webhooks.domain import DeliveryState, Endpoint, audience, message_body
from marketplace.webhooks.repository import Delivery, WebhookRepository

CONSUMER = "webhooks.fan_out"


@dataclass
class FanOut:
    """One event handed in; the writer fills `made` (or `failed`)."""

    event: EventEnvelope
    made: list[tuple[Delivery, Endpoint]] = field(default_factory=list)
    failed: Exception | None = None


class FanOutWriter:
    def __init__(
        self,
        repository: WebhookRepository,
        unit_of_work: Callable[[], UnitOfWork],
        clock: Callable[[], datetime],
        lease: timedelta,
    ) -> None:
        self._repo = repository
        self._uow = unit_of_work
        self._now = clock
        self._lease = lease

    async def write(self, batch: list[FanOut]) -> None:
        try:
            await self._write(batch)
        except Exception:
            if len(batch) == 1:
                raise
            for fan_out in batch:
                fan_out.made.clear()  # rolled back with the batch
                try:
                    await self._write([fan_out])
                except Exception as error:
                    fan_out.failed = error

    async def _write(self, batch: list[FanOut]) -> None:
        async with self._uow():
            fresh = await mark_handled(CONSUMER, [fan_out.event for fan_out in batch])
            subscribed: dict[str, list[Endpoint]] = {}
            now = self._now()
            # Born claimed by this process for one attempt: if it dies before the attempt is
            # recorded, the job takes the delivery once the lease has run out.
            due = now + self._lease
            planned: list[tuple[FanOut, Delivery, Endpoint]] = []
            for fan_out in batch:
                event = fan_out.event
                if event.id not in fresh:
                    continue
                fresh.discard(event.id)  # the same event twice in a batch fans out once
                if event.type not in subscribed:
                    subscribed[event.type] = await self._repo.subscribed(event.type)
                only_for = audience(event.type, event.payload)
                body = message_body(event.type, event.occurred_at, event.payload)
                for endpoint in subscribed[event.type]:
                    if only_for is None or str(endpoint.organisation_id) == only_for:
                        delivery = Delivery(
                            new_id(), endpoint.id, event.id, event.type, body,
                            DeliveryState.PENDING, 0, due, now, None,
                        )  # fmt: skip
                        planned.append((fan_out, delivery, endpoint))
            written = await self._repo.add_deliveries([delivery for _, delivery, _ in planned])
            for fan_out, delivery, endpoint in planned:
                if delivery.id in written:
                    fan_out.made.append((delivery, endpoint))
