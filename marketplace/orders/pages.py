"""The shop's pages: the cart (/panier), an order's checkout and receipt (/commande/{id}) and
the buyer's library (/bibliotheque).

The pages render what the services say; their script (`static/js/shop.js`) acts through the
JSON API with the session cookie and the page's CSRF token: removing a cart item, the checkout
(with the Idempotency-Key generated here, so a double click gives one order), the test payment
or Stripe's Payment Element, and the counted downloads.

The Stripe path (Stripe.js from `stripe_js_url`, allowed by this page's own CSP only, then the
Payment Element mounted with the payment's client secret and `confirmPayment`) is kept small
and is not exercised by the tests: they run offline, on the test gateway.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from infra.errors import NotFound
from infra.http.auth import provide_page_principal
from infra.http.i18n import country_groups, interface_language
from infra.http.middleware import csp_with_stripe
from infra.http.pages import render
from infra.identity.domain import Principal
from marketplace.orders.checkout import CheckoutService
from marketplace.orders.domain import Order
from marketplace.orders.library import LibraryService

# Stripe.js is only ever loaded from Stripe (PCI rules); a setting may point elsewhere (a proxy).
STRIPE_JS_URL = "https://js.stripe.com/v3/"
FORMAT_LABELS = {"download_mp3": "MP3", "download_flac": "FLAC", "download": "Original"}
PAYABLE = ("pending", "failed")


def _login(path: str) -> Redirect:
    return Redirect(f"/connexion?next={quote(path)}", status_code=303)


def _container(request: Request[Any, Any, Any]) -> Any:
    return request.app.state.container


def stripe_js_url(settings: Any) -> str:
    """`LAKOU_STRIPE_JS_URL` (https only, checked at start-up), else Stripe's own."""
    return str(settings.payment.stripe_js_url or STRIPE_JS_URL)


def format_label(role: str) -> str:
    return FORMAT_LABELS.get(role, role)


class ShopPages(Controller):
    include_in_schema = False
    dependencies = {"me": Provide(provide_page_principal)}

    @get("/panier")
    async def cart(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal | None]
    ) -> Template | Redirect:
        if me is None:
            return _login("/panier")
        checkout: CheckoutService = _container(request).checkout
        entries = await checkout.cart(me)
        response = render(
            request,
            "orders/cart.html",
            me,
            entries=entries,
            subtotal=sum(entry.amount_cents for entry in entries),
            # One key per rendering of the page: a double click on "Pay" gives one order.
            idempotency_key=f"page-{secrets.token_urlsafe(24)}",
            countries=country_groups(interface_language(request)),
        )
        response.headers["cache-control"] = "no-store"
        return response

    @get("/commande/{order_id:uuid}")
    async def order(
        self,
        request: Request[Any, Any, Any],
        order_id: FromPath[UUID],
        me: NamedDependency[Principal | None],
    ) -> Template | Redirect:
        if me is None:
            return _login(f"/commande/{order_id}")
        container = _container(request)
        checkout: CheckoutService = container.checkout
        order: Order | None
        try:
            order = await checkout.order(me, order_id)
        except NotFound:
            order = None
        if order is None or order.buyer_id != me.user_id:  # the buyer's page only
            return render(request, "catalogue/not_found.html", me, status_code=404)
        gateway = order.gateway or container.payment_gateway.name
        publishable_key = container.settings.payment.stripe_publishable_key
        use_stripe = gateway == "stripe" and bool(publishable_key)
        js_url = stripe_js_url(container.settings)
        response = render(
            request,
            "orders/order.html",
            me,
            order=order,
            gateway=gateway,
            payable=order.status.value in PAYABLE and order.total_cents > 0,
            use_stripe=use_stripe,
            stripe_js_url=js_url,
            net_cents=sum(line.net_cents for line in order.lines),
            vat_cents=sum(line.vat_cents for line in order.lines),
            discount_cents=sum(line.discount_cents for line in order.lines),
        )
        response.headers["cache-control"] = "no-store"
        if use_stripe:
            # Only this page may load Stripe.js and its card frames.
            response.headers["content-security-policy"] = csp_with_stripe(js_url)
        return response

    @get("/bibliotheque")
    async def library(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal | None]
    ) -> Template | Redirect:
        if me is None:
            return _login("/bibliotheque")
        container = _container(request)
        library: LibraryService = container.library
        checkout: CheckoutService = container.checkout
        owned = await library.owned(me)
        orders = await checkout.orders_of(me)
        response = render(
            request,
            "orders/library.html",
            me,
            owned=owned,
            orders=orders[:20],
            format_label=format_label,
        )
        response.headers["cache-control"] = "no-store"
        return response
