"""Document numbers and refunds on credit notes: pure rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.documents.domain import (
    ReceiptLine,
    document_number,
    receipt_share,
    refunded_lines,
)


def test_numbers_sort_in_issue_order() -> None:
    assert document_number("LK", 2026, 1) == "LK-2026-000001"
    assert document_number("LK", 2026, 1_234_567) == "LK-2026-1234567"
    assert document_number("LK", 2026, 9) < document_number("LK", 2026, 10)
    with pytest.raises(ValueError, match="starts at 1"):
        document_number("LK", 2026, 0)


LINES = st.lists(
    st.builds(
        lambda gross, rate: ReceiptLine("t", "c", 1, gross, rate, 0, gross),
        st.integers(min_value=0, max_value=100_000),
        st.sampled_from([0, 210, 550, 850, 2000]),
    ),
    min_size=1,
    max_size=6,
)


@given(lines=LINES, refund=st.integers(min_value=0, max_value=700_000))
def test_a_refund_is_shared_to_the_cent_and_never_beyond_a_line(
    lines: list[ReceiptLine], refund: int
) -> None:
    refunded = refunded_lines(lines, refund)
    total = sum(line.gross_cents for line in lines)
    assert sum(line.gross_cents for line in refunded) == min(refund, total)
    for line in refunded:
        assert line.net_cents + line.vat_cents == line.gross_cents
        assert 0 <= line.vat_cents <= line.gross_cents
    # A full refund gives each line back exactly what it cost.
    full = refunded_lines(lines, total)
    assert [line.gross_cents for line in full] == [o.gross_cents for o in lines if o.gross_cents]


@given(
    invoiced=st.integers(min_value=0, max_value=10_000),
    others=st.integers(min_value=0, max_value=10_000),
    refunds=st.lists(st.integers(min_value=1, max_value=5_000), min_size=1, max_size=6),
)
def test_a_mixed_carts_refunds_credit_the_licences_first_and_the_receipt_the_rest(
    invoiced: int, others: int, refunds: list[int]
) -> None:
    """Refund after refund, the licences' credit notes (up to their invoices) and the
    receipt's (up to its lines) give back exactly what was refunded, never more than each
    side cost."""
    total, on_receipt, on_invoices = 0, 0, 0
    for amount in refunds:
        amount = min(amount, invoiced + others - total)
        if amount <= 0:
            break
        total += amount
        share = receipt_share(invoiced, total, amount)
        licence_part = min(amount, invoiced - on_invoices)  # what licensing's consumers credit
        assert share + licence_part == amount
        on_receipt += share
        on_invoices += licence_part
        assert 0 <= on_receipt <= others
        assert 0 <= on_invoices <= invoiced
