"""The shop, the offers and revenue in the visitor's language: API errors keep their code and
say their message in the language asked for (parameters included); the shop's pages translate
their text, the order states and the checkout's countries."""

from __future__ import annotations

from typing import Any

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from tests.helpers import (
    create_creator,
    create_work,
    deliver_events,
    page_log_in,
    priced,
    published_work,
    sign_up_and_log_in,
)

LANGUAGES = ("fr", "en", "es", "gcf-MQ")
MISSING = "01a21800-1d99-77a1-a616-8769bd4ff40e"


def _error(response: Any) -> dict[str, Any]:
    return dict(response.json()["error"])


def _in(language: str, headers: dict[str, str] | None = None) -> dict[str, str]:
    return {**(headers or {}), "Accept-Language": language}


OFFER_NOT_FOUND = {
    "fr": "Offre introuvable.",
    "en": "Offer not found.",
    "es": "No se encontró la oferta.",
    "gcf-MQ": "Nou pa jwenn òf-la.",
}
CART_EMPTY = {
    "fr": "Votre panier est vide.",
    "en": "Your cart is empty.",
    "es": "Tu carrito está vacío.",
    "gcf-MQ": "Panyé ou vid.",
}
UNKNOWN_CODE = {
    "fr": "Code de réduction inconnu : NOPE123.",
    "en": "Unknown discount code: NOPE123.",
    "es": "Código de descuento desconocido: NOPE123.",
    "gcf-MQ": "Nou pa konnèt kòd rabè-tala : NOPE123.",
}
BAD_CODE = {
    "fr": "Un code de réduction compte 3 à 40 lettres, chiffres, tirets (-) ou soulignés (_).",
    "en": "A discount code has 3 to 40 letters, digits, hyphens (-) or underscores (_).",
    "es": "Un código de descuento tiene de 3 a 40 letras, cifras, guiones (-) o guiones bajos (_).",
    "gcf-MQ": "On kòd rabè ni 3 rivé 40 lèt, chif, tiré (-) oben soulinyé (_).",
}
PRICE_TOO_LOW = {
    "fr": "Le prix est d'au moins 50 centimes (pour 0, faites une offre gratuite).",
    "en": "The price is at least 50 cents (for 0, make a free offer).",
    "es": "El precio es de al menos 50 centavos (para 0, crea una oferta gratuita).",
    "gcf-MQ": "Pri-a sé o mwens 50 santim (pou 0, fè on òf gratis).",
}
SHARES_NOT_100 = {
    "fr": "Les parts totalisent 9000 points de base au lieu de 10000 (100 %).",
    "en": "The shares add up to 9000 basis points, not 10000 (100%).",
    "es": "Las participaciones suman 9000 puntos básicos en lugar de 10000 (100 %).",
    "gcf-MQ": "Tout pa-a ansanm fè 9000 pwen baz olyé 10000 (100 %).",
}
NOT_IN_LIBRARY = {
    "fr": "Cette œuvre n'est pas dans votre bibliothèque.",
    "en": "This work is not in your library.",
    "es": "Esta obra no está en tu biblioteca.",
    "gcf-MQ": "Zèv-tala pa adan bibliyotèk ou.",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_cart_and_checkout_errors_speak_the_asked_language(
    client: AsyncTestClient, language: str
) -> None:
    buyer = await sign_up_and_log_in(client, role="audience")
    missing = await client.post(
        "/api/cart/items", json={"offer_id": MISSING}, headers=_in(language, buyer)
    )
    assert (missing.status_code, _error(missing)["code"]) == (404, "not_found")
    assert _error(missing)["message"] == OFFER_NOT_FOUND[language]

    empty = await client.post("/api/checkout", json={"country": "MQ"}, headers=_in(language, buyer))
    assert (empty.status_code, _error(empty)["code"]) == (409, "cart_empty")
    assert _error(empty)["message"] == CART_EMPTY[language]

    seller = await sign_up_and_log_in(client)
    offer = await priced(client, seller, await published_work(client, seller))
    added = await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    assert added.status_code == 201, added.text
    malformed = await client.post(
        "/api/checkout", json={"country": "MQ", "codes": ["a"]}, headers=_in(language, buyer)
    )
    assert (malformed.status_code, _error(malformed)["code"]) == (422, "invalid_discount_code")
    assert _error(malformed)["message"] == BAD_CODE[language]

    unknown = await client.post(
        "/api/checkout",
        json={"country": "MQ", "codes": ["nope123"]},
        headers=_in(language, buyer),
    )
    assert (unknown.status_code, _error(unknown)["code"]) == (422, "unknown_discount_code")
    assert _error(unknown)["message"] == UNKNOWN_CODE[language]

    absent = await client.post(
        f"/api/library/{MISSING}/downloads",
        json={"format": "download"},
        headers=_in(language, buyer),
    )
    assert (absent.status_code, _error(absent)["code"]) == (404, "not_found")
    assert _error(absent)["message"] == NOT_IN_LIBRARY[language]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_offer_and_split_errors_speak_the_asked_language(
    client: AsyncTestClient, language: str
) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    cheap = await client.put(
        f"/api/works/{work_id}/offer",
        json={"pricing": "fixed", "price_cents": 10},
        headers=_in(language, seller),
    )
    assert (cheap.status_code, _error(cheap)["code"]) == (422, "price_too_low")
    assert _error(cheap)["message"] == PRICE_TOO_LOW[language]

    sheet = {"holders": [{"name": "Man Ya", "role": "performer", "share_bp": 9000}]}
    short = await client.put(
        f"/api/works/{work_id}/splits", json=sheet, headers=_in(language, seller)
    )
    assert (short.status_code, _error(short)["code"]) == (422, "shares_not_100")
    assert _error(short)["message"] == SHARES_NOT_100[language]
    assert _error(short)["details"] == {"total_bp": 9000}


async def test_the_cart_page_speaks_the_asked_language(client: AsyncTestClient) -> None:
    seller = await sign_up_and_log_in(client)
    offer = await priced(client, seller, await published_work(client, seller))
    buyer = await sign_up_and_log_in(client, role="audience", email="panye@example.test")
    await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    expected = {
        "en": ("My cart", "Country of residence", "French Guiana", "Germany", "€8.00"),
        "es": ("Mi carrito", "País de residencia", "Guayana Francesa", "Alemania", "8.00"),
        "gcf-MQ": ("Panyé mwen", "Péyi kote ou ka rété", "Lagwiyann", "Lalmangn", "8,00"),
    }
    await page_log_in(client, "panye@example.test")
    for language, texts in expected.items():
        page = await client.get(f"/panier?lang={language}")
        assert page.status_code == 200
        for text in texts:
            assert text in page.text, (language, text)
        assert "Mon panier" not in page.text


async def test_cart_and_library_show_the_creole_title_the_creator_gave(
    client: AsyncTestClient, worker: Worker, broker: RedisBroker
) -> None:
    """The Creole interface shows a work under its Creole title everywhere it is listed; the
    order line keeps the title it was sold under."""
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    titles = {"fr": "Bèlè de la Lune", "gcf-MQ": "Bèlè lalin"}
    work = await create_work(client, seller, creator["id"], titles=titles)
    assert (await client.post(f"/api/works/{work['id']}/publish", headers=seller)).is_success
    offer = await client.put(
        f"/api/works/{work['id']}/offer",
        json={"pricing": "fixed", "price_cents": 800},
        headers=seller,
    )
    email = "lakou-kreyol@example.test"
    buyer = await sign_up_and_log_in(client, role="audience", email=email)
    await page_log_in(client, email)
    added = await client.post(
        "/api/cart/items", json={"offer_id": offer.json()["id"]}, headers=buyer
    )
    assert added.status_code == 201, added.text

    cart = await client.get("/panier?lang=gcf")
    assert "Bèlè lalin" in cart.text
    assert (await client.get("/panier?lang=fr")).text.count("Bèlè lalin") == 0
    assert (await client.get("/api/cart", headers=buyer)).json()["items"][0]["titles"] == titles

    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200, paid.text
    await deliver_events(broker, worker)
    library = await client.get("/bibliotheque?lang=gcf")
    assert "<h2 data-owned-title>Bèlè lalin</h2>" in library.text
    french = await client.get("/bibliotheque?lang=fr")
    assert "<h2 data-owned-title>Bèlè de la Lune</h2>" in french.text
    owned = (await client.get("/api/library", headers=buyer)).json()
    assert owned[0]["titles"] == titles
    assert order["lines"][0]["title"] == "Bèlè de la Lune"
