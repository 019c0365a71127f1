"""The cart, checkout, orders and library JSON API."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, HeaderParameter, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_staff, requires_user
from infra.errors import InvalidInput, NotFound
from infra.http.dependencies import provide_service
from marketplace.orders.checkout import CheckoutResult, CheckoutService
from marketplace.orders.errors import OrderError
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
RefundKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        max_length=100,
        pattern=r"^[A-Za-z0-9_\-:.]{8,100}$",
        description=(
            "Send the same key when repeating a refund (a lost answer, a retry): one refund. "
            "Without it, the same amount asked again after the first settled is a new refund"
        ),
    ),
]


_DEPENDENCIES: dict[str, Any] = {
    "me": Provide(provide_user),
    "checkout": provide_service(CheckoutService),
    "gateway": provide_service(PaymentGateway),
    "notifications": provide_service(PaymentNotifications),
    "settlement": provide_service(Settlement),
    "library": provide_service(LibraryService),
}


def _order_out(gateway: PaymentGateway, result: CheckoutResult) -> OrderOut:
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
    guards = [requires_user]
    dependencies = _DEPENDENCIES

    @get("/")
    async def show(
        self, me: NamedDependency[Principal], checkout: NamedDependency[CheckoutService]
    ) -> CartOut:
        return await _cart_out(checkout, me)

    @post("/items", status_code=HTTP_201_CREATED)
    async def add(
        self,
        data: JSONBody[CartItemIn],
        me: NamedDependency[Principal],
        checkout: NamedDependency[CheckoutService],
    ) -> CartOut:
        """Put an offer in the cart (pay what you want: with the amount chosen)."""
        if data.quantity != 1:
            raise InvalidInput(OrderError.INVALID_QUANTITY)
        item = data.item()
        if item is None:
            raise InvalidInput(OrderError.INVALID_ITEM)
        await checkout.add_to_cart(me, *item, data.amount_cents)
        return await _cart_out(checkout, me)

    @delete("/items/{item_id:uuid}", status_code=HTTP_204_NO_CONTENT)
    async def remove(
        self,
        item_id: FromPath[UUID],
        me: NamedDependency[Principal],
        checkout: NamedDependency[CheckoutService],
    ) -> None:
        await checkout.remove_from_cart(me, item_id)


class CheckoutController(Controller):
    path = "/api/checkout"
    tags = ["marketplace"]
    guards = [requires_user]
    dependencies = _DEPENDENCIES

    @post("/", status_code=HTTP_201_CREATED)
    async def create(
        self,
        data: JSONBody[CheckoutIn],
        me: NamedDependency[Principal],
        checkout: NamedDependency[CheckoutService],
        gateway: NamedDependency[PaymentGateway],
        idempotency_key: IdempotencyKey = None,
    ) -> OrderOut:
        """Turn the cart into an order and its payment (VAT by the buyer's country)."""
        result = await checkout.checkout(me, data.country, data.codes, idempotency_key)
        return _order_out(gateway, result)


class OrderController(Controller):
    path = "/api/orders"
    tags = ["marketplace"]
    guards = [requires_user]
    dependencies = _DEPENDENCIES

    @get("/")
    async def mine(
        self, me: NamedDependency[Principal], checkout: NamedDependency[CheckoutService]
    ) -> list[OrderOut]:
        return [OrderOut.of(order) for order in await checkout.orders_of(me)]

    @get("/{order_id:uuid}")
    async def show(
        self,
        order_id: FromPath[UUID],
        me: NamedDependency[Principal],
        checkout: NamedDependency[CheckoutService],
    ) -> OrderOut:
        """The order and its receipt: net, VAT and gross per line and in total."""
        return OrderOut.of(await checkout.order(me, order_id))

    @post("/{order_id:uuid}/payment", status_code=HTTP_200_OK)
    async def payment(
        self,
        order_id: FromPath[UUID],
        me: NamedDependency[Principal],
        checkout: NamedDependency[CheckoutService],
        gateway: NamedDependency[PaymentGateway],
    ) -> OrderOut:
        """The order's payment, created now if the provider was unreachable at checkout."""
        order = await checkout.order(me, order_id)
        return _order_out(gateway, await checkout.resume(me, order))

    @post("/{order_id:uuid}/test-payment", status_code=HTTP_200_OK)
    async def test_payment(
        self,
        order_id: FromPath[UUID],
        data: JSONBody[DevPaymentIn],
        me: NamedDependency[Principal],
        checkout: NamedDependency[CheckoutService],
        gateway: NamedDependency[PaymentGateway],
        notifications: NamedDependency[PaymentNotifications],
    ) -> OrderOut:
        """Test payments only (embedded default): succeed or decline, then settle as Stripe would."""
        order = await checkout.own_order(me, order_id)
        if not isinstance(gateway, DevPaymentGateway) or order.payment_id is None:
            raise NotFound(OrderError.NO_TEST_PAYMENT)
        event = await gateway.complete(
            order.payment_id, data.client_secret, data.outcome == "succeed"
        )
        await notifications.ingest(event)
        return OrderOut.of(await checkout.order(me, order_id))

    @post("/{order_id:uuid}/refunds", status_code=HTTP_200_OK, guards=[requires_staff])
    async def refund(
        self,
        order_id: FromPath[UUID],
        data: JSONBody[RefundIn],
        me: NamedDependency[Principal],
        settlement: NamedDependency[Settlement],
        idempotency_key: RefundKey = None,
    ) -> RefundOut:
        """Staff: refund all (default) or part of an order; a full refund takes the works back.
        The same `Idempotency-Key` sent again refunds once."""
        order, amount = await settlement.refund(
            me, order_id, data.amount_cents, request_key=idempotency_key
        )
        return RefundOut(order=OrderOut.of(order), refunded_now_cents=amount)


class LibraryController(Controller):
    path = "/api/library"
    tags = ["marketplace"]
    guards = [requires_user]
    dependencies = _DEPENDENCIES

    @get("/")
    async def owned(
        self, me: NamedDependency[Principal], library: NamedDependency[LibraryService]
    ) -> list[OwnedWorkOut]:
        """The works the caller bought, with their download allowance."""
        return [OwnedWorkOut.of(owned) for owned in await library.owned(me)]

    @post("/{work_id:uuid}/downloads", status_code=HTTP_201_CREATED)
    async def download(
        self,
        work_id: FromPath[UUID],
        data: JSONBody[DownloadIn],
        me: NamedDependency[Principal],
        library: NamedDependency[LibraryService],
    ) -> DownloadOut:
        """A short-lived link for one download; each purchase allows a limited number."""
        return DownloadOut.of(await library.download(me, work_id, data.format))
