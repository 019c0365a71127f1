"""Every cent of a sale is allocated, none created or lost; refunds never take back too much."""

from __future__ import annotations

import itertools
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.revenue.domain.allocation import (
    EntryKind,
    InvalidSale,
    SaleLine,
    WorkSplit,
    allocate_order,
    reversal,
    spread_fee,
)
from marketplace.revenue.domain.money import largest_remainder


def _split(work_id: UUID, shares: list[int]) -> WorkSplit:
    return WorkSplit(work_id, 1, tuple((uuid4(), bp) for bp in shares))


def _shares_bp(draw: st.DrawFn) -> list[int]:
    """1-6 positive shares adding up to 10000."""
    count = draw(st.integers(1, 6))
    cuts = sorted(
        draw(st.lists(st.integers(1, 9999), min_size=count - 1, max_size=count - 1, unique=True))
    )
    bounds = [0, *cuts, 10_000]
    return [high - low for low, high in itertools.pairwise(bounds)]


@st.composite
def orders(draw: st.DrawFn) -> tuple[list[SaleLine], int, int, dict[UUID, WorkSplit]]:
    lines: list[SaleLine] = []
    splits: dict[UUID, WorkSplit] = {}
    for index in range(draw(st.integers(1, 5))):
        gross = draw(st.integers(0, 5_000_000))
        vat = draw(st.integers(0, gross))
        works = [uuid4() for _ in range(draw(st.integers(1, 4)))]
        weights = draw(st.lists(st.integers(0, 10_000), min_size=len(works), max_size=len(works)))
        for work_id in works:
            splits[work_id] = _split(work_id, _shares_bp(draw))
        lines.append(SaleLine(f"l{index}", tuple(works), tuple(weights), gross, gross - vat, vat))
    fee = draw(st.integers(0, 200_000))
    commission_bp = draw(st.integers(0, 10_000))
    return lines, fee, commission_bp, splits


@settings(max_examples=300, deadline=None)
@given(orders())
def test_each_line_is_allocated_to_the_cent_and_nothing_is_negative(
    order: tuple[list[SaleLine], int, int, dict[UUID, WorkSplit]],
) -> None:
    lines, fee, commission_bp, splits = order
    result = allocate_order(lines, fee, commission_bp, splits)
    for line in lines:
        entries = [e for e in result.entries if e.line_id == line.line_id]
        assert sum(e.amount_cents for e in entries) == line.gross_cents
        assert all(e.amount_cents > 0 for e in entries)
        assert sum(e.amount_cents for e in entries if e.kind is EntryKind.VAT) == line.vat_cents
        line_fee = sum(e.amount_cents for e in entries if e.kind is EntryKind.PAYMENT_FEE)
        assert line_fee <= line.net_cents
        sold = [s for s in result.work_sales if s.line_id == line.line_id]
        assert sum(s.gross_cents for s in sold) == line.gross_cents
    all_fees = sum(e.amount_cents for e in result.entries if e.kind is EntryKind.PAYMENT_FEE)
    assert all_fees == min(fee, sum(line.net_cents for line in lines))


@settings(max_examples=300, deadline=None)
@given(orders(), st.lists(st.integers(0, 10_000_000), min_size=1, max_size=6))
def test_refunds_never_reverse_more_than_was_allocated(
    order: tuple[list[SaleLine], int, int, dict[UUID, WorkSplit]], refunds: list[int]
) -> None:
    lines, fee, commission_bp, splits = order
    originals = [e.amount_cents for e in allocate_order(lines, fee, commission_bp, splits).entries]
    remaining = list(originals)
    for asked in refunds:
        amount = min(asked, sum(remaining))
        parts = reversal(amount, remaining)
        assert sum(parts) == amount
        assert all(0 <= part <= left for part, left in zip(parts, remaining, strict=True))
        remaining = [left - part for left, part in zip(remaining, parts, strict=True)]
    assert all(0 <= left <= original for left, original in zip(remaining, originals, strict=True))


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=20))
def test_largest_remainder_sums_exactly_and_stays_within_a_cent_of_the_quota(
    total: int, weights: list[int]
) -> None:
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    weight_sum = sum(weights) or len(weights)
    for part, weight in zip(parts, weights or [], strict=True):
        exact = total * (weight if sum(weights) else 1)
        assert exact // weight_sum <= part <= -(-exact // weight_sum)


def test_a_ten_euro_sale_with_vat_fee_and_commission() -> None:
    work = uuid4()
    alice, bob = uuid4(), uuid4()
    line = SaleLine("l1", (work,), (1,), gross_cents=1000, net_cents=922, vat_cents=78)
    splits = {work: WorkSplit(work, 2, ((alice, 5000), (bob, 5000)))}
    entries = allocate_order([line], 40, 1000, splits).entries
    by_kind = {(e.kind, e.holder_id): e.amount_cents for e in entries}
    assert by_kind[(EntryKind.VAT, None)] == 78
    assert by_kind[(EntryKind.PAYMENT_FEE, None)] == 40
    assert by_kind[(EntryKind.PLATFORM_COMMISSION, None)] == 88  # floor(10 % of 882)
    # 794 left: 397 each; the sheet version travels with the entries.
    assert by_kind[(EntryKind.HOLDER_SHARE, alice)] == 397
    assert by_kind[(EntryKind.HOLDER_SHARE, bob)] == 397
    assert {e.sheet_version for e in entries if e.holder_id} == {2}


def test_cash_kept_by_a_holder_is_set_against_their_share() -> None:
    work = uuid4()
    seller, co_holder = uuid4(), uuid4()
    line = SaleLine(
        "l1", (work,), (1,), gross_cents=1500, net_cents=1382, vat_cents=118, collected_by=seller
    )
    splits = {work: WorkSplit(work, 1, ((seller, 6000), (co_holder, 4000)))}
    entries = allocate_order([line], 0, 1000, splits).entries
    by_holder: dict[UUID | None, int] = {}
    for entry in entries:
        by_holder[entry.holder_id] = by_holder.get(entry.holder_id, 0) + entry.amount_cents
    # 1244 for the holders (746 / 498); the seller holds the 1500 paid in cash.
    assert by_holder[co_holder] == 498
    assert by_holder[seller] == 746 - 1500  # owes Lakou its VAT, commission and the co-holder
    assert sum(e.amount_cents for e in entries if e.kind is EntryKind.CASH_COLLECTED) == -1500
    # Lakou's books balance: what it owes out equals what it is owed, VAT and commission kept.
    assert sum(by_holder.values()) == 0


def test_an_odd_cent_goes_to_the_earlier_holder() -> None:
    work, first, second = uuid4(), uuid4(), uuid4()
    line = SaleLine("l1", (work,), (1,), 101, 101, 0)
    splits = {work: WorkSplit(work, 1, ((first, 5000), (second, 5000)))}
    entries = allocate_order([line], 0, 0, splits).entries
    assert [(e.holder_id, e.amount_cents) for e in entries] == [(first, 51), (second, 50)]


def test_the_fee_never_exceeds_a_line_and_spills_to_the_others() -> None:
    work = uuid4()
    small = SaleLine("small", (work,), (1,), 10, 10, 0)
    big = SaleLine("big", (work,), (1,), 990, 990, 0)
    assert spread_fee(100, [10, 990], [10, 990]) == [1, 99]
    assert spread_fee(995, [10, 990], [10, 990]) == [10, 985]
    assert spread_fee(5000, [10, 990], [10, 990]) == [10, 990]  # capped at the order's net
    result = allocate_order([small, big], 995, 1000, {work: _split(work, [10_000])})
    assert sum(e.amount_cents for e in result.entries) == 1000


def test_sales_that_do_not_add_up_are_refused() -> None:
    work = uuid4()
    splits = {work: _split(work, [10_000])}
    with pytest.raises(InvalidSale):
        allocate_order([SaleLine("l", (work,), (1,), 100, 90, 20)], 0, 0, splits)
    with pytest.raises(InvalidSale):
        allocate_order([SaleLine("l", (work,), (1, 2), 100, 100, 0)], 0, 0, splits)
    with pytest.raises(InvalidSale):
        allocate_order([SaleLine("l", (uuid4(),), (1,), 100, 100, 0)], 0, 0, splits)
    with pytest.raises(ValueError, match="more than remains"):
        reversal(11, [5, 5])
