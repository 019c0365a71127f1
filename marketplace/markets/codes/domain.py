"""Stand codes: a batch's rules and states, the codes' alphabet and keys. Pure Python.

A code is 13 characters of Crockford's base32 (65 bits): no I, L, O or U, and a reader who
types O for 0 or I/L for 1 is understood. It is derived from the batch, its place on the sheet
and a key from the site secret, so the sheet can be printed again without storing any code;
the database holds only a second keyed hash of each code, so a leak of the rows alone gives
away no unredeemed code.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from infra.events.model import EventRecorder
from marketplace.markets.events import (
    CODE_REDEEMED,
    MARKET_SALE,
    CodeRedeemed,
    MarketSale,
)

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
CODE_LENGTH = 13  # 65 bits of entropy
# What people type for what is printed (Crockford's decoding rules).
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
MIN_CODES, MAX_CODES = 1, 500
# A cash sale at a stand is still a sale: the same floor as any fixed price (card fees aside,
# a code under 0.50 EUR is not worth the paper), and a ceiling that catches a typo.
MIN_PRICE_CENTS, MAX_PRICE_CENTS = 50, 100_000
STAND_CHANNEL = "stand"


class BatchState(StrEnum):
    PRINTED = "printed"  # created: its sheet may be printed, its codes not yet redeemable
    SOLD = "sold"  # recorded as sold at the stand: its codes deliver the work
    VOID = "void"  # cancelled before the sale: its codes never will


def normalise(typed: str) -> str | None:
    """The code as printed, from what someone typed (spaces, dashes, case, O/0, I/L/1), or
    None when it cannot be a code."""
    plain = "".join(c for c in typed.upper() if c not in " -\t").translate(_READ_AS)
    if len(plain) != CODE_LENGTH or any(c not in ALPHABET for c in plain):
        return None
    return plain


def grouped(code: str) -> str:
    """For reading aloud and typing: ABCD-EFGH-JKMNP."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


class CodeKeys:
    """The two keys of stand codes, derived from the site secret under their own labels."""

    def __init__(self, secret: str) -> None:
        self._making = _derive(secret, b"lakou.markets.codes.make")
        self._hashing = _derive(secret, b"lakou.markets.codes.digest")

    def code(self, batch_id: UUID, position: int) -> str:
        mac = hmac.new(self._making, batch_id.bytes + position.to_bytes(4, "big"), "sha256")
        number = int.from_bytes(mac.digest()[:9], "big") >> (72 - 5 * CODE_LENGTH)
        return "".join(
            ALPHABET[(number >> (5 * (CODE_LENGTH - 1 - i))) & 31] for i in range(CODE_LENGTH)
        )

    def digest(self, code: str) -> str:
        return hmac.new(self._hashing, code.encode(), hashlib.sha256).hexdigest()


def _derive(secret: str, label: bytes) -> bytes:
    return hmac.new(secret.encode(), label, hashlib.sha256).digest()


@dataclass
class Batch(EventRecorder):
    id: UUID
    market_id: UUID
    stand_id: UUID
    work_id: UUID
    created_by: UUID
    size: int
    price_cents: int
    state: BatchState
    created_at: datetime
    order_id: UUID | None = None
    sold_at: datetime | None = None
    voided_at: datetime | None = None
    redeemed: int = 0  # how many of its codes were redeemed (read, never written)

    @property
    def total_cents(self) -> int:
        return self.size * self.price_cents

    def sold(
        self, order_id: UUID, gross_cents: int, currency: str, day: str, now: datetime
    ) -> None:
        """Recorded as sold at the stand (cash): a sale of the market."""
        self.state = BatchState.SOLD
        self.order_id = order_id
        self.sold_at = now
        self.record(
            MARKET_SALE.event(
                self.market_id,
                MarketSale(
                    market_id=self.market_id,
                    stand_id=self.stand_id,
                    order_id=order_id,
                    channel=STAND_CHANNEL,
                    units=self.size,
                    gross_cents=gross_cents,
                    currency=currency,
                    day=day,
                ),
            )
        )

    def void(self, now: datetime) -> None:
        self.state = BatchState.VOID
        self.voided_at = now


class Redemption(EventRecorder):
    """One code of a batch delivered its work into a person's library."""

    def __init__(self, batch: Batch, user_id: UUID, day: str) -> None:
        self.record(
            CODE_REDEEMED.event(
                batch.market_id,
                CodeRedeemed(
                    market_id=batch.market_id,
                    stand_id=batch.stand_id,
                    batch_id=batch.id,
                    work_id=batch.work_id,
                    user_id=user_id,
                    day=day,
                ),
            )
        )


def redemption_source(batch_id: UUID) -> str:
    """The entitlement's source for a code of this batch (at most 40 characters)."""
    return f"code:{batch_id.hex}"
