"""A buyer downloads the Creole version of a film from their library, in Chromium, in every
interface language: the demo film (with its versions, the language versions journey's fixture)
is priced and bought through the API with the test payment; the library lists the Creole audio
and the subtitles beside the film's own formats, and the download is saved and counted."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, Server, Texts, log_in, screenshot, wait_until
from tests.browser.test_audit_journey import PASSWORD
from tests.browser.test_language_versions_journey import OWNER, _request, film
from tests.browser.test_market_journey import _account

pytestmark = [pytest.mark.slow, pytest.mark.browser]
__all__ = ["film"]


def _buy(base: str, buyer: str, film: str) -> None:
    """The demo studio prices the film (the same price each run), the buyer pays for it."""
    studio = _request(
        base, "POST", "/api/auth/login", "", {"email": OWNER, "password": DEMO_PASSWORD}
    )["token"]
    offer = _request(
        base,
        "PUT",
        f"/api/works/{film}/offer",
        studio,
        {"pricing": "fixed", "price_cents": 600},
    )
    _request(base, "POST", "/api/cart/items", buyer, {"offer_id": offer["id"]})
    order = _request(base, "POST", "/api/checkout", buyer, {"country": "MQ"})
    _request(
        base,
        "POST",
        f"/api/orders/{order['id']}/test-payment",
        buyer,
        {"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
    )
    wait_until(lambda: _request(base, "GET", "/api/library", buyer), 60, "the film in the library")


def test_a_buyer_downloads_the_creole_version_from_the_library(
    page: Page,
    server: Server,
    t: Texts,
    film: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = server.base
    email = f"buyer-versions-{uuid.uuid4().hex[:8]}@example.test"
    buyer = _account(tmp_path_factory, base, email, "audience")
    _buy(base, buyer, film)

    log_in(page, t, base, email, PASSWORD, "/bibliotheque")
    owned = page.locator(f'[data-owned="{film}"]')
    creole = owned.locator('[data-download-format="audio:gcf-MQ:version"]')
    expect(creole).to_have_text("⬇ " + t("Audio %(name)s (M4A)", name="Kréyòl"))
    english = t("Sous-titres %(name)s (WebVTT)", name="English")
    expect(owned.locator('[data-download-format="subtitles:en:subtitles"]')).to_have_text(
        f"⬇ {english}"
    )
    left = owned.locator("[data-downloads-left]")
    before = int(left.inner_text())
    with page.expect_download() as download_info:
        creole.click()
    saved = download_info.value.path().read_bytes()
    assert saved[4:8] == b"ftyp", saved[:16]
    expect(left).to_have_text(str(before - 1))
    screenshot(page, "version-downloads-library")
