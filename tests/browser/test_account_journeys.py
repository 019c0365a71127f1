"""Account journeys in Chromium against a real `lakou serve`, in each interface language.

5. A person turns the second factor on from the security page (QR code and key shown, a first
   code from the app, ten recovery codes), then closes their other sessions.
6. A person who forgot their password asks for a link, finds it in the mail the embedded
   server wrote under `var/mail/`, sets a new password and logs in with it.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pyotp
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


def test_journey_5_second_factor_from_the_security_page(
    page: Page, server: Server, t: Texts
) -> None:
    base = server.base
    email = f"totp-{uuid.uuid4().hex[:8]}@example.test"
    _sign_up(base, email)
    log_in(page, t, base, email, PASSWORD, "/compte/securite")
    expect(page.get_by_role("heading", name=t("Sessions et jetons d'API"))).to_be_visible()
    expect(page.get_by_text(t("cette session"))).to_be_visible()
    page.get_by_role("button", name=t("Activer la double authentification")).click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    secret = page.locator("[data-totp-secret]").inner_text().strip()
    screenshot(page, "journey5-totp-enrolment")
    page.get_by_label(t("Code à 6 chiffres")).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name=t("Activer"), exact=True).click()
    expect(page.get_by_role("heading", name=t("Double authentification activée"))).to_be_visible()
    assert page.locator("[data-recovery-codes] li").count() == 10
    page.locator("#main").get_by_role("link", name=t("Mon compte")).click()
    page.get_by_role("button", name=t("Fermer toutes les autres sessions")).click()
    expect(page.get_by_text(t("Modification enregistrée."))).to_be_visible()
    assert page.locator("[data-session]").count() == 1
    screenshot(page, "journey5-security-page")


def _reset_link(folder: Path, address: str) -> str | None:
    """The password-reset link of a mail written to `address`, if one is there yet."""
    for path in sorted(folder.glob("**/*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=default)
        assert isinstance(message, EmailMessage)
        if address not in str(message["To"]):
            continue
        body = message.get_body(("plain",))
        assert isinstance(body, EmailMessage)
        for word in str(body.get_content()).split():
            if "/compte/reinitialiser?token=" in word:
                return word
    return None


def test_journey_6_password_reset_from_the_mail(
    page: Page, server: Server, t: Texts, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    email = f"reset-{uuid.uuid4().hex[:8]}@example.test"
    _sign_up(base, email)
    page.goto(f"{base}/connexion")
    page.get_by_role("link", name=t("Mot de passe oublié ?")).first.click()
    page.get_by_label(t("Adresse e-mail")).fill(email)
    page.get_by_role("button", name=t("Envoyer le lien")).click()
    expect(page.locator("p.notice[role=status]")).to_be_visible()

    # The embedded server writes its mail under its var folder (the `server` fixture's).
    folders = list(tmp_path_factory.getbasetemp().glob("lakou-browser*/var"))
    link = wait_until(
        lambda: next((url for f in folders if (url := _reset_link(f, email))), None),
        60,
        "the password-reset mail",
    )
    page.goto(link)
    page.locator("input[name=password]").fill("a brand new passphrase")
    page.get_by_role("button", name=t("Changer le mot de passe")).click()
    expect(
        page.get_by_text(t("Mot de passe changé : connectez-vous avec le nouveau."))
    ).to_be_visible()
    screenshot(page, "journey6-password-changed")
    log_in(page, t, base, email, "a brand new passphrase", "/compte/securite")
    page.goto(link)
    expect(
        page.get_by_text(t("Ce lien a déjà servi : demandez-en un nouveau si besoin."))
    ).to_be_visible()
