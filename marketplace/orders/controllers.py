"""The cart, checkout, orders and library JSON API."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, HeaderParameter, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from infra.errors import InvalidInput, NotFound
from infra.http.auth import provide_user
from infra.identity.domain import Principal
from marketplace.orders.checkout import CheckoutResult, CheckoutService
from marketplace.orders.library import LibraryService
from marketplace.orders.schemas import (
    CartItemIn,
    CartItemOut,
    CartOut,
    CheckoutIn,
    DevPaymentIn,
    DownloadIn,
    DownloadOut,
    OrderOut,
    OwnedWorkOut,
    RefundIn,
    RefundOut,
    payment_out,
)
from marketplace.orders.settlement import Settlement
from marketplace.payments.dev.gateway import DevPaymentGateway
from marketplace.payments.notifications import PaymentNotifications
from marketplace.payments.port import PaymentGateway

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        max_length=100,
        pattern=r"^[A-Za-z0-9_\-:.]{8,100}$",
        description="Send the same key when repeating a checkout: one order, one payment",
    ),
]


def _container(state: State) -> Any:
    return state.container


_DEPENDENCIES: dict[str, Any] = {
    "me": Provide(provide_user),
    "container": Provide(_container, sync_to_thread=False),
}


def _order_out(container: Any, result: CheckoutResult) -> OrderOut:
    gateway: PaymentGateway = container.payment_gateway
    payment = payment_out(result.payment, gateway.name, gateway.is_test, gateway.publishable_key)
    return OrderOut.of(result.order, payment)


async def _cart_out(checkout: CheckoutService, me: Principal) -> CartOut:
    entries = await checkout.cart(me)
    return CartOut(
        items=[CartItemOut.of(entry) for entry in entries],
        subtotal_cents=sum(entry.amount_cents for entry in entries),
    )


class CartController(Controller):
    path = "/api/cart"
    tags = ["marketplace"]
    dependencies = _DEPENDENCIES

    @get("/")
    async def show(
        self, me: NamedDependency[Principal], container: NamedDependency[Any]
    ) -> CartOut:
        checkout: CheckoutService = container.checkout
        entries = await checkout.cart(me)
        return CartOut(
            items=[CartItemOut.of(entry) for entry in entries],
            subtotal_cents=sum(entry.amount_cents for entry in entries),
        )

    @post("/items", status_code=HTTP_201_CREATED)
    async def add(
        self,
        data: JSONBody[CartItemIn],
        me: NamedDependency[Principal],
        container: NamedDependency[Any],
    ) -> CartOut:
        """Put an offer in the cart (pay what you want: with the amount chosen)."""
        if data.quantity != 1:
            raise InvalidInput(
                "Une œuvre numérique s'achète une fois : quantité 1 / a digital work is "
                "bought once: quantity must be 1",
                code="invalid_quantity",
            )
        await container.checkout.add_to_cart(me, data.offer_id, data.amount_cents)
        return await _cart_out(container.checkout, me)

    @delete("/items/{item_id:uuid}", status_code=HTTP_204_NO_CONTENT)
    async def remove(
        self,
        item_id: FromPath[UUID],
        me: NamedDependency[Principal],
        container: NamedDependency[Any],
    ) -> None:
        await container.checkout.remove_from_cart(me, item_id)


class CheckoutController(Controller):
    path = "/api/checkout"
    tags = ["marketplace"]
    dependencies = _DEPENDENCIES

    @post("/", status_code=HTTP_201_CREATED)
    async def checkout(
        self,
        data: JSONBody[CheckoutIn],
        me: NamedDependency[Principal],
        container: NamedDependency[Any],
        idempotency_key: IdempotencyKey = None,
    ) -> OrderOut:
        """Turn the cart into an order and its payment (VAT by the buyer's country)."""
        result = await container.checkout.checkout(me, data.country, data.codes, idempotency_key)
        return _order_out(container, result)


class OrderController(Controller):
    path = "/api/orders"
    tags = ["marketplace"]
    dependencies = _DEPENDENCIES

    @get("/")
    async def mine(
        self, me: NamedDependency[Principal], container: NamedDependency[Any]
    ) -> list[OrderOut]:
        return [OrderOut.of(order) for order in await container.checkout.orders_of(me)]

    @get("/{order_id:uuid}")
    async def show(
        self,
        order_id: FromPath[UUID],
        me: NamedDependency[Principal],
        container: NamedDependency[Any],
    ) -> OrderOut:
        """The order and its receipt: net, VAT and gross per line and in total."""
        return OrderOut.of(await container.checkout.order(me, order_id))

    @post("/{order_id:uuid}/payment", status_code=HTTP_200_OK)
    async def payment(
        self,
        order_id: FromPath[UUID],
        me: NamedDependency[Principal],
        container: NamedDependency[Any],
    ) -> OrderOut:
        """The order's payment, created now if the provider was unreachable at checkout."""
        checkout: CheckoutService = container.checkout
        order = await checkout.order(me, order_id)
        return _order_out(container, await checkout.resume(me, order))

    @post("/{order_id:uuid}/test-payment", status_code=HTTP_200_OK)
    async def test_payment(
        self,
        order_id: FromPath[UUID],
        data: JSONBody[DevPaymentIn],
        me: NamedDependency[Principal],
        container: NamedDependency[Any],
    ) -> OrderOut:
        """Test payments only (embedded default): succeed or decline, then settle as Stripe would."""
        gateway = container.payment_gateway
        order = await container.checkout.order(me, order_id)
        if not isinstance(gateway, DevPaymentGateway) or order.payment_id is None:
            raise NotFound("Paiement de test indisponible / no test payment here")
        event = await gateway.complete(
            order.payment_id, data.client_secret, data.outcome == "succeed"
        )
        notifications: PaymentNotifications = container.payment_notifications
        await notifications.ingest(event)
        return OrderOut.of(await container.checkout.order(me, order_id))

    @post("/{order_id:uuid}/refunds", status_code=HTTP_200_OK)
    async def refund(
        self,
        order_id: FromPath[UUID],
        data: JSONBody[RefundIn],
        me: NamedDependency[Principal],
        container: NamedDependency[Any],
    ) -> RefundOut:
        """Staff: refund all (default) or part of an order; a full refund takes the works back."""
        settlement: Settlement = container.settlement
        order, amount = await settlement.refund(me, order_id, data.amount_cents)
        return RefundOut(order=OrderOut.of(order), refunded_now_cents=amount)


class LibraryController(Controller):
    path = "/api/library"
    tags = ["marketplace"]
    dependencies = _DEPENDENCIES

    @get("/")
    async def owned(
        self, me: NamedDependency[Principal], container: NamedDependency[Any]
    ) -> list[OwnedWorkOut]:
        """The works the caller bought, with their download allowance."""
        library: LibraryService = container.library
        return [OwnedWorkOut.of(owned) for owned in await library.owned(me)]

    @post("/{work_id:uuid}/downloads", status_code=HTTP_201_CREATED)
    async def download(
        self,
        work_id: FromPath[UUID],
        data: JSONBody[DownloadIn],
        me: NamedDependency[Principal],
        container: NamedDependency[Any],
    ) -> DownloadOut:
        """A short-lived link for one download; each purchase allows a limited number."""
        library: LibraryService = container.library
        return DownloadOut.of(await library.download(me, work_id, data.format))
