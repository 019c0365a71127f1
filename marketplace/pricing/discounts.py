"""Discount codes: a percentage or an amount off, with a use limit, an expiry and stacking rules.

Pure Python. A creator's code applies to that creator's fixed-price offers; a staff code to
every fixed-price offer. Pay-what-you-want amounts are the buyer's own choice and are never
discounted. Amount codes are shared over the eligible lines by largest remainder and never
take a line below zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from infra.errors import Conflict, InvalidInput
from marketplace.pricing.errors import PricingError
from marketplace.pricing.money import largest_remainder, percent_of

MAX_CODES_PER_ORDER = 3


class DiscountKind(StrEnum):
    PERCENT = "percent"
    AMOUNT = "amount"


@dataclass(frozen=True)
class DiscountCode:
    id: UUID
    code: str  # stored upper-case
    kind: DiscountKind
    value: int  # basis points for PERCENT (1..10000), cents for AMOUNT
    issuer_id: UUID
    seller_id: UUID | None  # None: a platform (staff) code valid on every seller
    max_uses: int | None
    used: int
    expires_at: datetime | None
    stackable: bool

    def check_usable(self, now: datetime) -> None:
        if self.expires_at is not None and now >= self.expires_at:
            raise InvalidInput(PricingError.DISCOUNT_EXPIRED, code=self.code)
        if self.max_uses is not None and self.used >= self.max_uses:
            raise Conflict(PricingError.DISCOUNT_EXHAUSTED, code=self.code)

    def applies_to(self, seller_id: UUID) -> bool:
        return self.seller_id is None or self.seller_id == seller_id


def normalise_code(raw: str) -> str:
    code = raw.strip().upper()
    if not 3 <= len(code) <= 40 or not all(
        ch.isascii() and (ch.isalnum() or ch in "-_") for ch in code
    ):
        raise InvalidInput(PricingError.INVALID_DISCOUNT_CODE)
    return code


def check_combination(codes: Sequence[DiscountCode]) -> None:
    if len(codes) > MAX_CODES_PER_ORDER:
        raise InvalidInput(PricingError.TOO_MANY_DISCOUNT_CODES, limit=MAX_CODES_PER_ORDER)
    if len({code.code for code in codes}) != len(codes):
        raise InvalidInput(PricingError.DUPLICATE_DISCOUNT_CODE)
    if len(codes) > 1 and not all(code.stackable for code in codes):
        raise InvalidInput(PricingError.DISCOUNT_NOT_STACKABLE)


@dataclass(frozen=True)
class DiscountableLine:
    seller_id: UUID
    amount_cents: int
    discountable: bool  # fixed-price lines only


def discounts_for(
    lines: Sequence[DiscountableLine], codes: Sequence[DiscountCode]
) -> tuple[list[int], dict[UUID, int]]:
    """Cents off each line, and cents each code took; no line goes below zero.

    Codes apply one after another on what is left, percentages first (so an amount code is
    never inflated by the order of entry).
    """
    off = [0] * len(lines)
    taken: dict[UUID, int] = {}
    ordered = sorted(codes, key=lambda code: (code.kind is not DiscountKind.PERCENT, code.code))
    for code in ordered:
        eligible = [
            index
            for index, line in enumerate(lines)
            if line.discountable and code.applies_to(line.seller_id)
        ]
        remaining = [lines[index].amount_cents - off[index] for index in eligible]
        if code.kind is DiscountKind.PERCENT:
            parts = [percent_of(amount, min(code.value, 10_000)) for amount in remaining]
        else:
            total = min(code.value, sum(remaining))
            parts = largest_remainder(total, remaining)
        for index, part in zip(eligible, parts, strict=True):
            off[index] += part
        taken[code.id] = sum(parts)
    return off, taken
