"""Getting paid: a person's Connect account made once, onboarding links, and its state kept as
Stripe reports it (on return from Stripe, and when Stripe notifies a change).

Stripe is read again every time: neither the return to Lakou nor a webhook's body says the
account is ready, only the account itself does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

import pycountry

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import InvalidInput, NotFound
from infra.events.envelope import EventEnvelope
from infra.ids import new_id
from marketplace.revenue.connect.ports import AccountNotice, ConnectedAccounts
from marketplace.revenue.connect.repository import PiccoloConnectRepository
from marketplace.revenue.domain.connect import ConnectAccount
from marketplace.revenue.errors import RevenueError
from marketplace.revenue.events import CONNECT_ACCOUNT_NOTIFIED

log = logging.getLogger("lakou.revenue")

# Where Stripe sends the person back: a fresh link when theirs expired, the page once done.
REFRESH_PATH = "/revenus/connect/nouveau-lien"
RETURN_PATH = "/revenus/connect/retour"


def account_key(user_id: UUID) -> str:
    """The idempotency key of a person's account: a double click makes one account."""
    return f"lakou-connect-account-{user_id}"


def checked_country(raw: str) -> str:
    code = (raw or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise InvalidInput(RevenueError.INVALID_COUNTRY, country=code[:8] or "—")
    return code


class ConnectService:
    def __init__(
        self,
        repository: PiccoloConnectRepository,
        accounts: ConnectedAccounts,
        unit_of_work: Callable[[], UnitOfWork],
        public_url: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._repo = repository
        self._accounts = accounts
        self._uow = unit_of_work
        self._public_url = public_url.rstrip("/")
        self._now = clock

    @property
    def is_test(self) -> bool:
        return self._accounts.is_test

    async def account_of(self, who: Principal) -> ConnectAccount | None:
        return await self._repo.of_user(who.user_id)

    async def onboarding_url(self, who: Principal, country: str) -> str:
        """Make the person's account unless they have one, then a link to Stripe's form."""
        account = await self._repo.of_user(who.user_id)
        if account is None:
            await self._require_holder(who)
            account = await self._create(who, checked_country(country))
        elif account.disconnected_at is not None:
            account = await self._reconnect(who, account)
        return await self._link(account)

    async def dashboard_url(self, who: Principal) -> str:
        """A login link to the person's Express dashboard: once Stripe has their details and
        while the account is still connected (Stripe refuses it otherwise); else 404."""
        account = await self._repo.of_user(who.user_id)
        if account is None or not account.details_submitted or account.disconnected_at:
            raise NotFound(RevenueError.CONNECT_ACCOUNT_NOT_FOUND)
        return await self._accounts.dashboard_link(account.account_id)

    async def disconnected(self, account_id: str, stripe_event: str) -> bool:
        """A verified `account.application.deauthorized`: the account is unusable at once
        (the signed event is all there is: Stripe no longer lets Lakou read the account).
        False for an account not ours, or one already disconnected."""
        async with self._uow() as uow:
            account = await self._repo.by_account(account_id)
            if account is None or not account.disconnect(stripe_event, self._now()):
                return False
            await self._repo.save(account)
            uow.track(account)
        log.warning("connected account %s was disconnected from Lakou", account_id)
        return True

    async def fresh_url(self, who: Principal) -> str:
        """The link expired or was used (Stripe's refresh_url): another one."""
        account = await self._repo.of_user(who.user_id)
        if account is None:
            raise NotFound(RevenueError.CONNECT_ACCOUNT_NOT_FOUND)
        return await self._link(account)

    async def returned(self, who: Principal) -> ConnectAccount | None:
        """Back from Stripe (finished or not): read the account and keep what it says."""
        account = await self._repo.of_user(who.user_id)
        if account is not None and account.disconnected_at is None:
            await self._refresh(account)
        return account

    def verify_notice(
        self, raw_body: bytes, signature_header: str | None, secret: str
    ) -> AccountNotice:
        return self._accounts.verify_notice(raw_body, signature_header, secret)

    async def notified(self, account_id: str, stripe_event: str) -> bool:
        """A verified `account.updated`: queue a fresh read; False for an account not ours."""
        async with self._uow() as uow:
            account = await self._repo.by_account(account_id)
            if account is None:
                return False
            account.notified(stripe_event)
            uow.track(account)
        return True

    async def handle_notified(self, event: EventEnvelope) -> bool:
        """The worker's side of `notified`: safe to repeat (it only reads Stripe again)."""
        notice = CONNECT_ACCOUNT_NOTIFIED.decode(event)
        account = await self._repo.by_account(notice.account_id)
        if account is None or account.disconnected_at is not None:
            return False  # a disconnected account cannot be read; it waits for onboarding
        return await self._refresh(account)

    async def _refresh(self, account: ConnectAccount) -> bool:
        state = await self._accounts.retrieve(account.account_id)
        async with self._uow():
            changed = account.observe(state.details_submitted, state.payouts_enabled, self._now())
            await self._repo.save(account)
        if changed:
            log.info("connected account %s is now %s", account.account_id, account.status.value)
        return changed

    async def _require_holder(self, who: Principal) -> None:
        # Only someone named on a split sheet (or a creator paid for their own works) has
        # anything to be paid: nobody else gets an account at Stripe.
        if not await self._repo.holders_of_user(who.user_id):
            raise NotFound(RevenueError.HOLDER_NOT_FOUND)

    async def _create(self, who: Principal, country: str) -> ConnectAccount:
        state = await self._accounts.create_account(
            country=country, email=who.email, idempotency_key=account_key(who.user_id)
        )
        now = self._now()
        async with self._uow():
            await self._repo.add_once(
                ConnectAccount(new_id(), who.user_id, state.account_id, country, now, now)
            )
        account = await self._repo.of_user(who.user_id)
        assert account is not None  # just inserted, or inserted by a concurrent click
        return account

    async def _reconnect(self, who: Principal, account: ConnectAccount) -> ConnectAccount:
        """A new Express account in the old one's country (the old one is the person's at
        Stripe, no longer Lakou's to pay into); its key names the old account, so a double
        click makes one."""
        state = await self._accounts.create_account(
            country=account.country,
            email=who.email,
            idempotency_key=f"{account_key(who.user_id)}-after-{account.account_id}",
        )
        async with self._uow():
            account.reconnected(state.account_id, self._now())
            await self._repo.save(account)
        return account

    async def _link(self, account: ConnectAccount) -> str:
        link = await self._accounts.onboarding_link(
            account.account_id,
            refresh_url=self._public_url + REFRESH_PATH,
            return_url=self._public_url + RETURN_PATH,
        )
        return link.url
