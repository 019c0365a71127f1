"""What revenue tells people: a rights holder with an account hears of each transfer."""

from __future__ import annotations

from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.i18n.context import N_
from infra.notifications import NotificationKind, Notifier
from marketplace.revenue.events import (
    CONNECT_ACCOUNT_DISCONNECTED,
    PAYOUT_ONBOARDING_NEEDED,
    PAYOUT_SENT,
)
from marketplace.revenue.split_repository import SplitRepository

PAYOUT_MADE = NotificationKind(
    name="revenue.payout_sent",
    subject=N_("Virement Lakou : {amount}"),
    template="revenue/mail/payout_sent",
    transactional=True,
    description=N_("Les virements de mes revenus"),
)
ONBOARDING_NEEDED = NotificationKind(
    name="revenue.onboarding_needed",
    subject=N_("Lakou vous doit {amount} : finissez votre inscription pour être payé"),
    template="revenue/mail/onboarding_needed",
    transactional=True,
    description=N_("Les revenus qui attendent mon compte de versement"),
)
ACCOUNT_DISCONNECTED = NotificationKind(
    name="revenue.connect_disconnected",
    subject=N_("Votre compte de versement est déconnecté de Lakou"),
    template="revenue/mail/connect_disconnected",
    transactional=True,
    description=N_("Mon compte de versement déconnecté"),
)
KINDS = (PAYOUT_MADE, ONBOARDING_NEEDED, ACCOUNT_DISCONNECTED)


class RevenueNotifications:
    def __init__(self, notifier: Notifier, splits: SplitRepository) -> None:
        self._notifier = notifier
        self._splits = splits

    async def payout_sent(self, event: EventEnvelope) -> bool:
        sent = PAYOUT_SENT.decode(event)
        holder = await self._splits.get_holder(sent.holder_id)
        if holder is None:
            return False
        # A holder without an account of their own: the creator who named them is told.
        person = holder.user_id or holder.owner_id

        async def tell(_: EventEnvelope) -> None:
            await self._notifier.notify(
                PAYOUT_MADE,
                person,
                key=f"{sent.run_id}:{sent.holder_id}",
                params={"amount_cents": sent.amount_cents, "holder": holder.name[:120]},
                link="/revenus" if holder.user_id else "/studio",
            )

        return await handle_once("revenue.payout_mail", event, tell)

    async def onboarding_needed(self, event: EventEnvelope) -> bool:
        """A run carried a person's balance over for want of a usable account: told once,
        whatever the number of runs (the key names the person, not the run)."""
        needed = PAYOUT_ONBOARDING_NEEDED.decode(event)

        async def tell(_: EventEnvelope) -> None:
            await self._notifier.notify(
                ONBOARDING_NEEDED,
                needed.user_id,
                key="connect-onboarding",
                params={"amount_cents": needed.balance_cents},
                link="/revenus",
            )

        return await handle_once("revenue.onboarding_mail", event, tell)

    async def disconnected(self, event: EventEnvelope) -> bool:
        """The person disconnected their account at Stripe: told that their revenue waits and
        how to reconnect (once per account)."""
        gone = CONNECT_ACCOUNT_DISCONNECTED.decode(event)

        async def tell(_: EventEnvelope) -> None:
            await self._notifier.notify(
                ACCOUNT_DISCONNECTED,
                gone.user_id,
                key=f"connect-disconnected:{gone.account_id}",
                params={},
                link="/revenus",
            )

        return await handle_once("revenue.disconnected_mail", event, tell)
