"""Integer-cent arithmetic: every cent of an amount ends up somewhere, none is invented."""

from __future__ import annotations

from collections.abc import Sequence


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Share `total` cents in proportion to `weights`; the parts always add up to `total`.

    Each part gets the floor of its exact share; the cents left over go one by one to the
    largest fractional remainders, ties broken by position so the result is deterministic.
    """
    if total < 0:
        return [-part for part in largest_remainder(-total, weights)]
    if not weights:
        if total:
            raise ValueError("cannot share a non-zero amount between no one")
        return []
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        # Nothing to go by: share as evenly as possible.
        return largest_remainder(total, [1] * len(weights))
    floors = [total * weight // weight_sum for weight in weights]
    remainders = [total * weight % weight_sum for weight in weights]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda index: (-remainders[index], index))
    for index in order[:left]:
        floors[index] += 1
    return floors


def vat_included(gross_cents: int, rate_bp: int) -> int:
    """The VAT inside a VAT-inclusive price, rounded half up to the cent.

    gross = net * (1 + rate) so VAT = gross * rate / (1 + rate); rates are basis points.
    """
    if gross_cents < 0 or rate_bp < 0:
        raise ValueError("amounts and rates must not be negative")
    numerator = gross_cents * rate_bp
    denominator = 10_000 + rate_bp
    return (2 * numerator + denominator) // (2 * denominator)


def percent_of(amount_cents: int, rate_bp: int) -> int:
    """`rate_bp` basis points of an amount, rounded down (the buyer's or holder's favour)."""
    return amount_cents * rate_bp // 10_000
