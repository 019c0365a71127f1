"""Stripe Connect transfers through the official SDK, against a local FAKE of /v1/transfers
(localstripe has no Connect), then a whole payout run ending in a holder's statement."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

import pytest

from infra.errors import AppError
from infra.settings import PaymentBackend, PaymentSettings
from lakou.bootstrap import Container
from marketplace.payments.port import GatewayUnavailable, TransferRequest
from marketplace.payments.stripe.client import RetryPolicy
from marketplace.payments.stripe.connect import StripeConnectPayouts
from marketplace.revenue.domain.splits import HolderInput
from tests.fakes.stripe_connect_fake import FakeStripeConnect
from tests.integration.revenue_support import (
    attach_revenue,
    creator_principal,
    line,
    make_work,
    paid_event,
    refunded_event,
)

ACCOUNT = "acct_1LakouTestHolder"


@pytest.fixture
def fake() -> Iterator[FakeStripeConnect]:
    server = FakeStripeConnect()
    server.base_url = server.start()  # type: ignore[attr-defined]
    yield server
    server.stop()


def _payouts(fake: FakeStripeConnect, secret: str | None = None) -> StripeConnectPayouts:
    settings = PaymentSettings(
        backend=PaymentBackend.STRIPE,
        stripe_secret_key=secret or fake.secret_key,
        stripe_api_base=fake.base_url,  # type: ignore[attr-defined]
    )
    return StripeConnectPayouts.from_settings(
        settings, retry=RetryPolicy(max_attempts=4, first_backoff_s=0.01, max_backoff_s=0.02)
    )


def _request(key: str = "lakou-payout-r1-h1", amount: int = 1234) -> TransferRequest:
    return TransferRequest(
        destination_account=ACCOUNT,
        amount_cents=amount,
        currency="eur",
        idempotency_key=key,
        transfer_group="lakou-run-r1",
        metadata={"run_id": "r1", "holder_id": "h1"},
    )


async def test_the_same_key_gives_the_same_transfer(fake: FakeStripeConnect) -> None:
    payouts = _payouts(fake)
    first = await payouts.transfer(_request())
    again = await payouts.transfer(_request())
    assert first == again
    assert first.id.startswith("tr_")
    assert (first.amount_cents, first.currency, first.destination_account) == (1234, "eur", ACCOUNT)
    assert len(fake.transfers) == 1
    assert fake.transfers[0]["metadata"] == {"run_id": "r1", "holder_id": "h1"}


async def test_transient_failures_are_retried_with_the_same_key(fake: FakeStripeConnect) -> None:
    fake.fail_first = 2
    info = await _payouts(fake).transfer(_request())
    assert fake.calls == 3
    assert fake.total_cents() == 1234
    # A transfer made whose answer was lost: the retry gets the same transfer back.
    fake.lose_first = 1
    lost = await _payouts(fake).transfer(_request(key="lakou-payout-r1-h2", amount=500))
    assert fake.replays == 1
    assert [t["id"] for t in fake.transfers][-1] == lost.id
    assert info.id != lost.id


async def test_a_long_outage_is_unavailable_and_refusals_are_app_errors(
    fake: FakeStripeConnect,
) -> None:
    fake.fail_first = 10
    with pytest.raises(GatewayUnavailable):
        await _payouts(fake).transfer(_request())
    fake.fail_first = 0
    await _payouts(fake).transfer(_request())  # a failed attempt stores nothing: now it is made
    with pytest.raises(AppError) as caught:
        await _payouts(fake).transfer(_request(amount=999))  # same key, other amount
    assert not isinstance(caught.value, GatewayUnavailable)
    fake.refused_accounts.add(ACCOUNT)
    with pytest.raises(AppError):
        await _payouts(fake).transfer(_request(key="other"))
    with pytest.raises(GatewayUnavailable):  # a wrong secret key is Lakou's outage
        await _payouts(fake, secret="sk_test_wrong").transfer(_request(key="third"))
    assert [t["amount"] for t in fake.transfers] == [1234]


async def test_a_payout_run_end_to_end(container: Container, fake: FakeStripeConnect) -> None:
    revenue = await attach_revenue(container, _payouts(fake))
    owner = creator_principal()
    work = await make_work(container, owner, title="=cmd|' /C calc'!A0")
    sheet = await revenue.splits.replace(
        owner,
        work,
        [
            HolderInput("Léna", "composer", 6000, payout_account=ACCOUNT),
            HolderInput("Sans compte", "performer", 4000),
        ],
    )
    lena = sheet.holders[0].holder_id
    sales = [paid_event([line([work], 1500, vat=118)], fee=48) for _ in range(3)]
    for sale in sales:
        await revenue.ledger.handle_order_paid(sale)
    await revenue.ledger.handle_order_refunded(
        refunded_event(sales[0].payload["order_id"], 1500, 1500, 1500)
    )
    fake.lose_first = 1
    run = await revenue.payouts.request_run(None)
    report = await revenue.payouts.execute(run.id)
    assert report.sent == 1
    rerun = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert rerun.sent == 0
    assert len(fake.transfers) == 1

    statement = await revenue.statements.statement_csv(owner, lena)
    rows = list(csv.DictReader(io.StringIO(statement)))
    total = sum(int(Decimal(row["amount_eur"]) * 100) for row in rows)
    assert total == fake.total_cents(ACCOUNT) == report.sent_cents
    assert {row["payout"] for row in rows} == {fake.transfers[0]["id"]}
    assert {row["entry_kind"] for row in rows} == {"holder_share", "refund"}
    assert all(row["work_title"].startswith("'=") for row in rows)  # not a formula
