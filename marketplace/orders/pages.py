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
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_user
from infra.errors import NotFound
from infra.http.dependencies import provide_service
from infra.http.middleware import csp_with_stripe
from infra.http.pages import render
from infra.i18n.context import N_, gettext
from infra.settings import Settings
from marketplace.catalogue.pages import NOT_FOUND_PAGE
from marketplace.orders.checkout import CheckoutService
from marketplace.orders.countries import country_groups
from marketplace.orders.errors import OrderError
from marketplace.orders.library import LibraryService
from marketplace.payments.port import PaymentGateway

# Stripe.js is only ever loaded from Stripe (PCI rules); a setting may point elsewhere (a proxy).
STRIPE_JS_URL = "https://js.stripe.com/v3/"
# Format names are the same in every language; the original file's label is translated.
FORMAT_LABELS = {"download_mp3": "MP3", "download_flac": "FLAC"}
ORIGINAL_FILE = N_("Fichier original")
PAYABLE = ("pending", "failed")
# An order's state as its buyer reads it (the page script has the same labels).
STATUS_LABELS = {
    "pending": N_("En attente de paiement"),
    "failed": N_("Paiement refusé"),
    "paid": N_("Payée"),
    "fulfilled": N_("Livrée"),
    "partially_refunded": N_("Partiellement remboursée"),
    "refunded": N_("Remboursée"),
}


def stripe_js_url(settings: Settings) -> str:
    """`LAKOU_STRIPE_JS_URL` (https only, checked at start-up), else Stripe's own."""
    return str(settings.payment.stripe_js_url or STRIPE_JS_URL)


def status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return gettext(label) if label else status


def format_label(role: str, name: str | None = None) -> str:
    """A format's button: "MP3", "Fichier original", or a language version ("Audio Kréyòl
    (M4A)"), whose `name` media gives in the viewer's language."""
    if role == "download":
        return gettext(ORIGINAL_FILE)
    if role.startswith("audio:"):
        return gettext("Audio %(name)s (M4A)") % {"name": name or role.split(":")[1]}
    if role.startswith("subtitles:"):
        return gettext("Sous-titres %(name)s (WebVTT)") % {"name": name or role.split(":")[1]}
    return FORMAT_LABELS.get(role, role)


class ShopPages(Controller):
    """Each page is its owner's: the login page for visitors, the 404 page for anyone else."""

    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "checkout": provide_service(CheckoutService),
        "library": provide_service(LibraryService),
        "gateway": provide_service(PaymentGateway),
        "settings": provide_service(Settings),
    }

    @get("/panier")
    async def cart(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        checkout: NamedDependency[CheckoutService],
    ) -> Template:
        entries = await checkout.cart(me)
        response = render(
            request,
            "orders/cart.html",
            me,
            entries=entries,
            subtotal=sum(entry.amount_cents for entry in entries),
            # One key per rendering of the page: a double click on "Pay" gives one order.
            idempotency_key=f"page-{secrets.token_urlsafe(24)}",
            countries=country_groups(),
        )
        response.headers["cache-control"] = "no-store"
        return response

    @get("/commande/{order_id:uuid}")
    async def order(
        self,
        request: Request[Any, Any, Any],
        order_id: FromPath[UUID],
        me: NamedDependency[Principal],
        checkout: NamedDependency[CheckoutService],
        gateway: NamedDependency[PaymentGateway],
        settings: NamedDependency[Settings],
    ) -> Template:
        order = await checkout.order(me, order_id)
        if order.buyer_id != me.user_id:  # the buyer's page only (staff included)
            raise NotFound(OrderError.ORDER_NOT_FOUND)
        gateway_name = order.gateway or gateway.name
        publishable_key = settings.payment.stripe_publishable_key
        use_stripe = gateway_name == "stripe" and bool(publishable_key)
        js_url = stripe_js_url(settings)
        response = render(
            request,
            "orders/order.html",
            me,
            order=order,
            status_label=status_label,
            gateway=gateway_name,
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
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        library: NamedDependency[LibraryService],
        checkout: NamedDependency[CheckoutService],
    ) -> Template:
        owned = await library.owned(me)
        orders = await checkout.orders_of(me)
        response = render(
            request,
            "orders/library.html",
            me,
            owned=owned,
            orders=orders[:20],
            format_label=format_label,
            status_label=status_label,
        )
        response.headers["cache-control"] = "no-store"
        return response
