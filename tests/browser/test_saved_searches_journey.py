"""The saved-searches page in Chromium against a real `lakou serve`, in one language (in turn).

An export partner's owner searches the catalogue with the partner view (words and a
discipline), saves that search from the search page, reads it in words on the organisation's
saved-searches page, renames it and turns its members' notifications off. A creator publishes
a matching film: the server's worker records the match, and the page lists it, linked to the
work. The owner deletes the search after confirming.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, log_in, screenshot, wait_until
from tests.browser.test_api_keys_journey import _verified_partner
from tests.browser.test_audit_journey import PASSWORD
from tests.browser.test_webhooks_journey import _publish

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_journey_a_partner_saves_a_search_and_sees_a_new_match(
    page: Page,
    server: Server,
    t: Texts,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    email, organisation = _verified_partner(tmp_path_factory, base, run)
    # The run's word matches nothing yet; `_publish` titles its film "Lanmè <run>".
    log_in(page, t, base, email, PASSWORD, "/recherche")
    page.goto(f"{base}/recherche?q={run}&discipline=film")
    save = page.locator("#save-search-form")
    expect(page.locator("#save-search")).to_be_visible()
    screenshot(page, "saved-searches-0-search-page")
    save.get_by_label(t("Nom de la recherche")).fill(f"Films <i>{run}</i>")
    save.get_by_role("button", name=t("Enregistrer"), exact=True).click()

    expect(page.get_by_role("heading", name=t("Recherches enregistrées"))).to_be_visible()
    search = page.locator("[data-saved-search]")
    expect(search.locator("[data-saved-search-name]")).to_have_text(f"Films <i>{run}</i>")
    expect(search).to_contain_text(f"« {run} »")
    expect(search.locator("[data-last-matched]")).to_have_text(t("jamais"))
    expect(search.locator("[data-match-count]")).to_have_text("0")
    screenshot(page, "saved-searches-1-saved")

    search.locator("[data-rename]").get_by_label(t("Nom"), exact=True).fill(f"Films {run}")
    search.get_by_role("button", name=t("Renommer")).click()
    search = page.locator("[data-saved-search]")
    expect(search.locator("[data-saved-search-name]")).to_have_text(f"Films {run}")
    search.get_by_label(t("Avertir les membres")).uncheck()
    search.get_by_role("button", name=t("Enregistrer les alertes")).click()
    search = page.locator("[data-saved-search]")
    expect(search.locator("[data-notify]")).to_have_text(t("non"))
    expect(search.locator("[data-webhooks]")).to_have_text(t("oui"))
    screenshot(page, "saved-searches-2-switched")

    work_id = _publish(tmp_path_factory, base, run)

    def listed() -> bool:
        page.reload()
        return page.locator(f'[data-matches] a[href="/oeuvres/{work_id}"]').count() == 1

    wait_until(listed, 60, "the new match on the page")
    search = page.locator("[data-saved-search]")
    expect(search.locator("[data-match-count]")).to_have_text("1")
    expect(search.locator("[data-matches] a")).to_have_text(f"Lanmè {run}")
    screenshot(page, "saved-searches-3-matched")

    search.get_by_text(t("Supprimer cette recherche")).click()
    search.get_by_role("button", name=t("Confirmer la suppression")).click()
    expect(page.locator("[data-empty]")).to_be_visible()
    expect(page.locator("[data-saved-search]")).to_have_count(0)
    page.locator("[data-empty]").scroll_into_view_if_needed()
    screenshot(page, "saved-searches-4-deleted")
    assert organisation in page.url
