"""Provider notifications in: verify, keep each event once, hand the payment to a worker.

The webhook request does no more than that (no call to the provider, no order change), so
it answers fast and a burst of notifications cannot hold database locks. The worker
re-reads the payment from the provider before acting (`marketplace/orders/settlement.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from infra.db.unit_of_work import UnitOfWork
from infra.events.model import DomainEvent, EventRecorder
from infra.ids import new_id
from marketplace.payments.events import PAYMENT_NOTIFIED, PaymentNotice
from marketplace.payments.port import GatewayEvent, GatewayEventKind, PaymentGateway
from marketplace.payments.tables import PaymentCheckpointRow, PaymentEventRow

# With no checkpoint yet, reconciliation looks this far back.
FIRST_RECONCILE_WINDOW = timedelta(days=3)


def _notice(gateway: str, event: GatewayEvent) -> DomainEvent:
    return PAYMENT_NOTIFIED.event(
        new_id(),
        PaymentNotice(
            gateway=gateway,
            event_id=event.id,
            kind=event.kind.value,
            payment_id=event.payment_id,
        ),
    )


class _Notice(EventRecorder):
    def __init__(self, notice: DomainEvent) -> None:
        self.record(notice)


# Data-modifying CTEs run exactly once each; the outbox row exists only if the event is new.
_KEEP_AND_QUEUE = (
    "WITH kept AS ("
    " INSERT INTO lakou_payment_events"
    " (id, gateway, event_id, kind, provider_type, payment_id, created, received_at)"
    " VALUES ({}::uuid, {}, {}, {}, {}, {}, {}, {}::timestamptz)"
    " ON CONFLICT (gateway, event_id) DO NOTHING RETURNING id),"
    " queued AS ("
    " INSERT INTO lakou_outbox (id, event_type, aggregate_id, payload, occurred_at, attempts)"
    " SELECT {}::uuid, {}, {}::uuid, {}::json, {}::timestamptz, 0 FROM kept WHERE {}::boolean"
    " RETURNING id)"
    " SELECT count(*) AS kept FROM kept"
)


class PaymentNotifications:
    def __init__(self, gateway: PaymentGateway, unit_of_work: Callable[[], UnitOfWork]) -> None:
        self._gateway = gateway
        self._uow = unit_of_work

    async def receive(self, raw_body: bytes, signature_header: str | None) -> bool:
        """A webhook delivery; True when the event is new. Raises InvalidSignature."""
        event = self._gateway.verify_event(raw_body, signature_header)
        return await self.ingest(event)

    async def ingest(self, event: GatewayEvent) -> bool:
        notify = bool(event.payment_id) and event.kind is not GatewayEventKind.OTHER
        if PaymentEventRow._meta.db.engine_type == "postgres":
            return await self._ingest_in_one_statement(event, notify)
        async with self._uow() as uow:
            inserted = (
                await PaymentEventRow.insert(
                    PaymentEventRow(
                        id=new_id(),
                        gateway=self._gateway.name,
                        event_id=event.id[:100],
                        kind=event.kind.value,
                        provider_type=event.provider_type[:60],
                        payment_id=event.payment_id,
                        created=event.created,
                        received_at=datetime.now(UTC),
                    )
                )
                .on_conflict(action="DO NOTHING")
                .returning(PaymentEventRow.id)
            )
            if not inserted:
                return False
            if notify:
                uow.track(_Notice(_notice(self._gateway.name, event)))
        return True

    async def _ingest_in_one_statement(self, event: GatewayEvent, notify: bool) -> bool:
        """PostgreSQL: keep the event and queue its notice in one atomic statement.

        The same rows as the unit-of-work path, in one round trip instead of four: this is the
        hot path of a burst of webhooks (see docs/benchmarks.md, marketplace).
        """
        notice = _notice(self._gateway.name, event)  # written only when `notify`
        rows = await PaymentEventRow.raw(
            _KEEP_AND_QUEUE,
            new_id(),
            self._gateway.name,
            event.id[:100],
            event.kind.value,
            event.provider_type[:60],
            event.payment_id,
            event.created,
            datetime.now(UTC),
            notice.id,
            notice.type,
            notice.aggregate_id,
            json.dumps(notice.payload),
            notice.occurred_at,
            notify,
        )
        return bool(rows and rows[0]["kept"])

    async def pull_missed(self) -> int:
        """Fetch events since the checkpoint (webhooks were down); returns how many were new."""
        row = (
            await PaymentCheckpointRow.select()
            .where(PaymentCheckpointRow.gateway == self._gateway.name)
            .first()
        )
        since = (
            int(row["last_created"])
            if row
            else int((datetime.now(UTC) - FIRST_RECONCILE_WINDOW).timestamp())
        )
        new = 0
        latest = since
        for event in await self._gateway.events_since(since):
            new += await self.ingest(event)
            latest = max(latest, event.created)
        # Events created in the same second as the checkpoint are listed again next time;
        # the unique event id makes that harmless.
        checkpoint = max(since, latest - 1)
        now = datetime.now(UTC)
        if row:
            await PaymentCheckpointRow.update(
                {
                    PaymentCheckpointRow.last_created: checkpoint,
                    PaymentCheckpointRow.updated_at: now,
                },
                use_auto_update=False,
            ).where(PaymentCheckpointRow.gateway == self._gateway.name)
        else:
            await PaymentCheckpointRow.insert(
                PaymentCheckpointRow(
                    gateway=self._gateway.name, last_created=checkpoint, updated_at=now
                )
            ).on_conflict(action="DO NOTHING")
        return new
