"""The hosted-buyer round in Chromium against a real `lakou serve`: the organiser opens the round
for tomorrow, an accredited buyer ranks two stands on "Mes souhaits", one exhibitor ranks the
buyer, the organiser runs the scheduler, and the buyer finds the meeting confirmed on "Mes
rendez-vous" (French only: the other languages' pages are the same templates)."""

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


@pytest.mark.parametrize("lang", ["fr"])
def test_journey_a_round_books_a_buyer_at_the_stand_that_wants_them(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    organiser_email, organiser, festival = verified_organiser(tmp_path_factory, base, run)
    now = datetime.now(MARTINIQUE)
    market = published_market(base, organiser, festival, run, "music", "Rendez-vous d'affaires.")
    market_api = f"/api/markets/{market['id']}"
    tomorrow = (now + timedelta(days=1)).date()
    hours = {"day": tomorrow.isoformat(), "starts": "09:00", "ends": "11:00"}
    _api(base, "POST", f"{market_api}/meetings/days", hours, organiser, festival)

    stands: list[dict[str, str]] = []
    exhibitor_email = ""
    for name in ("Chouval Bwa", "Bèlè Lakou"):
        email = f"exhibitor-{len(stands)}-{run}@example.test"
        exhibitor_email = exhibitor_email or email
        token = _account(tmp_path_factory, base, email, "creator")
        profile = _api(
            base,
            "POST",
            "/api/creators",
            {"kind": "person", "name": f"{name} {run}", "disciplines": ["music"]},
            token,
        )
        stands.append(
            _api(
                base,
                "POST",
                f"{market_api}/stands",
                {"exhibitor_kind": "creator", "creator_id": profile["id"]},
                organiser,
                festival,
            )
        )

    buyer_email = f"buyer-round-{run}@example.test"
    buyer = _account(tmp_path_factory, base, buyer_email, "audience")
    company = _organisation(base, buyer, "association", f"Lanmè {run}")
    asked = _api(
        base, "POST", f"{market_api}/accreditations", {"category": "buyer"}, buyer, company
    )
    _api(base, "POST", f"{market_api}/accreditations/{asked['id']}/grant", token=organiser)

    # The organiser opens the round for tomorrow (buyers take part by default).
    round_path = f"/marches/{market['slug']}/rendez-vous/tour"
    log_in(page, t, base, organiser_email, PASSWORD, f"/marches/{market['id']}/gestion")
    page.get_by_role("link", name=t("Tour de rendez-vous"), exact=True).click()
    page.wait_for_url(f"{base}{round_path}")
    screenshot(page, "round-0-open")
    page.locator("input[name=day]").fill(tomorrow.isoformat())
    page.get_by_role("button", name=t("Ouvrir le tour"), exact=True).click()
    expect(page.locator("[data-round-counts]")).to_contain_text("0")

    # The buyer ranks both stands: the second one first.
    wishes_path = f"/marches/{market['slug']}/rendez-vous/souhaits"
    _sign_in_again(page, t, base, lang, buyer_email, f"/marches/{market['slug']}/rendez-vous")
    page.get_by_role("link", name=t("Mes souhaits pour le tour de rendez-vous")).click()
    page.wait_for_url(f"{base}{wishes_path}")
    expect(page.locator("[data-choice]")).to_have_count(2)
    page.locator(f"input[name=rank_{stands[1]['id']}]").fill("1")
    page.locator(f"input[name=rank_{stands[0]['id']}]").fill("2")
    page.get_by_role("button", name=t("Enregistrer mes souhaits"), exact=True).click()
    page.wait_for_url(f"{base}{wishes_path}")
    expect(page.locator(f"input[name=rank_{stands[1]['id']}]")).to_have_value("1")
    screenshot(page, "round-1-buyer-wishes")

    # The first stand's exhibitor ranks the buyer.
    stand_wishes = f"/marches/{market['slug']}/stands/{stands[0]['id']}/souhaits"
    _sign_in_again(page, t, base, lang, exhibitor_email, stand_wishes)
    expect(page.locator("[data-choice]")).to_have_count(1)
    page.locator("[data-choice] input").fill("1")
    page.get_by_role("button", name=t("Enregistrer mes souhaits"), exact=True).click()
    page.wait_for_url(f"{base}{stand_wishes}")
    expect(page.locator("[data-choice] input")).to_have_value("1")
    screenshot(page, "round-2-stand-wishes")

    # The organiser runs the scheduler: the buyer meets both stands, one wish mutual.
    _sign_in_again(page, t, base, lang, organiser_email, round_path)
    page.get_by_role("button", name=t("Lancer le planificateur"), exact=True).click()
    page.wait_for_url(f"{base}{round_path}")
    expect(page.locator("[data-written] strong")).to_have_text("2")
    expect(page.locator("#run-round")).to_have_count(0)
    screenshot(page, "round-3-result")

    # The buyer finds both meetings confirmed on "Mes rendez-vous".
    _sign_in_again(page, t, base, lang, buyer_email, f"/marches/{market['slug']}/rendez-vous")
    expect(page.locator("#meetings-asked [data-meeting-state]")).to_have_text(
        [t("Confirmé"), t("Confirmé")]
    )
    screenshot(page, "round-4-booked")
