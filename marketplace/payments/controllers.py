"""Provider webhooks: the signature is checked on the exact bytes received."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.status_codes import HTTP_200_OK

from infra.http.dependencies import provide_service
from marketplace.payments.notifications import PaymentNotifications

# Stripe's largest event bodies are a few tens of kilobytes.
MAX_WEBHOOK_BYTES = 256 * 1024


class WebhookController(Controller):
    path = "/api/payments/webhooks"
    tags = ["payments"]
    dependencies = {"notifications": provide_service(PaymentNotifications)}

    @post("/stripe", status_code=HTTP_200_OK, request_max_body_size=MAX_WEBHOOK_BYTES)
    async def stripe_webhook(
        self,
        request: Request[Any, Any, Any],
        notifications: NamedDependency[PaymentNotifications],
    ) -> dict[str, bool]:
        """Stripe notifications: 400 on a bad signature, 200 once kept (repeats included)."""
        raw = await request.body()
        new = await notifications.receive(raw, request.headers.get("stripe-signature"))
        return {"received": True, "duplicate": not new}
