"""Stand codes in Chromium against a real `lakou serve`: an exhibitor makes a batch of codes on
their stand's page, downloads the printable sheet (a PDF with one QR code and one redemption URL
per code), records the batch as sold at the stand, and a buyer opens one code's URL from the
sheet, signs in, redeems it and finds the work in their library.
"""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import Server, Texts, log_in, screenshot
from tests.browser.test_audit_journey import PASSWORD, _create_staff
from tests.browser.test_market_journey import _account, _api, _organisation

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CODE_URL = re.compile(r"(\S+/codes/([0-9A-Z]{13}))")


# French and Creole: the sheet and the pages in the festival's two languages.
@pytest.mark.parametrize("lang", ["fr", "gcf-MQ"])
def test_journey_a_code_from_the_printed_sheet_into_a_library(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    staff_email = f"staff-codes-{run}@example.test"
    _create_staff(tmp_path_factory, staff_email)
    staff = _api(base, "POST", "/api/auth/login", {"email": staff_email, "password": PASSWORD})
    organiser = _account(tmp_path_factory, base, f"organiser-codes-{run}@example.test", "audience")
    festival = _organisation(base, organiser, "organiser", f"Festival codes {run}")
    _api(base, "POST", f"/api/staff/organisations/{festival}/verify", token=staff["token"])
    now = datetime.now(UTC)
    market = _api(
        base,
        "POST",
        "/api/markets",
        {
            "name": f"Marché {run}",
            "descriptions": {"fr": "Le marché des ICC."},
            "sections": ["music"],
            "opens_at": (now - timedelta(hours=1)).isoformat(),
            "closes_at": (now + timedelta(days=3)).isoformat(),
        },
        organiser,
        festival,
    )
    _api(
        base, "POST", f"/api/markets/{market['id']}/publish", token=organiser, organisation=festival
    )

    # A creator's stand with one work (its title in French and in Creole).
    creator_email = f"creator-codes-{run}@example.test"
    creator = _account(tmp_path_factory, base, creator_email, "creator")
    profile = _api(
        base,
        "POST",
        "/api/creators",
        {"kind": "person", "name": f"Tanbou {run}", "disciplines": ["music"]},
        creator,
    )
    title = f"Bèlè {run}"
    work = _api(
        base,
        "POST",
        "/api/works",
        {
            "creator_id": profile["id"],
            "titles": {"fr": title, "gcf-MQ": f"Bèlè lalin {run}"},
            "discipline": "music",
        },
        creator,
    )
    _api(base, "POST", f"/api/works/{work['id']}/publish", token=creator)
    stand = _api(
        base,
        "POST",
        f"/api/markets/{market['id']}/stands",
        {"exhibitor_kind": "creator", "creator_id": profile["id"]},
        organiser,
        festival,
    )
    _api(base, "PUT", f"/api/stands/{stand['id']}/works", {"work_ids": [work["id"]]}, creator)

    # The exhibitor makes a batch of three codes from the stand's page.
    log_in(page, t, base, creator_email, PASSWORD, f"/marches/stands/{stand['id']}/modifier")
    page.get_by_role("link", name=t("Codes de téléchargement à vendre sur le stand")).click()
    page.get_by_label(t("Nombre de codes")).fill("3")
    page.get_by_label(t("Prix par code (€, TVA comprise)")).fill(t.amount(500))
    screenshot(page, "codes-1-new-batch")
    page.get_by_role("button", name=t("Créer le lot"), exact=True).click()
    batch = page.locator("#code-batches tbody tr")
    expect(batch).to_have_attribute("data-state", "printed")
    expect(batch.locator("[data-redeemed]")).to_have_text(
        t("%(used)s sur %(count)s", used=0, count=3)
    )

    # The printable sheet: a PDF with three QR codes, each with its code's URL.
    with page.expect_download() as download:
        page.locator("[data-sheet]").click()
    pdf = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    text = "".join(p.extract_text() for p in pdf.pages)
    found = CODE_URL.findall(text)
    assert len(found) == 3, text
    assert title in text
    code_path = urlsplit(found[0][0]).path
    assert code_path.startswith("/codes/")

    # Sold at the stand, in cash: the codes work from now on.
    page.locator("[data-sell]").click()
    expect(batch).to_have_attribute("data-state", "sold")
    expect(batch).to_contain_text(t("Vendu (%(total)s)", total=t.money(1500)))
    screenshot(page, "codes-2-sold")

    # A buyer scans a code: signs in first, then redeems it into their library.
    buyer_email = f"buyer-codes-{run}@example.test"
    _account(tmp_path_factory, base, buyer_email, "audience")
    page.context.clear_cookies()
    page.goto(f"{base}/?lang={lang}")
    page.goto(f"{base}{code_path}")
    page.get_by_label(t("Adresse e-mail")).fill(buyer_email)
    page.get_by_label(t("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name=t("Connexion"), exact=True).click()
    page.wait_for_url(f"{base}{code_path}")
    expect(page.get_by_label(t("Code"), exact=True)).to_have_value(
        f"{found[0][1][:4]}-{found[0][1][4:8]}-{found[0][1][8:]}"
    )
    screenshot(page, "codes-3-redeem")
    page.get_by_role("button", name=t("Ajouter à ma bibliothèque"), exact=True).click()
    expect(page.locator("#code-redeemed")).to_be_visible()
    screenshot(page, "codes-4-redeemed")
    page.get_by_role("link", name=t("Ouvrir ma bibliothèque"), exact=True).click()
    expect(page.locator("main")).to_contain_text(run)

    # The same code again: already used.
    page.goto(f"{base}/codes")
    page.get_by_label(t("Code"), exact=True).fill(found[0][1])
    page.get_by_role("button", name=t("Ajouter à ma bibliothèque"), exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(t("Ce code a déjà été utilisé."))
    screenshot(page, "codes-5-used")
