"""A market's call for entries and its analytics in Chromium against a real `lakou serve`.

The organiser opens a call for entries from the market's administration; a creator finds it
on the market's page and answers with a work of theirs; the organiser closes the call and
accepts the entry; the in-process worker delivers `entry.accepted` and the creator's stand with
the work appears on the market; the organiser reads the analytics page (charts and table) and
downloads its CSV. French only: the other languages' texts are checked by tests/i18n, and the
pages are the same.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, log_in, screenshot, wait_until
from tests.browser.test_audit_journey import PASSWORD
from tests.browser.test_market_journey import (
    _account,
    _api,
    _sign_in_again,
    verified_organiser,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.mark.parametrize("lang", ["fr"], indirect=True)
def test_journey_an_entry_becomes_a_stand_and_the_organiser_reads_the_figures(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    organiser_email, organiser, festival = verified_organiser(tmp_path_factory, base, run)
    now = datetime.now(UTC)
    market = _api(
        base,
        "POST",
        "/api/markets",
        {
            "name": f"Marché des entrées {run}",
            "edition": "2027",
            "descriptions": {"fr": "Le marché des ICC de Martinique."},
            "sections": ["music", "film"],
            "opens_at": (now - timedelta(hours=1)).isoformat(),
            "closes_at": (now + timedelta(days=3)).isoformat(),
        },
        organiser,
        festival,
    )
    _api(
        base, "POST", f"/api/markets/{market['id']}/publish", token=organiser, organisation=festival
    )

    # The organiser opens a call for entries from the market's administration.
    log_in(page, t, base, organiser_email, PASSWORD, f"/marches/{market['id']}/gestion")
    page.get_by_role("link", name=t("Appels à exposants"), exact=True).click()
    title = f"Exposer au marché {run}"
    page.get_by_label(t("Titre"), exact=True).fill(title)
    page.get_by_label(t("Titre en créole (facultatif)")).fill(f"Ekspozé {run}")
    page.get_by_label(t("Description de l'appel")).fill("Musique et film de Martinique.")
    deadline = (now + timedelta(days=2)).astimezone(ZoneInfo("America/Martinique"))
    page.get_by_label(t("Date limite (heure de la Martinique)")).fill(
        deadline.strftime("%Y-%m-%dT%H:%M")
    )
    screenshot(page, "entries-1-open-call")
    page.get_by_role("button", name=t("Ouvrir l'appel"), exact=True).click()
    page.wait_for_url(f"{base}/appels/*/gestion")
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    call_id = page.url.rstrip("/").split("/")[-2]

    # A creator finds the call on the market's page and answers with a work of theirs.
    creator_email = f"creator-entries-{run}@example.test"
    creator = _account(tmp_path_factory, base, creator_email, "creator")
    profile = _api(
        base,
        "POST",
        "/api/creators",
        {"kind": "person", "name": f"Tanbou {run}", "disciplines": ["music"]},
        creator,
    )
    work_title = f"Bèlè {run}"
    work = _api(
        base,
        "POST",
        "/api/works",
        {"creator_id": profile["id"], "titles": {"fr": work_title}, "discipline": "music"},
        creator,
    )
    _api(base, "POST", f"/api/works/{work['id']}/publish", token=creator)
    _sign_in_again(page, t, base, lang, creator_email, f"/marches/{market['slug']}")
    calls = page.locator("#market-open-calls")
    expect(calls).to_contain_text(t("heure de la Martinique"))
    expect(calls).to_contain_text(f"Ekspozé {run}")  # the Creole title, where given
    screenshot(page, "entries-2-market-call")
    calls.get_by_role("link", name=title).click()
    page.get_by_label("L'œuvre présentée").select_option(label=work_title)
    page.get_by_label("Présentation").fill("Un bèlè pour la nuit.")
    page.get_by_role("button", name=t("Envoyer ma candidature")).click()
    expect(page.get_by_role("status")).to_contain_text(
        t("Candidature envoyée : un accusé de réception vous a été adressé.")
    )

    # The organiser closes the call and accepts the entry.
    _api(base, "POST", f"/api/calls/{call_id}/close", token=organiser)
    _sign_in_again(page, t, base, lang, organiser_email, f"/appels/{call_id}/gestion")
    page.locator("#ranked-submissions input[name=submission]").first.check()
    page.locator("#bulk-decision").select_option("accepted")
    page.locator("#bulk-decide").click()
    expect(page.locator("#ranked-submissions")).to_contain_text(t("Retenue"))

    # The worker places the accepted entry: the creator's stand, with the work.
    def stand_shown() -> list[dict[str, str]]:
        stands = _api(base, "GET", f"/api/markets/{market['id']}/stands")
        return [s for s in stands if s["creator_id"] == profile["id"]]

    [stand] = wait_until(stand_shown, 60, "the accepted entry's stand")
    page.goto(f"{base}/marches/{market['slug']}")
    page.get_by_role("link", name=f"Tanbou {run}").click()
    expect(page.locator("main")).to_contain_text(work_title)
    screenshot(page, "entries-3-stand")

    # The organiser's analytics: charts beside a table, and the CSV.
    page.goto(f"{base}/marches/{market['id']}/gestion")
    page.get_by_role("link", name=t("Statistiques"), exact=True).click()
    expect(page.locator("#analytics-charts svg").first).to_be_visible()
    expect(page.locator("#analytics-table")).to_be_visible()
    screenshot(page, "entries-4-analytics")
    with page.expect_download() as download:
        page.locator("#analytics-csv").click()
    csv_text = Path(download.value.path()).read_text("utf-8")
    assert csv_text.startswith(f"{t('Marché')},{t('Jour (Martinique)')}")
    assert f"Marché des entrées {run}" in csv_text
    assert stand["id"]
