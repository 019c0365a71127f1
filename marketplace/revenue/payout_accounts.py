"""Which account a payout run may pay each holder into (`PayoutAccounts`).

Without Connect onboarding (the default here) a holder is paid into the account its owner typed
on the split sheet. `ConnectPayoutAccounts` (connect/accounts.py) puts the person's own
onboarded account first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol
from uuid import UUID

from marketplace.revenue.split_repository import HolderRecord


class PayoutAccounts(Protocol):
    async def usable(self, holders: Mapping[UUID, HolderRecord]) -> dict[UUID, str]:
        """The account each holder may be paid into now; a holder left out waits."""
        ...


class SheetAccounts:
    """The account typed on the holder's split sheet line, as it is."""

    async def usable(self, holders: Mapping[UUID, HolderRecord]) -> dict[UUID, str]:
        return {h.id: h.payout_account for h in holders.values() if h.payout_account}
