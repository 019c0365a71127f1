"""Test payouts for the embedded default: NO MONEY MOVES. Every transfer is labelled a test.

Like a Connect transfer reduced to its bookkeeping: the same idempotency key always gives the
same transfer id ("test_tr_" + a digest of the key), so re-running a payout run behaves as it
does against Stripe. Nothing is stored: the ledger keeps the transfer id it was given.
"""

from __future__ import annotations

import hashlib
import logging

from infra.errors import InvalidInput
from marketplace.payments.errors import PaymentError
from marketplace.payments.port import TransferInfo, TransferRequest

log = logging.getLogger("lakou.payments")


class TestPayouts:
    """The `PayoutGateway` of the embedded default (and of tests that need no provider)."""

    __test__ = False  # a product class, not a pytest test case
    name = "test"
    is_test = True

    async def transfer(self, request: TransferRequest) -> TransferInfo:
        if request.amount_cents <= 0 or request.currency != "eur":
            raise InvalidInput(PaymentError.INVALID_TRANSFER)
        digest = hashlib.sha256(request.idempotency_key.encode()).hexdigest()[:24]
        transfer_id = f"test_tr_{digest}"
        log.info(
            "TEST PAYOUT (no money moved): %s cents to %s as %s",
            request.amount_cents,
            request.destination_account,
            transfer_id,
        )
        return TransferInfo(
            id=transfer_id,
            destination_account=request.destination_account,
            amount_cents=request.amount_cents,
            currency=request.currency,
        )
