"""What an order tells people: the buyer gets a receipt, each seller hears of the sale.

Consumers of `order.paid`; each runs once per event (`handle_once`), and the notifier writes in
that same transaction, so a redelivered event mails nobody twice.
"""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from infra.i18n.context import N_
from infra.notifications import NotificationKind, Notifier
from marketplace.orders.events import ORDER_PAID, OrderPaid
from marketplace.orders.ports import OwnedTitles

RECEIPT = NotificationKind(
    name="orders.receipt",
    subject=N_("Votre reçu Lakou : {total}"),
    template="orders/mail/receipt",
    transactional=True,
    description=N_("Le reçu de chacun de mes achats"),
)
SOLD = NotificationKind(
    name="orders.sold",
    subject=N_("Vente : « {title} » ({total})"),
    template="orders/mail/sold",
    description=N_("Quand quelqu'un achète l'une de mes œuvres"),
)
KINDS = (RECEIPT, SOLD)


class OrderNotifications:
    def __init__(self, notifier: Notifier, titles: OwnedTitles) -> None:
        self._notifier = notifier
        self._titles = titles

    async def receipt(self, event: EventEnvelope) -> bool:
        paid = ORDER_PAID.decode(event)

        async def tell(_: EventEnvelope) -> None:
            await self._notifier.notify(
                RECEIPT,
                paid.buyer_id,
                key=str(paid.order_id),
                params={
                    "order": str(paid.order_id)[:8].upper(),
                    # The receipt PDF's link (marketplace.documents issues it on this event).
                    "order_id": str(paid.order_id),
                    "total_cents": paid.total_cents,
                    "vat_cents": sum(line.vat_cents for line in paid.lines),
                    "items": sum(line.quantity for line in paid.lines),
                    "test_payment": int(paid.gateway == "test"),
                },
                link=f"/commande/{paid.order_id}",
            )

        return await handle_once("orders.receipt_mail", event, tell)

    async def sold(self, event: EventEnvelope) -> bool:
        paid = ORDER_PAID.decode(event)
        by_seller = _lines_by_seller(paid)
        works = [work for lines in by_seller.values() for work, _ in lines]
        # Read before the consumer's transaction (SQLite holds its one write lock meanwhile).
        titles = await self._titles.titles(works) if works else {}

        async def tell(_: EventEnvelope) -> None:
            for seller_id, lines in by_seller.items():
                names = [_main_title(titles.get(work, {})) for work, _ in lines]
                await self._notifier.notify(
                    SOLD,
                    seller_id,
                    key=str(paid.order_id),
                    params={
                        "title": names[0] if len(names) == 1 else ", ".join(names)[:200],
                        "total_cents": sum(gross for _, gross in lines),
                        "buyer_country": paid.buyer_country,
                    },
                    link="/studio",
                )

        return await handle_once("orders.sold_mail", event, tell)


def _lines_by_seller(paid: OrderPaid) -> dict[UUID, list[tuple[UUID, int]]]:
    """Each seller's works in the order, with the gross the buyer paid for them."""
    found: dict[UUID, list[tuple[UUID, int]]] = defaultdict(list)
    for line in paid.lines:
        if line.seller_id is None or not line.work_ids:
            continue
        found[line.seller_id].append((line.work_ids[0], line.gross_cents))
    return dict(found)


def _main_title(titles: dict[str, str]) -> str:
    return titles.get("fr") or next(iter(titles.values()), "")
