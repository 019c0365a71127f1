"""Personal data in Chromium against a real `lakou serve`, in each interface language.

A person reads the privacy page, asks for the archive of their data on "my data", downloads it
once the worker has built it, then deletes their account through the confirmation step and
lands on the privacy page, signed out.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
import zipfile

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, log_in, screenshot, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PASSWORD = "correct horse battery"


def _sign_up(base: str, email: str) -> None:
    body = json.dumps({"email": email, "password": PASSWORD, "display_name": "Man Ya"}).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}/api/auth/signup",
        data=body,
        method="POST",
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20):  # noqa: S310 - loopback only
        pass


def test_the_privacy_page_names_the_seller_and_stripe(page: Page, server: Server, t: Texts) -> None:
    page.goto(f"{server.base}/confidentialite")
    expect(page.get_by_role("heading", name=t("Confidentialité"), exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=t("Qui vend, qui encaisse"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Stripe")
    expect(page.locator("table.retention")).to_contain_text("L123-22")
    screenshot(page, "privacy-notice")


def test_a_person_downloads_their_data_then_deletes_their_account(
    page: Page, server: Server, t: Texts
) -> None:
    base = server.base
    email = f"leaving-{uuid.uuid4().hex[:8]}@example.test"
    _sign_up(base, email)
    log_in(page, t, base, email, PASSWORD, "/compte/donnees")
    page.get_by_role("button", name=t("Préparer mon archive")).click()
    expect(
        page.get_by_text(
            t("Archive demandée : vous recevrez une notification quand elle sera prête.")
        )
    ).to_be_visible()

    def ready() -> bool:
        page.reload()
        return page.get_by_role("link", name=t("Télécharger"), exact=True).count() == 1

    wait_until(ready, 60, "the archive built by the worker")
    screenshot(page, "privacy-my-data")
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Télécharger"), exact=True).click()
    with zipfile.ZipFile(download.value.path()) as archive:
        assert json.loads(archive.read("data.json"))["accounts"]["profile"]["email"] == email

    page.get_by_role("link", name=t("Supprimer mon compte…")).click()
    page.get_by_label(t("Je veux supprimer mon compte Lakou.")).check()
    page.get_by_label(t("Mot de passe actuel")).fill(PASSWORD)
    screenshot(page, "privacy-delete-confirmation")
    page.get_by_role("button", name=t("Supprimer définitivement")).click()
    expect(
        page.get_by_text(t("Votre compte a été supprimé. Un e-mail vous le confirme."))
    ).to_be_visible()
    screenshot(page, "privacy-deleted")
    page.goto(f"{base}/compte/donnees")
    assert "/connexion" in page.url
