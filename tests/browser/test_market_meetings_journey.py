"""Meetings in Chromium against a real `lakou serve`: an accredited buyer opens a stand, asks
for a meeting in a free slot, the exhibitor accepts it on "Mes rendez-vous", and the buyer sees
it confirmed and downloads its .ics (Martinique time, with its TZID), then cancels it."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, log_in, screenshot
from tests.browser.test_audit_journey import PASSWORD
from tests.browser.test_market_journey import (
    _account,
    _api,
    _organisation,
    _sign_in_again,
    published_market,
    verified_organiser,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
MARTINIQUE = ZoneInfo("America/Martinique")


@pytest.mark.parametrize("lang", ["fr", "gcf-MQ"])
def test_journey_a_buyer_books_a_meeting_at_a_stand(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    organiser_email, organiser, festival = verified_organiser(tmp_path_factory, base, run)
    now = datetime.now(MARTINIQUE)
    market = published_market(base, organiser, festival, run, "music", "Rendez-vous d'affaires.")
    tomorrow = (now + timedelta(days=1)).date()

    exhibitor_email = f"exhibitor-meet-{run}@example.test"
    exhibitor = _account(tmp_path_factory, base, exhibitor_email, "creator")
    profile = _api(
        base,
        "POST",
        "/api/creators",
        {"kind": "person", "name": f"Chouval Bwa {run}", "disciplines": ["music"]},
        exhibitor,
    )
    stand = _api(
        base,
        "POST",
        f"/api/markets/{market['id']}/stands",
        {"exhibitor_kind": "creator", "creator_id": profile["id"]},
        organiser,
        festival,
    )

    buyer_email = f"buyer-meet-{run}@example.test"
    buyer = _account(tmp_path_factory, base, buyer_email, "audience")
    company = _organisation(base, buyer, "association", f"Lanmè {run}")
    asked = _api(
        base,
        "POST",
        f"/api/markets/{market['id']}/accreditations",
        {"category": "buyer"},
        buyer,
        company,
    )
    _api(
        base,
        "POST",
        f"/api/markets/{market['id']}/accreditations/{asked['id']}/grant",
        token=organiser,
    )

    # The organiser opens meeting hours tomorrow, 9:00 to 11:00, on the market's page for them.
    log_in(page, t, base, organiser_email, PASSWORD, f"/marches/{market['id']}/gestion")
    page.get_by_role("link", name=t("Horaires des rendez-vous"), exact=True).click()
    page.locator("#meeting-day-form input[name=day]").fill(tomorrow.isoformat())
    page.locator("#meeting-day-form input[name=starts]").fill("09:00")
    page.locator("#meeting-day-form input[name=ends]").fill("11:00")
    page.get_by_role("button", name=t("Ajouter ces horaires"), exact=True).click()
    expect(page.locator("[data-meeting-day]")).to_have_text(f"{tomorrow.isoformat()} · 09:00-11:00")
    screenshot(page, "meetings-0-hours")

    # The buyer opens the stand and asks for its first free slot (9:00 tomorrow).
    stand_path = f"/marches/{market['slug']}/stands/{stand['id']}"
    _sign_in_again(page, t, base, lang, buyer_email, stand_path)
    page.get_by_role("link", name=t("Demander un rendez-vous"), exact=True).click()
    expect(page.locator("#free-slots li")).to_have_count(4)
    page.locator("[data-slot]").first.check()
    page.locator("textarea[name=message]").fill("<b>Catalogue</b> pour Cancún")
    screenshot(page, "meetings-1-ask")
    page.get_by_role("button", name=t("Envoyer la demande"), exact=True).click()
    page.wait_for_url(f"{base}/marches/{market['slug']}/rendez-vous")
    expect(page.locator("#meetings-asked [data-meeting-state]")).to_have_text(t("En attente"))

    # The exhibitor accepts it on "Mes rendez-vous"; the message shows as text.
    mine = f"/marches/{market['slug']}/rendez-vous"
    _sign_in_again(page, t, base, lang, exhibitor_email, stand_path)
    page.get_by_role("link", name=t("Mes rendez-vous"), exact=True).click()
    expect(page.locator("#meetings-received .quote")).to_have_text("<b>Catalogue</b> pour Cancún")
    screenshot(page, "meetings-2-received")
    page.locator("[data-accept]").first.click()
    page.wait_for_url(f"{base}{mine}")
    expect(page.locator("#meetings-received [data-meeting-state]")).to_have_text(t("Confirmé"))

    # The buyer sees it confirmed and downloads its .ics.
    _sign_in_again(page, t, base, lang, buyer_email, mine)
    expect(page.locator("#meetings-asked [data-meeting-state]")).to_have_text(t("Confirmé"))
    screenshot(page, "meetings-3-booked")
    with page.expect_download() as download:
        page.locator("#meetings-asked [data-ics]").click()
    ics = download.value.path().read_text("utf-8")
    assert f"DTSTART;TZID=America/Martinique:{tomorrow:%Y%m%d}T090000" in ics
    assert "BEGIN:VTIMEZONE" in ics

    # The buyer calls it off with a reason: it shows as cancelled, with the reason.
    page.locator("#meetings-asked [data-cancel-open]").click()
    page.locator("#meetings-asked input[name=reason]").fill("Vol retardé")
    page.locator("#meetings-asked [data-cancel]").click()
    page.wait_for_url(f"{base}{mine}")
    expect(page.locator("#meetings-asked [data-meeting-state]")).to_have_text(t("Annulé"))
    expect(page.locator("#meetings-asked [data-reason]")).to_contain_text("Vol retardé")
    screenshot(page, "meetings-4-cancelled")
