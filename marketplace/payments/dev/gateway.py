"""The test-payment gateway of the embedded default: no money moves, and every page says so.

It behaves like a card gateway reduced to its outcomes: a payment is created per order (the
same idempotency key gives the same payment), the buyer then chooses "succeed" or "decline" on
the test-payment form, and the outcome reaches the order through the same path as a Stripe
webhook — a notification handed to a worker that re-reads the payment before acting.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from infra.errors import Conflict, InvalidInput, NotFound
from marketplace.payments.dev.tables import DevPaymentRow
from marketplace.payments.errors import PaymentError
from marketplace.payments.port import (
    GatewayEvent,
    GatewayEventKind,
    InvalidSignature,
    PaymentInfo,
    PaymentRequest,
    PaymentStatus,
    RefundInfo,
)

DECLINED = "card_declined"


class DevPaymentGateway:
    name = "test"
    is_test = True
    publishable_key: str | None = None

    def __init__(self) -> None:
        # Refunds by idempotency key, as Stripe keeps them: the same key gives the same refund
        # (a double click on the back office's form). Kept in this process only: the test
        # gateway serves the embedded default, one process; production refuses it.
        self._refunds: dict[str, RefundInfo] = {}
        self._refund_lock = asyncio.Lock()

    async def create_payment(self, request: PaymentRequest) -> PaymentInfo:
        existing = await self._row_by_key(request.idempotency_key)
        if existing is None:
            await DevPaymentRow.insert(
                DevPaymentRow(
                    id=f"test_pay_{secrets.token_hex(12)}",
                    order_id=UUID(request.order_id),
                    idempotency_key=request.idempotency_key[:100],
                    amount_cents=request.amount_cents,
                    currency=request.currency,
                    status=PaymentStatus.REQUIRES_PAYMENT.value,
                    client_secret=secrets.token_urlsafe(24),
                    created_at=datetime.now(UTC),
                )
            ).on_conflict(action="DO NOTHING")
            existing = await self._row_by_key(request.idempotency_key)
        assert existing is not None
        return _info(existing)

    async def get_payment(self, payment_id: str) -> PaymentInfo:
        return _info(await self._row(payment_id))

    async def cancel_payment(self, payment_id: str) -> PaymentInfo:
        row = await self._row(payment_id)
        if row["status"] != PaymentStatus.SUCCEEDED.value:
            await self._set(payment_id, status=PaymentStatus.CANCELED.value)
        return await self.get_payment(payment_id)

    async def refund(self, payment_id: str, amount_cents: int, idempotency_key: str) -> RefundInfo:
        async with self._refund_lock:
            done = self._refunds.get(idempotency_key)
            if done is not None and done.payment_id == payment_id:
                return done
            row = await self._row(payment_id)
            if row["status"] != PaymentStatus.SUCCEEDED.value:
                raise Conflict(PaymentError.NOT_REFUNDABLE)
            if amount_cents > row["amount_cents"] - row["refunded_cents"]:
                raise InvalidInput(PaymentError.REFUND_TOO_LARGE)
            await self._set(payment_id, refunded_cents=row["refunded_cents"] + amount_cents)
            refund = RefundInfo(
                f"test_re_{secrets.token_hex(8)}", payment_id, amount_cents, "succeeded"
            )
            self._refunds[idempotency_key] = refund
            return refund

    def verify_event(self, raw_body: bytes, signature_header: str | None) -> GatewayEvent:
        raise InvalidSignature(PaymentError.NO_TEST_WEBHOOKS)

    async def events_since(self, created_after: int) -> list[GatewayEvent]:
        # Outcomes are notified when the buyer chooses them; nothing can be missed.
        return []

    async def complete(self, payment_id: str, client_secret: str, succeed: bool) -> GatewayEvent:
        """The buyer's choice on the test-payment form; returns the notification to ingest."""
        row = await self._row(payment_id)
        if not secrets.compare_digest(row["client_secret"], client_secret):
            raise NotFound(PaymentError.PAYMENT_NOT_FOUND)
        if row["status"] == PaymentStatus.SUCCEEDED.value:
            kind = GatewayEventKind.PAYMENT_SUCCEEDED
        elif row["status"] == PaymentStatus.CANCELED.value:
            raise Conflict(PaymentError.PAYMENT_CANCELED)
        elif succeed:
            await self._set(payment_id, status=PaymentStatus.SUCCEEDED.value, failure_code=None)
            kind = GatewayEventKind.PAYMENT_SUCCEEDED
        else:
            await self._set(payment_id, failure_code=DECLINED)
            kind = GatewayEventKind.PAYMENT_FAILED
        return GatewayEvent(
            id=f"test_evt_{secrets.token_hex(12)}",
            kind=kind,
            provider_type=f"test.{kind.value}",
            created=int(time.time()),
            payment_id=payment_id,
            livemode=False,
        )

    async def _row(self, payment_id: str) -> dict[str, Any]:
        row = await DevPaymentRow.select().where(DevPaymentRow.id == payment_id).first()
        if row is None:
            raise NotFound(PaymentError.PAYMENT_NOT_FOUND)
        return row

    async def _row_by_key(self, key: str) -> dict[str, Any] | None:
        return (
            await DevPaymentRow.select().where(DevPaymentRow.idempotency_key == key[:100]).first()
        )

    async def _set(self, payment_id: str, **values: Any) -> None:
        await DevPaymentRow.update(
            {getattr(DevPaymentRow, key): value for key, value in values.items()},
            use_auto_update=False,
        ).where(DevPaymentRow.id == payment_id)


def _info(row: dict[str, Any]) -> PaymentInfo:
    return PaymentInfo(
        id=row["id"],
        status=PaymentStatus(row["status"]),
        amount_cents=row["amount_cents"],
        currency=row["currency"],
        livemode=False,
        order_id=str(row["order_id"]),
        client_secret=row["client_secret"],
        failure_code=row["failure_code"],
        amount_refunded_cents=row["refunded_cents"],
    )
