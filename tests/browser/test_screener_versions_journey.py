"""A screener of a film with its Creole version, in Chromium, in every interface language.

The demo film has its Creole and English audio tracks and three subtitles (the language
versions journey's fixture); the studio sends a screener of it to a professional, who opens it
(the page waits for the marked copy if the worker has not made it yet), picks the Creole audio,
and after a reload (the same browser resumes the same view) finds Creole again.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, Server, Texts, log_in, screenshot
from tests.browser.test_audit_journey import PASSWORD
from tests.browser.test_language_versions_journey import OWNER, _request, film
from tests.browser.test_market_journey import _account

pytestmark = [pytest.mark.slow, pytest.mark.browser]
__all__ = ["film"]
# The first opening may wait for the worker to mark the demo film (two encodes of its ladder).
PREPARED_WITHIN_MS = 240_000


def _open(page: Page, t: Texts) -> None:
    page.get_by_role("button", name=t("Regarder")).click()
    expect(page.locator("[data-screener]")).to_have_attribute(
        "data-opened", "", timeout=PREPARED_WITHIN_MS
    )
    expect(page.locator("[data-screener-error]")).to_be_hidden()


def test_a_professional_picks_creole_in_a_screener_and_it_holds_after_a_reload(
    page: Page,
    server: Server,
    t: Texts,
    film: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = server.base
    email = f"pro-versions-{uuid.uuid4().hex[:8]}@example.test"
    viewer = _account(tmp_path_factory, base, email, "audience")
    studio = _request(
        base, "POST", "/api/auth/login", "", {"email": OWNER, "password": DEMO_PASSWORD}
    )["token"]
    closes = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    screener = _request(
        base,
        "POST",
        "/api/screeners",
        studio,
        {
            "work_id": film,
            "closes_at": closes,
            "max_views": 3,
            "audiences": [{"kind": "people", "emails": [email]}],
        },
    )
    invited = _request(base, "GET", "/api/screeners/invited", viewer)
    invitation = next(i["invitation_id"] for i in invited if i["screener"]["id"] == screener["id"])

    log_in(page, t, base, email, PASSWORD, f"/screeners/{invitation}")
    _open(page, t)
    root = page.locator("[data-screener]")
    audio = page.locator("select[data-audio-choice]")
    expect(audio.locator("option").first).to_have_text(t("Version originale"), timeout=30_000)
    expect(audio.locator("option", has_text="Kréyòl")).to_have_count(1)
    audio.select_option(label="Kréyòl")
    expect(root).to_have_attribute("data-audio", "gcf-MQ", timeout=30_000)
    subtitles = page.locator("select[data-subtitle-choice]")
    expect(subtitles.locator("option", has_text="English")).to_have_count(1)
    subtitles.select_option(label="English")
    expect(root).to_have_attribute("data-subtitles", "en")
    video = page.locator("[data-stage] video")
    video.evaluate("media => media.play()")
    page.wait_for_function(
        "() => document.querySelector('[data-stage] video').currentTime > 1", timeout=30_000
    )
    video.evaluate("media => media.pause()")
    page.wait_for_timeout(1200)  # the overlay redraws each second: the screenshot shows it drawn
    screenshot(page, "screener-versions-1-creole-chosen")

    # Reloaded (the same browser resumes its view), the screener plays Creole again.
    page.reload()
    _open(page, t)
    expect(root).to_have_attribute("data-audio", "gcf-MQ", timeout=30_000)
    expect(root).to_have_attribute("data-subtitles", "en")
    expect(page.locator("select[data-audio-choice] option:checked")).to_have_text("Kréyòl")
    expect(page.locator("select[data-subtitle-choice] option:checked")).to_have_text("English")
    used = t("Visionnages utilisés : %(used)s sur %(max)s.", used=1, max=3)
    expect(page.locator(".muted", has_text=used)).to_be_visible()
    screenshot(page, "screener-versions-2-reloaded-choice-kept")
