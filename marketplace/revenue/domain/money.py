"""Integer-cent helpers of the ledger; sharing by weights is `marketplace.pricing.money`'s."""

from __future__ import annotations

from marketplace.pricing.money import largest_remainder, percent_of

__all__ = ["BASIS_POINTS", "basis_points_floor", "euros", "largest_remainder"]

BASIS_POINTS = 10_000


def basis_points_floor(amount: int, rate_bp: int) -> int:
    """`rate_bp` of a non-negative `amount`, rounded down to the cent."""
    if amount < 0 or not 0 <= rate_bp <= BASIS_POINTS:
        raise ValueError("amount must be >= 0 and the rate within 0..10000 bp")
    return percent_of(amount, rate_bp)


def euros(cents: int) -> str:
    """'12.34' / '-0.05': a decimal text from integer cents, never through a float."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"
