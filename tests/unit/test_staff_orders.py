"""The back office's order filters and refund amounts, as the page's forms send them."""

from __future__ import annotations

from uuid import UUID

import pytest

from infra.errors import InvalidInput
from infra.ids import new_id
from marketplace.orders.domain import OrderStatus
from marketplace.orders.errors import OrderError
from marketplace.orders.staff_orders import (
    decode_cursor,
    encode_cursor,
    parse_refund_amount,
    parse_search,
)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("3", 300), ("3,50", 350), ("3.5", 350), (" 12,05 € ", 1205), ("0,01", 1), ("", None)],
)
def test_refund_amounts_are_euros_as_people_type_them(typed: str, cents: int | None) -> None:
    assert parse_refund_amount(typed) == cents


@pytest.mark.parametrize("typed", ["trois", "3,505", "-2", "0", "1e3", "NaN", "Infinity", "3,5,0"])
def test_refund_amounts_that_are_no_cents_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_refund_amount(typed)
    assert refused.value.error is OrderError.INVALID_REFUND_EUROS


def test_the_search_box_takes_an_order_id_or_an_email() -> None:
    order_id = new_id()
    assert parse_search("", str(order_id)).order_id == order_id
    found = parse_search("partially_refunded", " Ti.Jo@Example.test ")
    assert found.email == "ti.jo@example.test"
    assert found.status is OrderStatus.PARTIALLY_REFUNDED
    with pytest.raises(InvalidInput) as refused:
        parse_search("", "Ti Jo")
    assert refused.value.error is OrderError.INVALID_ORDER_SEARCH
    with pytest.raises(InvalidInput) as unknown:
        parse_search("lost", "")
    assert unknown.value.error is OrderError.INVALID_STATUS_FILTER


def test_cursors_round_trip_and_a_forged_one_is_refused() -> None:
    last = UUID(int=12345)
    assert decode_cursor(encode_cursor(last)) == last
    assert decode_cursor("") is None
    with pytest.raises(InvalidInput):
        decode_cursor("pas-un-curseur")
