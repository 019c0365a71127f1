"""A screener in Chromium against a real `lakou serve`: the demo studio sends its film to a
professional, who opens it from "Mes screeners" (waiting, the first time, for their marked copy); the overlay over the player shows their name,
and comes back when a script removes it from the page."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, Server, Texts, log_in, screenshot
from tests.browser.test_audit_journey import PASSWORD
from tests.browser.test_market_journey import _account, _api
from tests.browser.test_screener_maker_journey import PREPARED_WITHIN_MS

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.mark.parametrize("lang", ["fr"])
def test_journey_the_overlay_names_the_viewer_and_comes_back(
    page: Page, server: Server, t: Texts, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    name = f"pro-screener-{uuid.uuid4().hex[:8]}"
    _account(tmp_path_factory, base, f"{name}@example.test", "audience")
    studio = _api(
        base,
        "POST",
        "/api/auth/login",
        {"email": "studio@demo.lakou.mq", "password": DEMO_PASSWORD},
    )
    film = server.work_titled("Les contes de Compère Lapin")
    closes = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    body = {
        "work_id": film["id"],
        "closes_at": closes,
        "audiences": [{"kind": "people", "emails": [f"{name}@example.test"]}],
    }
    _api(base, "POST", "/api/screeners", body, studio["token"])

    log_in(page, t, base, f"{name}@example.test", PASSWORD, "/screeners")
    page.get_by_role("link", name="Les contes de Compère Lapin").click()
    page.get_by_role("button", name=t("Regarder")).click()
    # The first opening may wait for the worker to mark the film; the page retries by itself.
    root = page.locator("[data-screener]")
    expect(root).to_have_attribute("data-opened", "", timeout=PREPARED_WITHIN_MS)
    overlay = page.locator("canvas[data-overlay]")
    expect(overlay).to_have_attribute("aria-label", re.compile(re.escape(name)))
    expect(page.locator("[data-stage] video")).to_be_attached()

    page.evaluate("() => document.querySelector('canvas[data-overlay]').remove()")
    expect(overlay).to_have_count(1)
    expect(overlay).to_have_attribute("aria-label", re.compile(re.escape(name)))
    page.evaluate(
        "() => { document.querySelector('canvas[data-overlay]').style.display = 'none'; }"
    )
    expect(overlay).to_be_visible()
    page.wait_for_timeout(1200)  # the overlay redraws each second: the screenshot shows it drawn
    screenshot(page, "screener-overlay")
