"""Integer-cent arithmetic: sharing an amount by weights without creating or losing a cent."""

from __future__ import annotations

from collections.abc import Sequence

BASIS_POINTS = 10_000


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Share `total` cents in proportion to `weights` (Hamilton's largest remainder method).

    Each part gets the floor of its exact quota; the cents left over go one by one to the
    largest fractional parts, ties to the earliest weight, so the result is deterministic and
    sums to `total` exactly. A part never exceeds its quota rounded up, and a zero weight gets
    nothing. When every weight is zero the total is shared equally (a bundle of free works).
    """
    if total < 0:
        raise ValueError("total must not be negative")
    if not weights:
        if total:
            raise ValueError("nothing to share a non-zero total between")
        return []
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        weights = [1] * len(weights)
        weight_sum = len(weights)
    floors = [total * weight // weight_sum for weight in weights]
    # Remainders compared as integers (numerators over the same denominator): no floats.
    remainders = [total * weight % weight_sum for weight in weights]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda index: (-remainders[index], index))
    for index in order[:left]:
        floors[index] += 1
    return floors


def basis_points_floor(amount: int, rate_bp: int) -> int:
    """`rate_bp` of a non-negative `amount`, rounded down to the cent."""
    if amount < 0 or not 0 <= rate_bp <= BASIS_POINTS:
        raise ValueError("amount must be >= 0 and the rate within 0..10000 bp")
    return amount * rate_bp // BASIS_POINTS


def euros(cents: int) -> str:
    """'12.34' / '-0.05': a decimal text from integer cents, never through a float."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"
