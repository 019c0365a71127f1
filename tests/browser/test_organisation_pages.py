"""Organisation pages in Chromium against a real `lakou serve`, in each interface language.

The issue's journey: a distributor signs up on the sign-up page, confirms the address from the
mail the development mailbox shows, registers its company on the create-organisation page (kind,
trade, SIREN, commune picked in the list), sends a Kbis extract for verification from its page;
a staff member opens the back office from the menu, filters the requests, opens the dossier and
verifies it; the distributor's page then says it is verified, and the search page shows the
partner view (rights filters) it did not show before.
"""

from __future__ import annotations

import json
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    BROWSER_LOCALES,
    Server,
    Texts,
    log_in,
    screenshot,
    wait_until,
)
from tests.browser.test_audit_journey import PASSWORD, _create_staff
from tests.organisation_helpers import PDF, new_siren

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _sign_up(base: str, email: str) -> None:
    body = {"email": email, "password": PASSWORD, "role": "audience", "display_name": "Ti Jo"}
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}/api/auth/signup",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20):  # noqa: S310 - loopback only
        pass


def test_journey_a_distributor_is_verified_by_staff(
    page: Page,
    browser: Browser,
    server: Server,
    t: Texts,
    lang: str,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = server.base
    member = f"distrib-{uuid.uuid4().hex[:8]}@example.test"
    page.goto(f"{base}/inscription")
    page.get_by_label(t("Nom affiché")).fill("Lanmè Distribution")
    page.get_by_label(t("Adresse e-mail")).fill(member)
    page.get_by_label(t("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name=t("Créer un compte")).click()
    expect(page.get_by_role("status")).to_be_visible()

    # The address check, from the mail in the development mailbox (the embedded default).
    # The relay may be writing it at this instant: reload until it is listed, as a person would.
    mail_row = page.get_by_role("row").filter(has_text=member)

    def listed() -> bool:
        page.goto(f"{base}/dev/courrier")
        return mail_row.count() > 0

    wait_until(listed, 30, "the address-check mail in the development mailbox")
    mail_row.get_by_role("link", name=t("Confirmez votre adresse e-mail")).click()
    link = next(
        word
        for word in page.locator("pre.mail-text").inner_text().split()
        if "/compte/verifier" in word
    )
    screenshot(page, "distributor-1-verification-mail")
    page.goto(link)
    expect(page.get_by_role("status")).to_have_text(t("Adresse e-mail confirmée."))
    log_in(page, t, base, member, PASSWORD)

    # Before verification: the audience's search, without the partner view.
    page.goto(f"{base}/recherche")
    expect(page.locator("[data-partner-view]")).to_have_count(0)

    # Register the organisation.
    page.get_by_role("link", name=t("Organisations"), exact=True).click()
    page.get_by_role("link", name=f"+ {t('Nouvelle organisation')}").click()
    name = f"Lanmè Distribution {uuid.uuid4().hex[:4]}"
    page.get_by_label(t("Nom"), exact=True).fill(name)
    page.locator("#kind").select_option("export_partner")
    page.locator("#partner-kind").select_option("distributor")
    page.locator("#legal-scheme").select_option("siren")
    page.get_by_label(t("Numéro"), exact=True).fill(new_siren())
    page.locator("#commune").select_option(label="Fort-de-France")
    screenshot(page, "organisation-new")
    page.get_by_role("button", name=t("Créer l'organisation")).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.locator(".badge")).to_have_text(t("Non vérifiée"))
    expect(page.get_by_text(t(PARTNER_VIEW_TEXT))).to_be_visible()

    # Ask for verification with a document.
    kbis = tmp_path / "kbis.pdf"
    kbis.write_bytes(PDF)
    page.locator("#verification-form input[type=file]").set_input_files(str(kbis))
    page.get_by_role("button", name=t("Envoyer la demande")).click()
    expect(page.locator(".badge")).to_have_text(t("Vérification demandée"))
    expect(page.get_by_text("kbis.pdf")).to_be_visible()
    organisation_url = page.url

    # Staff verify it from the back office.
    staff_email = f"staff-org-{uuid.uuid4().hex[:8]}@example.test"
    _create_staff(tmp_path_factory, staff_email)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale=BROWSER_LOCALES[lang]
    )
    staff = context.new_page()
    staff.goto(f"{base}/?lang={lang}")
    log_in(staff, t, base, staff_email, PASSWORD)
    staff.get_by_role("link", name=t("Vérifications"), exact=True).click()
    staff.locator("#state-filter").select_option("requested")
    staff.get_by_role("button", name=t("Filtrer"), exact=True).click()
    staff.get_by_role("link", name=name).click()
    expect(staff.locator("#documents")).to_contain_text("kbis.pdf")
    expect(staff.locator("#legal-identity")).to_contain_text("SIREN")
    screenshot(staff, "organisation-staff-dossier")
    staff.get_by_role("button", name=t("Vérifier"), exact=True).click()
    expect(staff.locator(".badge")).to_have_text(t("Vérifiée"))
    staff.goto(f"{base}/staff/organisations?state=verified")
    expect(staff.get_by_role("link", name=name)).to_be_visible()
    screenshot(staff, "organisation-staff-list")
    context.close()

    # The member's page says so, and the search page shows the partner view.
    page.goto(organisation_url)
    expect(page.locator(".badge")).to_have_text(t("Vérifiée"))
    screenshot(page, "organisation-page")
    page.goto(f"{base}/recherche")
    expect(page.locator("[data-partner-view]")).to_have_text(t(PARTNER_VIEW_TEXT))
    screenshot(page, "distributor-2-partner-search")


PARTNER_VIEW_TEXT = (
    "Recherche professionnelle : informations de droits et filtres par territoire et licence"
)
