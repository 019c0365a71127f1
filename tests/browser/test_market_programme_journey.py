"""The market's programme in Chromium against a real `lakou serve`, in French and in Creole.

A manager adds a room and an accredited-only session on the programme page (Martinique time);
an accredited buyer opens the programme, adds the session to their agenda, downloads its .ics
file (SUMMARY, DTSTART with its TZID), sees their agenda, and opens a premiere: the countdown
first, then (the page's clock moved past the start) the live position every viewer shares.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
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
def test_journey_a_programme_session_in_the_agenda_and_a_premiere(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    organiser_email, organiser, festival = verified_organiser(tmp_path_factory, base, run)
    now = datetime.now(UTC)
    market = published_market(base, organiser, festival, run, "film", "Le marché.")
    programme = f"/marches/{market['slug']}/programme"

    # The manager adds a room and an accredited-only session, in Martinique's time.
    log_in(page, t, base, organiser_email, PASSWORD, programme)
    page.get_by_label(t("Nom de la salle"), exact=True).fill("Salle Frantz Fanon")
    page.get_by_label(t("Places"), exact=True).fill("30")
    page.get_by_role("button", name=t("Ajouter la salle"), exact=True).click()
    expect(page.locator("#rooms")).to_contain_text("Salle Frantz Fanon")
    starts = (now + timedelta(hours=3)).astimezone(MARTINIQUE).replace(minute=0, second=0)
    form = page.locator("#session-form")
    form.locator("select[name=kind]").select_option("pitch")
    form.locator("select[name=audience]").select_option("accredited")
    form.locator("input[name=title_fr]").fill(f"Pitchs documentaires {run}")
    form.locator("[name='title_gcf-MQ']").fill(f"Pitch dokimantè {run}")
    form.locator("textarea[name=description_fr]").fill("Cinq projets <b>caribéens</b>.")
    form.locator("input[name=starts_at]").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=ends_at]").fill(
        (starts + timedelta(minutes=90)).strftime("%Y-%m-%dT%H:%M")
    )
    form.locator("textarea[name=speakers]").fill("Euzhan Palcy\nGuy Deslauriers")
    screenshot(page, "programme-1-manager")
    page.get_by_role("button", name=t("Programmer la séance"), exact=True).click()
    # The title in the visitor's language: the Creole one where given (French's page adds it).
    title = f"Pitch dokimantè {run}" if lang == "gcf-MQ" else f"Pitchs documentaires {run}"
    expect(page.locator("#session h1")).to_have_text(title)
    session_url = page.url.removeprefix(base)

    # The manager moves it half an hour later from its edit page (the room stays booked).
    page.get_by_role("link", name=t("Modifier ou déplacer"), exact=True).click()
    starts += timedelta(minutes=30)
    edit = page.locator("#session-edit-form")
    edit.locator("input[name=starts_at]").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    edit.locator("input[name=ends_at]").fill(
        (starts + timedelta(minutes=90)).strftime("%Y-%m-%dT%H:%M")
    )
    screenshot(page, "programme-1b-move")
    page.get_by_role("button", name=t("Enregistrer la séance"), exact=True).click()
    expect(page.locator("#session [data-when]")).to_contain_text(starts.strftime("%H:%M"))

    # A premiere of a published film, in an hour (through the API).
    creator = _account(tmp_path_factory, base, f"cineaste-{run}@example.test", "creator")
    profile = _api(base, "POST", "/api/creators", {"kind": "person", "name": f"Sinéma {run}", "disciplines": ["film"]}, creator)  # fmt: skip
    work = _api(base, "POST", "/api/works", {"creator_id": profile["id"], "titles": {"fr": f"Lanmè {run}"}, "discipline": "film"}, creator)  # fmt: skip
    _api(base, "POST", f"/api/works/{work['id']}/publish", token=creator)
    room = _api(base, "GET", f"/api/markets/{market['id']}/rooms")[0]
    premiere_starts = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    premiere = _api(
        base,
        "POST",
        f"/api/markets/{market['id']}/sessions",
        {
            "room_id": room["id"],
            "kind": "premiere",
            "titles": {"fr": f"Lanmè {run}", "gcf": f"Lanmè {run} (prémiè)"},
            "starts_at": premiere_starts.isoformat(),
            "ends_at": (premiere_starts + timedelta(hours=2)).isoformat(),
            "work_ids": [work["id"]],
        },
        organiser,
    )

    # An accredited buyer.
    buyer_email = f"acheteur-{run}@example.test"
    buyer = _account(tmp_path_factory, base, buyer_email, "audience")
    company = _organisation(base, buyer, "association", f"Distrib {run}")
    asked = _api(base, "POST", f"/api/markets/{market['id']}/accreditations", {"category": "buyer"}, buyer, company)  # fmt: skip
    _api(base, "POST", f"/api/markets/{market['id']}/accreditations/{asked['id']}/grant", token=organiser)  # fmt: skip

    # The buyer opens the programme and the session, adds it to the agenda, gets its .ics.
    _sign_in_again(page, t, base, lang, buyer_email, f"/marches/{market['slug']}")
    page.get_by_role("link", name=t("Programme"), exact=True).click()
    expect(page.locator("#sessions")).to_contain_text(t("Réservé aux accrédités"))
    screenshot(page, "programme-2-list")
    page.get_by_role("link", name=title).click()
    expect(page.locator("#speakers")).to_contain_text("Euzhan Palcy")
    expect(page.locator("#session")).to_contain_text("Cinq projets <b>caribéens</b>.")
    if lang == "fr":
        expect(page.locator("#session .creole")).to_contain_text(f"Pitch dokimantè {run}")
    page.get_by_role("button", name=t("Ajouter à mon agenda"), exact=True).click()
    expect(page.locator("[data-in-agenda]")).to_have_text(t("Dans votre agenda"))
    screenshot(page, "programme-3-session")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=t("Ajouter à mon calendrier"), exact=True).click()
    ics = Path(download_info.value.path()).read_text("utf-8")
    assert f"SUMMARY:Pitchs documentaires {run}" in ics
    assert f"DTSTART;TZID=America/Martinique:{starts.strftime('%Y%m%dT%H%M%S')}" in ics
    assert "BEGIN:VTIMEZONE" in ics

    page.goto(f"{base}/marches/agenda")
    row = page.locator(f"#agenda tr[data-session-id='{session_url.rsplit('/', 1)[1]}']")
    expect(row.locator("[data-martinique]")).not_to_be_empty()
    expect(page.locator("#feed-url")).to_have_value(
        re.compile(r"/api/markets/agenda/feeds/.+\.ics$")
    )
    screenshot(page, "programme-4-agenda")

    # The premiere: a countdown, then (the page's own clock an hour later) the live position.
    page.clock.install(time=datetime.now(UTC))
    page.goto(f"{base}{programme}/{premiere['id']}/premiere")
    expect(page.locator("[data-countdown]")).to_be_visible()
    expect(page.locator("[data-countdown-text]")).to_have_text(re.compile(r"^\d+:\d\d"))
    expect(page.locator("[data-live]")).to_be_hidden()
    screenshot(page, "programme-5-premiere-countdown")
    page.clock.run_for(int((premiere_starts - datetime.now(UTC)).total_seconds() * 1000) + 125_000)
    expect(page.locator("[data-premiere]")).to_have_attribute("data-phase", "live")
    expect(page.locator("[data-countdown]")).to_be_hidden()
    position = float(page.locator("[data-premiere]").get_attribute("data-live-position") or "0")
    assert 115 <= position <= 140  # 125 s after the start, give or take the page's own work
    expect(page.locator("[data-live-clock]")).to_contain_text("2:")
    screenshot(page, "programme-6-premiere-live")
