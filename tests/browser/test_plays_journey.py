"""A listener plays a short track past half its length; the creator's studio shows the play.

The demo's "Bèlè de la Lune" lasts 20 seconds, so a play counts at 10. Its creator makes it
free (full streaming for everyone) for the journey, and puts its former terms back afterwards.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, Server, Texts, log_in, screenshot

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CREATOR = "tanbou@demo.lakou.mq"


def _api(base: str, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}{path}", data=data, method=method, headers=headers
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - loopback only
        text = response.read()
    return json.loads(text) if text else None


@pytest.fixture
def free_track(server: Server) -> Iterator[tuple[str, str]]:
    """The 20-second demo track, free while the test runs: (work id, the creator's token)."""
    token = _api(
        server.base, "POST", "/api/auth/login", {"email": CREATOR, "password": DEMO_PASSWORD}
    )["token"]
    work_id = str(server.work_titled("Bèlè de la Lune")["id"])
    offer = f"/api/works/{work_id}/offer"
    # Other journeys buy this work: put back the terms it had, not merely take the free ones away.
    before = [o for o in _api(server.base, "GET", f"{offer}s") if o["kind"] == "work"]
    _api(server.base, "PUT", offer, {"pricing": "free"}, token)
    yield work_id, token
    if before:
        terms = {k: before[0][k] for k in ("pricing", "price_cents", "minimum_cents")}
        _api(server.base, "PUT", offer, terms, token)
    else:
        _api(server.base, "DELETE", offer, None, token)


def test_a_listener_plays_a_short_track_past_half_and_the_studio_shows_it(
    page: Page, server: Server, t: Texts, free_track: tuple[str, str]
) -> None:
    work_id, token = free_track
    analytics = f"/api/studio/works/{work_id}/analytics"
    before = _api(server.base, "GET", analytics, None, token)

    page.goto(f"{server.base}/oeuvres/{work_id}")
    player = page.locator("[data-player]")
    expect(player).to_have_attribute("data-mode", "full")
    audio = player.locator("audio")
    expect(audio).to_be_attached()
    with page.expect_response(lambda r: r.url.endswith("/api/plays")) as opened:
        audio.evaluate("media => media.play()")
    assert opened.value.status == 201
    assert opened.value.json()["threshold_s"] == 10
    page.wait_for_function(
        "() => document.querySelector('[data-player] audio').currentTime > 11", timeout=30_000
    )
    screenshot(page, "plays-1-listening-past-half")
    with page.expect_response(lambda r: r.url.endswith("/heartbeats")) as reported:
        audio.evaluate("media => media.pause()")
    assert reported.value.status == 200
    assert reported.value.json()["standing"] == "counted"
    assert reported.value.json()["heard_s"] >= 10

    after = _api(server.base, "GET", analytics, None, token)
    assert after["plays"] == before["plays"] + 1
    assert after["listeners"] == before["listeners"] + 1

    # The creator reads it in the studio (signing in on the same browser).
    log_in(page, t, server.base, CREATOR, DEMO_PASSWORD, f"/studio/oeuvres/{work_id}")
    page.locator("[data-analytics-link]").click()
    page.wait_for_url(re.compile(rf".*/studio/oeuvres/{work_id}/statistiques"))
    expect(page.locator("[data-figure-plays]")).to_have_text(str(after["plays"]))
    expect(page.locator("[data-retention] meter").first).to_be_visible()
    expect(page.locator("[data-sources] [data-source]").first).to_be_visible()
    screenshot(page, "plays-2-studio-analytics")
