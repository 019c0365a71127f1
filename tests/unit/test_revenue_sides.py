"""A sync fee shared between a music work's master and publishing sides, then by shares."""

from __future__ import annotations

from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.revenue.domain.allocation import (
    EntryKind,
    SaleLine,
    WorkSplit,
    allocate_order,
)
from marketplace.revenue.domain.sides import Side, SidedShare, side_of, split_by_sides


def test_roles_fall_on_their_side_unless_the_sheet_says() -> None:
    assert side_of("composer", None) is Side.PUBLISHING
    assert side_of("label", None) is Side.MASTER
    assert side_of("creator", None) is None
    assert side_of("composer", Side.MASTER) is Side.MASTER


def test_sides_share_by_terms_then_by_shares_to_the_cent() -> None:
    singer, label, composer, lyricist = (uuid4() for _ in range(4))
    shares = [
        SidedShare(singer, 3000, Side.MASTER),
        SidedShare(label, 2000, Side.MASTER),
        SidedShare(composer, 3500, Side.PUBLISHING),
        SidedShare(lyricist, 1500, Side.PUBLISHING),
    ]
    parts = {(p.holder_id, p.side): p.cents for p in split_by_sides(10001, 6000, shares)}
    # 60 % to the master side (6001 cents: the odd cent by largest remainder), 3:2 within it.
    assert parts[(singer, Side.MASTER)] + parts[(label, Side.MASTER)] == 6001
    assert parts[(composer, Side.PUBLISHING)] + parts[(lyricist, Side.PUBLISHING)] == 4000
    assert parts[(singer, Side.MASTER)] == 3601
    assert parts[(composer, Side.PUBLISHING)] == 2800
    assert sum(parts.values()) == 10001


def test_a_holder_on_no_side_takes_part_in_both_and_an_empty_side_goes_to_all() -> None:
    creator, composer = uuid4(), uuid4()
    both = split_by_sides(1000, 5000, [SidedShare(creator, 5000, None), SidedShare(composer, 5000, Side.PUBLISHING)])  # fmt: skip
    got = {(p.holder_id, p.side): p.cents for p in both}
    assert got == {(creator, Side.MASTER): 500, (creator, Side.PUBLISHING): 250, (composer, Side.PUBLISHING): 250}  # fmt: skip
    alone = split_by_sides(1000, 5000, [SidedShare(composer, 10000, Side.PUBLISHING)])
    assert sum(p.cents for p in alone) == 1000  # the master side has nobody: the sheet takes it


@given(
    cents=st.integers(0, 10**9),
    master=st.integers(0, 10000),
    weights=st.lists(st.tuples(st.integers(1, 9999), st.sampled_from([None, *Side])), min_size=1, max_size=8),
)  # fmt: skip
def test_no_cent_is_created_or_lost(cents: int, master: int, weights: list[tuple[int, Side | None]]) -> None:  # fmt: skip
    shares = [SidedShare(uuid4(), bp, side) for bp, side in weights]
    parts = split_by_sides(cents, master, shares)
    assert sum(p.cents for p in parts) == cents
    assert all(p.cents >= 0 for p in parts)


def test_a_sync_line_is_allocated_side_by_side() -> None:
    work, singer, composer = uuid4(), uuid4(), uuid4()
    split = WorkSplit(
        work, 1, ((singer, 5000), (composer, 5000)),
        (SidedShare(singer, 5000, Side.MASTER), SidedShare(composer, 5000, Side.PUBLISHING)),
    )  # fmt: skip
    line = SaleLine("l1", (work,), (1,), 24900, 22949, 1951, master_bp=7000)
    entries = allocate_order([line], 0, 1000, {work: split}).entries
    holders = [e for e in entries if e.kind is EntryKind.HOLDER_SHARE]
    assert {e.side for e in holders} == {Side.MASTER, Side.PUBLISHING}
    assert sum(e.amount_cents for e in entries) == 24900
    master = sum(e.amount_cents for e in holders if e.side is Side.MASTER)
    publishing = sum(e.amount_cents for e in holders if e.side is Side.PUBLISHING)
    assert master == pytest.approx((master + publishing) * 0.7, abs=1)
