"""Rights holders get paid: Connect onboarding by account links against the named local FAKE
of Stripe Connect (tests/fakes/stripe_connect_fake.py; localstripe has no Connect), and payout
runs that pay an onboarded account only, carrying the others over."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from uuid import UUID, uuid4

import httpx
import pytest

from accounts.domain import Principal, Role
from infra.errors import InvalidInput, NotFound
from infra.events.tables import OutboxMessage
from infra.settings import PaymentBackend, PaymentSettings
from lakou.bootstrap import Container
from marketplace.payments.stripe.accounts import StripeConnectedAccounts
from marketplace.payments.stripe.client import RetryPolicy
from marketplace.payments.stripe.connect import StripeConnectPayouts
from marketplace.revenue.connect.service import RETURN_PATH
from marketplace.revenue.domain.connect import ConnectStatus
from marketplace.revenue.domain.splits import HolderInput
from marketplace.revenue.personal_data import PERSONAL_DATA
from marketplace.revenue.services import RevenueServices
from marketplace.revenue.tables import ConnectAccountRow
from tests.fakes.stripe_connect_fake import FakeStripeConnect
from tests.integration.revenue_support import (
    attach_revenue,
    creator_principal,
    line,
    make_work,
    paid_event,
)


@pytest.fixture
def fake() -> Iterator[FakeStripeConnect]:
    server = FakeStripeConnect()
    server.start()
    yield server
    server.stop()


def _stripe(fake: FakeStripeConnect) -> PaymentSettings:
    return PaymentSettings(
        backend=PaymentBackend.STRIPE,
        stripe_secret_key=fake.secret_key,
        stripe_api_base=fake.base_url,
    )


async def _revenue(container: Container, fake: FakeStripeConnect) -> RevenueServices:
    retry = RetryPolicy(max_attempts=3, first_backoff_s=0.01, max_backoff_s=0.02)
    return await attach_revenue(
        container,
        StripeConnectPayouts.from_settings(_stripe(fake), retry=retry),
        connected_accounts=StripeConnectedAccounts.from_settings(_stripe(fake)),
    )


def _person() -> Principal:
    return Principal(uuid4(), "lena@example.test", "Léna", Role.AUDIENCE)


async def _holder_sold(
    container: Container, revenue: RevenueServices, person: Principal, gross: int = 10_000
) -> UUID:
    """A work whose sheet names `person` for 60 %, sold once for `gross`."""
    owner = creator_principal()
    work = await make_work(container, owner)
    sheet = await revenue.splits.replace(
        owner,
        work,
        [
            HolderInput("Léna", "composer", 6000, user_id=person.user_id),
            HolderInput("Studio", "label", 4000),
        ],
    )
    await revenue.ledger.handle_order_paid(paid_event([line([work], gross)]))
    return sheet.holders[0].holder_id


async def _events(event_type: str) -> list[dict[str, object]]:
    return list(await OutboxMessage.select().where(OutboxMessage.event_type == event_type))


async def test_onboarding_makes_one_account_and_pays_only_once_enabled(
    container: Container, fake: FakeStripeConnect
) -> None:
    revenue = await _revenue(container, fake)
    person = _person()
    holder_id = await _holder_sold(container, revenue, person)  # 9000 for holders: 5400 hers

    # "Get paid": an Express account at Stripe (once, however many clicks) and a link to it.
    first = await revenue.connect.onboarding_url(person, "MQ")
    second = await revenue.connect.onboarding_url(person, "MQ")
    assert len(fake.accounts) == 1
    account_id, account = next(iter(fake.accounts.items()))
    assert (account["type"], account["country"], account["email"]) == (
        "express",
        "FR",  # Martinique is onboarded as France
        "lena@example.test",
    )
    assert first != second  # each link is single-use: a new one each time
    assert first.startswith(f"{fake.base_url}/fake/onboarding/")
    mine = await revenue.connect.account_of(person)
    assert mine is not None
    assert (mine.account_id, mine.status) == (account_id, ConnectStatus.STARTED)

    # Not onboarded yet: the run carries her balance over and tells her (once) to finish.
    report = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert (report.sent, report.carried_over) == (0, 2)  # she and the label without account
    needed = await _events("payout.onboarding_needed")
    assert len(needed) == 1  # the label is nobody's account: nobody to tell
    assert fake.transfers == []

    # Stripe's form, finished: the fake's page sends her back to Lakou's return address.
    async with httpx.AsyncClient() as browser:
        back = await browser.get(second + "?complete=1")
    assert back.status_code == 302
    assert back.headers["location"].endswith(RETURN_PATH)
    returned = await revenue.connect.returned(person)
    assert returned is not None
    assert returned.status is ConnectStatus.ENABLED

    report = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert (report.sent, report.sent_cents) == (1, 5400)
    assert fake.total_cents(account_id) == 5400
    assert fake.transfers[0]["metadata"]["holder_id"] == str(holder_id)


async def test_an_account_stripe_has_not_enabled_is_not_paid(
    container: Container, fake: FakeStripeConnect
) -> None:
    revenue = await _revenue(container, fake)
    person = _person()
    await _holder_sold(container, revenue, person)
    await revenue.connect.onboarding_url(person, "FR")
    account_id = next(iter(fake.accounts))
    fake.mark_onboarded(account_id, payouts_enabled=False)  # form done, Stripe still checking
    returned = await revenue.connect.returned(person)
    assert returned is not None
    assert returned.status is ConnectStatus.IN_REVIEW
    report = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert (report.sent, report.failed) == (0, 0)
    assert fake.transfers == []


async def test_two_clicks_at_once_make_one_account(
    container: Container, fake: FakeStripeConnect
) -> None:
    revenue = await _revenue(container, fake)
    person = _person()
    await _holder_sold(container, revenue, person)
    links = await asyncio.gather(*(revenue.connect.onboarding_url(person, "FR") for _ in range(3)))
    assert len(set(links)) == 3  # a link each ...
    assert len(fake.accounts) == 1  # ... to one account (the same idempotency key)
    assert await ConnectAccountRow.count().where(ConnectAccountRow.user_id == person.user_id) == 1


async def test_an_expired_link_leads_to_a_new_one(
    container: Container, fake: FakeStripeConnect
) -> None:
    revenue = await _revenue(container, fake)
    person = _person()
    await _holder_sold(container, revenue, person)
    link = await revenue.connect.onboarding_url(person, "FR")
    fake.expire_links()
    async with httpx.AsyncClient() as browser:
        refused = await browser.get(link + "?complete=1")
    assert refused.status_code == 302
    assert refused.headers["location"].endswith("/revenus/connect/nouveau-lien")
    fresh = await revenue.connect.fresh_url(person)
    assert fresh != link
    async with httpx.AsyncClient() as browser:
        done = await browser.get(fresh + "?complete=1")
        used = await browser.get(fresh + "?complete=1")  # a link works once
    assert done.headers["location"].endswith(RETURN_PATH)
    assert used.headers["location"].endswith("/revenus/connect/nouveau-lien")
    assert len(fake.accounts) == 1  # the same account throughout


async def test_bad_requests_change_nothing(container: Container, fake: FakeStripeConnect) -> None:
    revenue = await _revenue(container, fake)
    nobody = _person()  # named on no split sheet: nothing to be paid
    with pytest.raises(NotFound):
        await revenue.connect.onboarding_url(nobody, "FR")
    with pytest.raises(NotFound):
        await revenue.connect.fresh_url(nobody)
    person = _person()
    await _holder_sold(container, revenue, person)
    for country in ("", "ZZ", "France", "fr-FR"):
        with pytest.raises(InvalidInput) as refused:
            await revenue.connect.onboarding_url(person, country)
        assert refused.value.code == "invalid_country"
    assert fake.accounts == {}
    assert await revenue.connect.account_of(person) is None


async def test_the_account_is_in_the_persons_data_and_erasure_unlinks_it(
    container: Container, fake: FakeStripeConnect
) -> None:
    revenue = await _revenue(container, fake)
    person = _person()
    await _holder_sold(container, revenue, person)
    await revenue.connect.onboarding_url(person, "FR")
    account_id = next(iter(fake.accounts))
    exported = await PERSONAL_DATA.export(container.services, person.user_id)
    assert [row["account_id"] for row in exported["connect_accounts"]] == [account_id]

    await PERSONAL_DATA.erase(container.services, person.user_id, uuid4())
    assert await revenue.connect.account_of(person) is None
    fake.mark_onboarded(account_id)
    report = await revenue.payouts.execute((await revenue.payouts.request_run(None)).id)
    assert report.sent == 0  # the holder's link to the person is gone: nothing goes there
    assert fake.transfers == []
