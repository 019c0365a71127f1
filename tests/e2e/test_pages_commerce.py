"""The shop's pages over HTTP (no browser): the work's offers panel, the cart, the order
(checkout and receipt), the library, the studio's offers, splits and figures.

Each page is its owner's only: anonymous visitors are sent to the login page, another person
gets the 404 page. Titles chosen by creators are text everywhere (Jinja autoescape).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.http.middleware import csp_with_stripe
from infra.settings import SettingsError, load_settings
from tests.helpers import (
    create_creator,
    create_work,
    deliver_events,
    log_in,
    page_log_in,
    sign_up_and_log_in,
)

HOSTILE = "<script>window.__xss=1</script><img src=x onerror=alert(1)>Kont"


async def _buyer(client: AsyncTestClient, email: str) -> dict[str, str]:
    """A buyer with an API token and, on the client, a page session."""
    headers = await sign_up_and_log_in(client, role="audience", email=email)
    await page_log_in(client, email)
    return headers


async def _sold_work(
    client: AsyncTestClient, title: str = "Bèlè de la Lune", **terms: Any
) -> tuple[dict[str, str], str, dict[str, Any]]:
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"], titles={"fr": title})
    published = await client.post(f"/api/works/{work['id']}/publish", headers=seller)
    assert published.status_code == 200, published.text
    body = {"pricing": "fixed", "price_cents": 800, **terms}
    offer = await client.put(f"/api/works/{work['id']}/offer", json=body, headers=seller)
    assert offer.status_code == 200, offer.text
    return seller, str(work["id"]), dict(offer.json())


async def _order(client: AsyncTestClient, buyer: dict[str, str], offer_id: str) -> dict[str, Any]:
    added = await client.post("/api/cart/items", json={"offer_id": offer_id}, headers=buyer)
    assert added.status_code == 201, added.text
    response = await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_anonymous_visitors_are_sent_to_the_login_page(client: AsyncTestClient) -> None:
    for path in ("/panier", "/bibliotheque", "/commande/01a21800-1d99-77a1-a616-8769bd4ff40e"):
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/connexion?next=/"), path


async def test_the_work_page_shows_the_price_and_sends_anonymous_buyers_to_log_in(
    client: AsyncTestClient,
) -> None:
    _, work_id, _ = await _sold_work(client)
    page = await client.get(f"/oeuvres/{work_id}")
    assert page.status_code == 200
    assert "8,00\u00a0€" in page.text
    assert f'href="/connexion?next=/oeuvres/{work_id}"' in page.text.replace("%2F", "/")
    assert "data-add-button" not in page.text
    english = await client.get(f"/oeuvres/{work_id}?lang=en")
    assert "€8.00" in english.text
    assert "Add to cart" in english.text

    await _buyer(client, "buyer@example.test")
    logged = await client.get(f"/oeuvres/{work_id}?lang=fr")
    assert "data-add-button" in logged.text
    assert "Ajouter au panier" in logged.text


async def test_free_and_pay_what_you_want_offers(client: AsyncTestClient) -> None:
    _, free_id, _ = await _sold_work(client, pricing="free")
    page = await client.get(f"/oeuvres/{free_id}")
    assert "Gratuit — ajouter à ma bibliothèque" in page.text
    _, pwyw_id, _ = await _sold_work(
        client, pricing="pay_what_you_want", price_cents=1000, minimum_cents=300
    )
    page = await client.get(f"/oeuvres/{pwyw_id}")
    assert "Prix libre" in page.text
    assert "minimum 3,00\u00a0€" in page.text
    assert 'value="10,00"' in page.text


async def test_cart_order_and_library_pages_for_their_owner(
    client: AsyncTestClient, worker: Worker, broker: RedisBroker
) -> None:
    _, work_id, offer = await _sold_work(client)
    buyer = await _buyer(client, "acheteur@example.test")
    added = await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    assert added.status_code == 201

    cart = await client.get("/panier")
    assert cart.status_code == 200
    assert "Bèlè de la Lune" in cart.text
    assert "8,00\u00a0€" in cart.text
    assert 'data-idempotency-key="page-' in cart.text
    # Martinique first, then the other territories, the EU and the rest of the world.
    options = re.findall(r'<option value="([A-Z]{2})"', cart.text)
    assert options[:6] == ["MQ", "GP", "GF", "RE", "YT", "FR"]
    assert "DE" in options
    assert "US" in options
    assert '<option value="MQ" selected>' in cart.text

    response = await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)
    order = response.json()
    page = await client.get(f"/commande/{order['id']}")
    assert page.status_code == 200
    text = page.text
    for expected in (
        "7,37\u00a0€",
        "0,63\u00a0€",
        "8,5\u00a0%",
        "8,00\u00a0€",
        "Paiement de test — aucun argent",
    ):
        assert expected in text, expected
    assert "Simuler un paiement accepté" in text
    assert "Simuler un refus" in text
    assert 'data-status="pending"' in text
    assert "js.stripe.com" not in page.headers["content-security-policy"]
    english = await client.get(f"/commande/{order['id']}?lang=en")
    assert "Test payment — no money moves" in english.text
    assert "8.5%" in english.text

    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200
    await deliver_events(broker, worker)
    done = await client.get(f"/commande/{order['id']}?lang=fr")
    assert 'data-status="fulfilled"' in done.text
    assert "Merci ! L'œuvre est dans votre bibliothèque" in done.text

    library = await client.get("/bibliotheque")
    assert library.status_code == 200
    assert f'data-owned="{work_id}"' in library.text
    assert "Bèlè de la Lune" in library.text
    work_page = await client.get(f"/oeuvres/{work_id}")
    assert "data-owned" in work_page.text
    assert 'href="/bibliotheque"' in work_page.text


async def test_another_persons_order_page_is_404(client: AsyncTestClient) -> None:
    _, _, offer = await _sold_work(client)
    owner = await sign_up_and_log_in(client, role="audience", email="owner@example.test")
    order = await _order(client, owner, offer["id"])
    await sign_up_and_log_in(client, role="audience", email="other@example.test")
    await page_log_in(client, "other@example.test")
    page = await client.get(f"/commande/{order['id']}")
    assert page.status_code == 404
    assert "Page introuvable" in page.text
    assert order["payment"]["client_secret"] not in page.text
    missing = await client.get("/commande/01a21800-1d99-77a1-a616-8769bd4ff40e")
    assert missing.status_code == 404


async def test_hostile_titles_are_text_on_cart_receipt_and_library(
    client: AsyncTestClient, worker: Worker, broker: RedisBroker
) -> None:
    _, work_id, offer = await _sold_work(client, title=HOSTILE)
    buyer = await _buyer(client, "curieux@example.test")
    await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    cart = await client.get("/panier")
    order = (await client.post("/api/checkout", json={"country": "FR"}, headers=buyer)).json()
    await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    await deliver_events(broker, worker)
    receipt = await client.get(f"/commande/{order['id']}")
    library = await client.get("/bibliotheque")
    work_page = await client.get(f"/oeuvres/{work_id}")
    for page in (cart, receipt, library, work_page):
        assert page.status_code == 200
        assert "<script>window.__xss" not in page.text
        assert "<img src=x" not in page.text
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page.text
    assert "20\u00a0%" in receipt.text  # France hexagonale


async def test_studio_shows_offer_split_sheet_and_figures(
    client: AsyncTestClient, worker: Worker, broker: RedisBroker
) -> None:
    seller, work_id, offer = await _sold_work(client)
    sheet = {
        "holders": [
            {"name": "Man Ya", "role": "performer", "share_bp": 6000},
            {"name": HOSTILE, "role": "composer", "share_bp": 4000},
        ]
    }
    saved = await client.put(f"/api/works/{work_id}/splits", json=sheet, headers=seller)
    assert saved.status_code == 200, saved.text
    buyer = await sign_up_and_log_in(client, role="audience")
    order = await _order(client, buyer, offer["id"])
    await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    await deliver_events(broker, worker)

    me = (await client.get("/api/auth/me", headers=seller)).json()
    await page_log_in(client, me["email"])
    page = await client.get(f"/studio/oeuvres/{work_id}")
    assert page.status_code == 200
    text = page.text
    assert "data-current-offer>8,00\u00a0€</strong>" in text
    assert 'value="60,00"' in text
    assert 'value="40,00"' in text
    assert "Version 1" in text
    assert "<script>window.__xss" not in text
    assert re.search(r"data-stat-sales>1<", text)
    assert re.search(r"data-stat-gross>8,00\u00a0€<", text)

    stats = await client.get("/api/studio/stats", headers=seller)
    assert stats.status_code == 200, stats.text
    figures = stats.json()
    assert figures["sales"] == 1
    assert figures["gross_cents"] == 800
    assert figures["plays"] == 0
    assert [w["work_id"] for w in figures["works"]] == [work_id]
    anonymous = await client.get("/api/studio/stats")
    assert anonymous.status_code == 401


async def test_the_nav_shows_cart_and_library(client: AsyncTestClient) -> None:
    home = await client.get("/")
    assert 'id="nav-cart"' in home.text
    assert 'id="nav-library"' not in home.text
    await sign_up_and_log_in(client, role="audience", email="nav@example.test")
    await log_in(client, "nav@example.test")
    await page_log_in(client, "nav@example.test")
    home = await client.get("/")
    assert 'id="nav-library"' in home.text


def test_only_a_stripe_checkout_page_may_load_stripe_js() -> None:
    policy = csp_with_stripe("https://js.stripe.com/v3/")
    assert "script-src 'self' https://js.stripe.com;" in policy
    assert "frame-src https://js.stripe.com https://hooks.stripe.com;" in policy
    assert "connect-src 'self' https://api.stripe.com;" in policy
    assert "unsafe-inline" not in policy

    # Stripe.js only over https: anything else stops the process at start-up.
    stripe = {
        "LAKOU_PAYMENT_BACKEND": "stripe",
        "LAKOU_STRIPE_SECRET_KEY": "sk_test_x",
        "LAKOU_STRIPE_PUBLISHABLE_KEY": "pk_test_x",
        "LAKOU_STRIPE_WEBHOOK_SECRET": "whsec_x",
    }
    with pytest.raises(SettingsError, match="LAKOU_STRIPE_JS_URL"):
        load_settings({**stripe, "LAKOU_STRIPE_JS_URL": "http://evil.example/s.js"}, None)
    assert load_settings(stripe, None).payment.stripe_js_url == "https://js.stripe.com/v3/"
