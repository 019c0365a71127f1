"""Provider notifications are kept once, and only payment events queue a settlement."""

from __future__ import annotations

import time

from infra.db.values import as_json
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.payments.port import GatewayEvent, GatewayEventKind
from marketplace.payments.tables import PaymentEventRow


def _event(event_id: str, kind: GatewayEventKind, payment_id: str | None) -> GatewayEvent:
    return GatewayEvent(
        id=event_id,
        kind=kind,
        provider_type="payment_intent.succeeded",
        created=int(time.time()),
        payment_id=payment_id,
        livemode=False,
    )


async def test_each_event_is_kept_once_and_queues_one_settlement(container: Container) -> None:
    notifications = container.payment_notifications
    succeeded = _event("evt_1", GatewayEventKind.PAYMENT_SUCCEEDED, "pay_1")
    assert await notifications.ingest(succeeded) is True
    assert await notifications.ingest(succeeded) is False
    assert await notifications.ingest(_event("evt_2", GatewayEventKind.OTHER, None)) is True
    assert await notifications.ingest(_event("evt_3", GatewayEventKind.OTHER, "pay_1")) is True

    assert await PaymentEventRow.count() == 3
    notices = await OutboxMessage.select().where(OutboxMessage.event_type == "payment.notified")
    assert len(notices) == 1
    payload = as_json(notices[0]["payload"])
    assert payload == {
        "gateway": container.payment_gateway.name,
        "event_id": "evt_1",
        "kind": "payment_succeeded",
        "payment_id": "pay_1",
        "v": 1,
    }
