"""`ConnectPayoutAccounts`: a holder linked to a person is paid into that person's onboarded
Connect account, and only once Stripe has enabled its payouts.

A person who started onboarding is paid nowhere else until it is finished (nor after they
disconnected it: the balance is held, never lost, until they onboard again) (not into an account
an owner once typed on a sheet for them): their own account is the one they chose. Holders of
people who never started keep the account typed on their sheet (how payouts worked before).
"""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from marketplace.revenue.connect.repository import PiccoloConnectRepository
from marketplace.revenue.split_repository import HolderRecord


class ConnectPayoutAccounts:
    def __init__(self, accounts: PiccoloConnectRepository) -> None:
        self._accounts = accounts

    async def usable(self, holders: Mapping[UUID, HolderRecord]) -> dict[UUID, str]:
        connected = await self._accounts.of_users(h.user_id for h in holders.values() if h.user_id)
        usable: dict[UUID, str] = {}
        for holder in holders.values():
            account = connected.get(holder.user_id) if holder.user_id else None
            if account is not None:
                if account.usable:
                    usable[holder.id] = account.account_id
            elif holder.payout_account:
                usable[holder.id] = holder.payout_account
        return usable
