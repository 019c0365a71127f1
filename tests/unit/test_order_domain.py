"""The order's state machine: forward only, amounts checked, refunds counted once."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from marketplace.orders.domain import ObservedPayment, Order, OrderLine, OrderStatus

NOW = datetime(2026, 11, 26, tzinfo=UTC)


def _order(total: int = 1000) -> Order:
    line = OrderLine(
        id=uuid4(),
        item_id=uuid4(),
        kind="work",
        seller_id=uuid4(),
        title="Bèlè lalin",
        work_ids=(uuid4(),),
        work_weights=(1,),
        pricing="fixed",
        list_cents=total,
        discount_cents=0,
        gross_cents=total,
        vat_rate_bp=850,
        vat_cents=78,
        net_cents=total - 78,
    )
    order = Order(
        id=uuid4(),
        buyer_id=uuid4(),
        buyer_country="MQ",
        status=OrderStatus.PENDING,
        lines=(line,),
        checkout_key="k",
        created_at=NOW,
        updated_at=NOW,
    )
    order.attach_payment("stripe", "pi_1", NOW)
    return order


def _paid(order: Order, amount: int | None = None, currency: str = "eur") -> bool:
    payment = ObservedPayment(
        "pi_1", order.total_cents if amount is None else amount, currency, False
    )
    return order.settle_paid(payment, False, 40, NOW)


def _types(order: Order) -> list[str]:
    return [event.type for event in order.collect_events()]


def test_paid_then_fulfilled_grants_each_work_once() -> None:
    order = _order()
    assert _paid(order)
    granted = order.fulfil(NOW)
    assert order.status is OrderStatus.FULFILLED
    assert granted == list(order.lines[0].work_ids)
    assert _types(order) == ["order.paid", "entitlement.granted"]
    # The same success notified again changes nothing.
    assert not _paid(order)
    assert order.fulfil(NOW) == []
    assert _types(order) == []


def test_the_paid_event_carries_the_cards_country_beside_the_declared_one() -> None:
    order = _order()
    payment = ObservedPayment("pi_1", order.total_cents, "eur", False, card_country="CA")
    assert order.settle_paid(payment, False, 40, NOW)
    [paid] = order.collect_events()
    assert (paid.payload["buyer_country"], paid.payload["card_country"]) == ("MQ", "CA")
    cash = _order()
    assert _paid(cash)
    assert cash.collect_events()[0].payload["card_country"] == ""


def test_a_late_failure_never_takes_a_paid_order_back() -> None:
    order = _order()
    _paid(order)
    order.fulfil(NOW)
    assert not order.fail("card_declined", NOW)
    assert order.status is OrderStatus.FULFILLED


def test_a_failed_order_can_still_be_paid_with_another_card() -> None:
    order = _order()
    assert order.fail("card_declined", NOW)
    assert order.status is OrderStatus.FAILED
    assert _paid(order)
    assert order.status is OrderStatus.PAID


def test_amount_currency_or_mode_mismatch_flags_the_order_for_review() -> None:
    for amount, currency in ((999, "eur"), (1000, "usd")):
        order = _order()
        assert not _paid(order, amount, currency)
        assert order.status is OrderStatus.PENDING
        assert order.review_reason in ("amount_mismatch", "currency_mismatch")
        assert _types(order) == []
    live = _order()
    assert not live.settle_paid(ObservedPayment("pi_1", 1000, "eur", True), False, 0, NOW)
    assert live.review_reason == "livemode_mismatch"


def test_refunds_count_once_and_only_a_full_refund_revokes() -> None:
    order = _order()
    _paid(order)
    order.fulfil(NOW)
    order.collect_events()
    assert order.settle_refunds(300, "re_1", NOW) == []
    assert order.status is OrderStatus.PARTIALLY_REFUNDED
    # The same total seen again (webhook after the API call) is no new refund.
    assert order.settle_refunds(300, "re_1", NOW) == []
    assert [e.payload["amount_cents"] for e in order.collect_events()] == [300]
    revoked = order.settle_refunds(1000, "re_2", NOW)
    assert revoked == list(order.lines[0].work_ids)
    assert order.status is OrderStatus.REFUNDED
    events = order.collect_events()
    assert [e.type for e in events] == ["order.refunded", "entitlement.revoked"]
    assert events[0].payload["amount_cents"] == 700
    assert events[0].payload["full"] is True


def test_an_unpaid_order_has_nothing_to_refund() -> None:
    order = _order()
    assert order.settle_refunds(1000, "re_1", NOW) == []
    assert order.status is OrderStatus.PENDING
