"""Cart, checkout, orders and the buyer's library."""

from __future__ import annotations

from pathlib import Path

from infra.events.envelope import EventEnvelope
from infra.i18n.context import N_
from infra.modules import PATIENT, Consumer, ModuleSpec, NavEntry
from infra.services import Services
from marketplace.orders import events, tables
from marketplace.orders.adapters import AccountBuyerDirectory, AuditRefundHistory
from marketplace.orders.commands import reconcile
from marketplace.orders.controllers import (
    CartController,
    CheckoutController,
    LibraryController,
    OrderController,
)
from marketplace.orders.domain import Order
from marketplace.orders.events import ORDER_PAID
from marketplace.orders.notifications import KINDS, OrderNotifications
from marketplace.orders.pages import ShopPages
from marketplace.orders.personal_data import PERSONAL_DATA
from marketplace.orders.repository import OrderRepository
from marketplace.orders.settlement import Settlement
from marketplace.orders.staff_orders import StaffOrders
from marketplace.orders.staff_pages import StaffOrderPages
from marketplace.payments.events import PAYMENT_NOTIFIED


async def settle_notified_payment(settlement: Settlement, event: EventEnvelope) -> Order | None:
    # Settling re-reads the payment and only moves the order forward: safe to run twice.
    payment_id = PAYMENT_NOTIFIED.decode(event).payment_id
    return await settlement.settle(payment_id) if payment_id else None


def wire(services: Services) -> None:
    """The back office's orders, over the settlement the composition root made."""
    services.register(
        StaffOrders(
            OrderRepository(),
            services.get(Settlement),
            AccountBuyerDirectory(),
            AuditRefundHistory(),
        )
    )


MODULE = ModuleSpec(
    name="orders",
    package="marketplace.orders",
    description="cart, checkout, the order state machine, settlement, refunds, the library",
    depends_on=("offers", "payments"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(
        CartController,
        CheckoutController,
        OrderController,
        LibraryController,
        ShopPages,
        StaffOrderPages,
    ),
    templates=Path(__file__).parent / "templates",
    static=Path(__file__).parent / "static",
    commands=(reconcile,),
    publishes=events.PUBLISHED,
    notifications=KINDS,
    consumers=(
        Consumer(
            actor="orders.settle_payment",
            events=(PAYMENT_NOTIFIED,),
            service=Settlement,
            handle=settle_notified_payment,
            queue="payments",
            retry=PATIENT,
        ),
        Consumer(
            actor="orders.mail_receipt",
            events=(ORDER_PAID,),
            service=OrderNotifications,
            handle=OrderNotifications.receipt,
        ),
        Consumer(
            actor="orders.tell_sellers",
            events=(ORDER_PAID,),
            service=OrderNotifications,
            handle=OrderNotifications.sold,
        ),
    ),
    nav=(
        NavEntry(
            N_("Panier"), "/panier", order=30, also_current=("/commande",), element_id="nav-cart"
        ),
        NavEntry(
            N_("Bibliothèque"),
            "/bibliotheque",
            order=40,
            audience="signed_in",
            element_id="nav-library",
        ),
        NavEntry(N_("Commandes"), "/staff/commandes", order=85, audience="staff"),
    ),
    personal_data=PERSONAL_DATA,
    wire=wire,
)
