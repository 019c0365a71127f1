"""A screener made and watched in Chromium against a real `lakou serve`, in every interface
language: the demo studio fills "Nouveau screener" for a professional, lands on the viewing
report, changes the views per person on the settings page; the professional opens it, the page
says their marked copy is being prepared until the in-process worker made it, then plays it
under the overlay with their name; the report counts the view, and the studio withdraws the
invitation from it."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, Server, Texts, log_in, screenshot
from tests.browser.test_audit_journey import PASSWORD
from tests.browser.test_market_journey import _account

pytestmark = [pytest.mark.slow, pytest.mark.browser]

FILM = "Les contes de Compère Lapin"
# The first opening may wait for the worker to mark the demo film (two encodes of its ladder).
PREPARED_WITHIN_MS = 240_000


def _sign_out(page: Page, base: str, t: Texts) -> None:
    """Another person on the same browser: no session, the page's language chosen again."""
    page.context.clear_cookies()
    page.goto(f"{base}/?lang={t.lang}")


def test_journey_a_studio_sends_a_screener_and_a_professional_watches_it(
    page: Page, server: Server, t: Texts, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    email = f"pro-{uuid.uuid4().hex[:8]}@example.test"
    _account(tmp_path_factory, base, email, "audience")

    log_in(page, t, base, "studio@demo.lakou.mq", DEMO_PASSWORD, "/screeners/envoyes/nouveau")
    expect(page.get_by_role("heading", name=t("Nouveau screener"))).to_be_visible()
    page.locator("select[name=work_id]").select_option(label=FILM)
    page.locator("textarea[name=emails]").fill(email)
    closes = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    page.locator("input[name=closes_at]").fill(closes)
    page.locator("input[name=max_views]").fill("2")
    screenshot(page, "screener-new")
    page.get_by_role("button", name=t("Envoyer le screener")).click()
    page.wait_for_url(re.compile(r".*/screeners/envoyes/[0-9a-f-]+/rapport$"))
    report_url = page.url
    expect(page.locator("[data-report]")).to_contain_text(email)
    screener_path = report_url.removeprefix(base).removesuffix("/rapport")

    page.goto(f"{base}{screener_path}/reglages")
    views = page.locator("input[name=max_views]")
    expect(views).to_have_value("2")
    views.fill("3")
    page.get_by_role("button", name=t("Enregistrer")).click()
    expect(page.get_by_role("status")).to_have_text(t("Réglages enregistrés."))
    expect(page.locator("input[name=max_views]")).to_have_value("3")
    screenshot(page, "screener-settings")

    _sign_out(page, base, t)
    log_in(page, t, base, email, PASSWORD, "/screeners")
    page.get_by_role("link", name=FILM).click()
    expect(
        page.locator(
            ".muted", has_text=t("Visionnages utilisés : %(used)s sur %(max)s.", used=0, max=3)
        )
    ).to_be_visible()
    # The form opens the view through the page's script: clicked before the script attached
    # (a loaded machine), it would submit natively and reload the page.
    page.locator("html[data-scripts-ready]").wait_for(state="attached")
    page.get_by_role("button", name=t("Regarder")).click()
    root = page.locator("[data-screener]")
    answered = page.locator(
        "[data-screener][data-preparing], [data-screener][data-opened],"
        " [data-screener-error]:not([hidden])"
    )
    # The opening's answer (a shared machine may take a while), never an error.
    expect(answered.first).to_be_attached(timeout=60_000)
    expect(page.locator("[data-screener-error]")).to_be_hidden()
    if root.get_attribute("data-preparing") is not None:
        note = page.locator("[data-preparing-note]")
        expect(note).to_have_text(
            t(
                "Votre copie personnelle, marquée à votre nom, est en préparation. "
                "Cette page réessaie d'elle-même : inutile de la recharger."
            )
        )
        screenshot(page, "screener-preparing")
    # The page retried by itself until the copy was ready: the player and the overlay.
    expect(root).to_have_attribute("data-opened", "", timeout=PREPARED_WITHIN_MS)
    expect(page.locator("[data-preparing-note]")).to_be_hidden()
    expect(page.locator("[data-stage] video")).to_be_attached()
    overlay = page.locator("canvas[data-overlay]")
    expect(overlay).to_have_attribute("aria-label", re.compile(re.escape(email.split("@")[0])))
    page.wait_for_timeout(1200)  # the overlay redraws each second: the screenshot shows it drawn
    screenshot(page, "screener-watching")

    _sign_out(page, base, t)
    log_in(page, t, base, "studio@demo.lakou.mq", DEMO_PASSWORD, report_url.removeprefix(base))
    row = page.locator("[data-report] tbody tr", has_text=email)
    expect(row.locator("td").nth(2)).to_have_text("1")
    screenshot(page, "screener-report")
    # Withdrawn from the report: the row says so, and the viewer's links stop.
    row.get_by_role("button", name=t("Retirer l'invitation")).click()
    expect(row.locator("[data-invitation-state]")).to_contain_text(
        t("Retirée le %(when)s", when="").strip()
    )
    row.locator("[data-invitation-state]").scroll_into_view_if_needed()  # the table scrolls
    screenshot(page, "screener-withdrawn")
