"""Money, VAT and discounts: every cent accounted for, rules read from the data table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infra.errors import Conflict, InvalidInput
from marketplace.offers.domain import Pricing, Terms
from marketplace.orders.quote import CartChoice, quote
from marketplace.pricing.discounts import (
    DiscountableLine,
    DiscountCode,
    DiscountKind,
    check_combination,
    discounts_for,
)
from marketplace.pricing.money import largest_remainder, vat_included
from marketplace.pricing.vat import DEFAULT_TABLE, VatCategory, VatTable

TABLE = VatTable.load()
NOW = datetime(2026, 11, 26, tzinfo=UTC)


@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30),
)
def test_largest_remainder_never_creates_or_loses_a_cent(total: int, weights: list[int]) -> None:
    parts = largest_remainder(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)
    if sum(weights) and total >= 0:
        # Each part is within one cent of its exact share.
        for part, weight in zip(parts, weights, strict=True):
            assert abs(part - total * weight / sum(weights)) < 1


def test_largest_remainder_gives_leftover_cents_to_the_largest_remainders() -> None:
    assert largest_remainder(100, [1, 1, 1]) == [34, 33, 33]
    assert largest_remainder(10, [50, 30, 20]) == [5, 3, 2]
    assert largest_remainder(1, [1, 2]) == [0, 1]


@given(st.integers(min_value=0, max_value=10**8), st.sampled_from([0, 210, 550, 850, 2000]))
def test_vat_inside_a_price_splits_it_exactly(gross: int, rate: int) -> None:
    vat = vat_included(gross, rate)
    net = gross - vat
    assert 0 <= vat <= gross
    # The VAT is the rate applied to the net, to within half a cent of rounding.
    assert abs(vat - net * rate / 10_000) <= 0.5 + rate / 10_000


def test_vat_rates_come_from_the_table_by_the_buyers_territory() -> None:
    assert TABLE.rate_bp("MQ", VatCategory.STANDARD) == 850
    assert TABLE.rate_bp("gp", VatCategory.REDUCED) == 210
    assert TABLE.rate_bp("RE", VatCategory.STANDARD) == 850
    assert TABLE.rate_bp("FR", VatCategory.STANDARD) == 2000
    assert TABLE.rate_bp("FR", VatCategory.REDUCED) == 550
    assert TABLE.rate_bp("GF", VatCategory.STANDARD) == 0
    assert TABLE.rate_bp("YT", VatCategory.STANDARD) == 0
    assert TABLE.rate_bp("DE", VatCategory.STANDARD) == 2000  # EU consumer under the threshold
    assert TABLE.rate_bp("CA", VatCategory.STANDARD) == 0  # outside the EU
    with pytest.raises(InvalidInput):
        TABLE.rate_bp("Martinique", VatCategory.STANDARD)


def test_a_replacement_table_changes_rates_without_code(tmp_path: Path) -> None:
    data = DEFAULT_TABLE.read_text().replace('"MQ": {"standard": 850', '"MQ": {"standard": 900')
    path = tmp_path / "vat.json"
    path.write_text(data)
    assert VatTable.load(path).rate_bp("MQ", VatCategory.STANDARD) == 900


def _code(kind: DiscountKind, value: int, **extra: object) -> DiscountCode:
    fields: dict[str, object] = {
        "id": uuid4(),
        "code": f"CODE{value}{kind.value}".upper(),
        "kind": kind,
        "value": value,
        "issuer_id": uuid4(),
        "seller_id": None,
        "max_uses": None,
        "used": 0,
        "expires_at": None,
        "stackable": False,
    }
    fields.update(extra)
    return DiscountCode(**fields)  # type: ignore[arg-type]


def test_expired_and_used_up_codes_are_refused() -> None:
    with pytest.raises(InvalidInput) as expired:
        _code(DiscountKind.PERCENT, 1000, expires_at=NOW - timedelta(seconds=1)).check_usable(NOW)
    assert expired.value.code == "discount_expired"
    with pytest.raises(Conflict) as exhausted:
        _code(DiscountKind.AMOUNT, 100, max_uses=3, used=3).check_usable(NOW)
    assert exhausted.value.code == "discount_exhausted"


def test_codes_stack_only_when_all_allow_it() -> None:
    first, second = _code(DiscountKind.PERCENT, 1000), _code(DiscountKind.AMOUNT, 200)
    with pytest.raises(InvalidInput) as refused:
        check_combination([first, second])
    assert refused.value.code == "discount_not_stackable"
    check_combination(
        [
            _code(DiscountKind.PERCENT, 1000, stackable=True),
            _code(DiscountKind.AMOUNT, 200, stackable=True),
        ]
    )


def test_discounts_spare_pay_what_you_want_and_other_sellers() -> None:
    seller, other = uuid4(), uuid4()
    lines = [
        DiscountableLine(seller, 1000, True),
        DiscountableLine(seller, 700, False),  # pay what you want
        DiscountableLine(other, 500, True),
    ]
    code = _code(DiscountKind.PERCENT, 2500, seller_id=seller)
    off, taken = discounts_for(lines, [code])
    assert off == [250, 0, 0]
    assert taken[code.id] == 250


@given(
    st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=10),
    st.integers(min_value=1, max_value=500_000),
)
def test_an_amount_code_never_takes_a_line_below_zero(amounts: list[int], value: int) -> None:
    lines = [DiscountableLine(uuid4(), amount, True) for amount in amounts]
    code = _code(DiscountKind.AMOUNT, value)
    off, taken = discounts_for(lines, [code])
    assert all(0 <= part <= amount for part, amount in zip(off, amounts, strict=True))
    assert taken[code.id] == sum(off) == min(value, sum(amounts))


def test_pay_what_you_want_under_the_minimum_is_refused() -> None:
    terms = Terms(Pricing.PAY_WHAT_YOU_WANT, 800, 500).validated()
    assert terms.amount_for(None) == 800
    assert terms.amount_for(1200) == 1200
    with pytest.raises(InvalidInput) as low:
        terms.amount_for(499)
    assert low.value.code == "below_minimum"
    with pytest.raises(InvalidInput):
        terms.amount_for(-5)
    with pytest.raises(InvalidInput):
        terms.amount_for(10**12)


@given(
    st.lists(
        st.tuples(st.integers(min_value=50, max_value=200_000), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["MQ", "FR", "GF", "RE", "DE", "US"]),
    st.integers(min_value=1, max_value=10_000),
)
def test_every_quoted_line_is_net_plus_vat_to_the_cent(
    prices: list[tuple[int, bool]], country: str, percent_bp: int
) -> None:
    seller = uuid4()
    choices = [
        CartChoice(
            item_kind="offer",
            item_id=uuid4(),
            kind="work",
            seller_id=seller,
            title="Œuvre",
            work_ids=(uuid4(),),
            work_weights=(1,),
            terms=Terms(Pricing.FIXED, price),
            offered_cents=None,
            vat_category=VatCategory.REDUCED if book else VatCategory.STANDARD,
        )
        for price, book in prices
    ]
    priced = quote(choices, [_code(DiscountKind.PERCENT, percent_bp)], country, TABLE)
    for line, (price, _) in zip(priced.lines, prices, strict=True):
        assert line.gross_cents == line.net_cents + line.vat_cents
        assert line.gross_cents == price - line.discount_cents
        assert line.gross_cents >= 0
    assert priced.total_cents == sum(line.gross_cents for line in priced.lines)
