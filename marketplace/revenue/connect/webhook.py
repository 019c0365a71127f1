"""Stripe's Connect webhook: its own endpoint and signing secret, checked on the exact bytes
received. `account.updated` only queues a fresh read of the account (an outbox event in the
same transaction); a worker reads Stripe, so the body is never trusted and a repeated or
reordered event does no harm. `account.application.deauthorized` (the person disconnected
Lakou) is acted on from the signed event itself: Stripe no longer lets Lakou read the account,
so the account is marked disconnected at once and its payouts held."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.status_codes import HTTP_200_OK

from infra.http.dependencies import provide_service
from marketplace.payments.errors import PaymentError
from marketplace.payments.port import InvalidSignature
from marketplace.revenue.connect.service import ConnectService
from marketplace.revenue.schedule import RevenueSettings

# Account events are a few kilobytes; Stripe's largest bodies a few tens.
MAX_WEBHOOK_BYTES = 256 * 1024
ACCOUNT_UPDATED = "account.updated"
DEAUTHORIZED = "account.application.deauthorized"


class ConnectWebhookController(Controller):
    path = "/api/revenue/connect"
    tags = ["revenue"]
    dependencies = {
        "connect": provide_service(ConnectService),
        "settings": provide_service(RevenueSettings),
    }

    @post("/webhook", status_code=HTTP_200_OK, request_max_body_size=MAX_WEBHOOK_BYTES)
    async def webhook(
        self,
        request: Request[Any, Any, Any],
        connect: NamedDependency[ConnectService],
        settings: NamedDependency[RevenueSettings],
    ) -> dict[str, bool]:
        """Stripe Connect notifications: 400 on a bad signature, 200 once queued or ignored."""
        raw = await request.body()
        if not settings.connect_webhook_secret:
            # Not configured: nothing can be genuine (and nothing is read from the body).
            raise InvalidSignature(PaymentError.SIGNATURE_MISMATCH)
        notice = connect.verify_notice(
            raw, request.headers.get("stripe-signature"), settings.connect_webhook_secret
        )
        if notice.account_id is None:
            return {"received": True, "queued": False}
        if notice.event_type == DEAUTHORIZED:
            changed = await connect.disconnected(notice.account_id, notice.event_id)
            return {"received": True, "queued": changed}
        if notice.event_type != ACCOUNT_UPDATED:
            return {"received": True, "queued": False}
        queued = await connect.notified(notice.account_id, notice.event_id)
        return {"received": True, "queued": queued}
