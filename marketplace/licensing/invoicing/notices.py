"""A credit note's parties are told (in the centre and by mail, each in their own language):
the licensee who paid and the rights side the invoice was issued for. Once per credit note: the
consumer runs under `handle_once`, and the notifier's key is the note's id besides."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.i18n.context import N_
from infra.notifications import NotificationKind, Notifier
from marketplace.licensing.deals.repository import DealRepository
from marketplace.licensing.events import CREDIT_NOTE_ISSUED
from marketplace.licensing.ports import RightsWorks
from marketplace.licensing.sync.repository import SyncRepository

CONSUMER = "licensing.credit_note_told"
SYNC = "sync"

CREDIT_NOTE = NotificationKind(
    name="licensing.credit_note_issued",
    subject=N_("Avoir {number} : {amount} remboursés sur « {work} »"),
    template="licensing/mail/credit_note_issued",
    transactional=True,
    description=N_("Un remboursement sur une licence a donné lieu à un avoir."),
)


class CreditNoteNotices:
    def __init__(self, works: RightsWorks, notifier: Callable[[], Notifier]) -> None:
        self._works = works
        self._notifier = notifier
        self._deals = DealRepository()
        self._sync = SyncRepository()

    async def on_issued(self, event: EventEnvelope) -> bool:
        issued = CREDIT_NOTE_ISSUED.decode(event)
        found = await self._parties(issued.subject, issued.deal_id)
        if found is None:
            return False
        people, work, link = found

        async def tell(_: EventEnvelope) -> None:
            for person in dict.fromkeys(people):
                await self._notifier().notify(
                    CREDIT_NOTE,
                    person,
                    key=str(issued.credit_note_id),
                    params={
                        "number": issued.number,
                        "amount_cents": issued.gross_cents,
                        "work": work[:120],
                        "full": int(issued.full),
                    },
                    link=link,
                )

        return await handle_once(CONSUMER, event, tell)

    async def _parties(self, subject: str, licence_id: UUID) -> tuple[list[UUID], str, str] | None:
        """Who paid and who sold, the work's title, and the page that lists the note."""
        if subject == SYNC:
            licence = await self._sync.get(licence_id)
            if licence is None:
                return None
            people = [licence.buyer_id, licence.seller_id]
            return people, licence.work_title, f"/licences/synchro/{licence.id}"
        deal = await self._deals.get(licence_id)
        if deal is None:
            return None
        work = await self._works.facts(deal.work_id)
        people = [deal.buyer_id, deal.rights_user_id]
        return people, work.title if work else "", f"/licences/{deal.id}"
