"""A festival embeds Lakou's player on its own site.

The festival's page is served by a small HTTP server of the test on another port and another
host name (`localhost` against Lakou's `127.0.0.1`: another origin and another site, so the
browser treats Lakou's frame as third-party). It embeds the track with the iframe Lakou's oEmbed
endpoint gives for the URL the work page advertises; the listener plays it inside the frame,
and the play is reported as coming from an embed on the festival's site.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.request
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, get_json, screenshot

pytestmark = [pytest.mark.slow, pytest.mark.browser]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def festival_site(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, int(server.server_address[1])
    server.shutdown()
    server.server_close()


def _oembed_html(server: Server, page_path: str, lang: str) -> str:
    """The iframe for a page, found the way a blog or CMS finds it: the page's oEmbed link."""
    with urllib.request.urlopen(f"{server.base}{page_path}", timeout=10) as response:  # noqa: S310 - loopback
        page = response.read().decode()
    link = re.search(r'type="application/json\+oembed" href="([^"]+)"', page)
    assert link, f"{page_path} advertises its oEmbed endpoint"
    # The festival asks for the embed in its visitors' language (`?lang=` in the page URL).
    href = link.group(1).replace("&amp;", "&").replace("&format=", f"%3Flang%3D{lang}&format=")
    answer = get_json(href)
    assert answer["type"] == "rich"
    return str(answer["html"])


def test_an_embedded_track_plays_inside_another_sites_page(
    page: Page, server: Server, t: Texts, lang: str, festival_site: tuple[Path, int]
) -> None:
    work = server.work_titled("Bèlè de la Lune")
    anonymous = get_json(f"{server.base}/api/works/{work['id']}/playback")
    folder, port = festival_site
    (folder / "index.html").write_text(
        f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>Festival</title>'
        '<body style="font-family:sans-serif;background:#fff8e7;padding:24px">'
        "<h1>Festival Bèlè 2027 — programme</h1><p>Écoutez avant de venir :</p>"
        f"{_oembed_html(server, '/oeuvres/' + work['id'], lang)}"
        "<h2>Les artistes</h2>"
        f"{_oembed_html(server, '/createurs/' + work['creator_id'], lang)}</body></html>",
        encoding="utf-8",
    )
    festival = f"http://localhost:{port}"
    page.goto(f"{festival}/")
    frame = page.frame_locator("iframe").first
    # The creator's catalogue, embedded below, lists the track among their works.
    catalogue = page.frame_locator("iframe").last
    expect(catalogue.locator("[data-embed-item]").first).to_be_visible()
    # No one is signed in inside a third-party frame: the main player's rule for an anonymous
    # listener, a preview unless the work is free.
    mode = "full" if anonymous["entitled"] else "preview"
    expect(frame.locator("[data-embed-stage]")).to_have_attribute("data-mode", mode)
    expect(frame.locator("[data-embed-mode]")).to_have_text(
        t("Intégral") if anonymous["entitled"] else t("Extrait")
    )
    title = work["titles"].get(lang) or "Bèlè de la Lune"
    expect(frame.locator("[data-embed-title]")).to_have_text(title)
    audio = frame.locator("audio")
    # The play protocol: the player opens a play, then reports the ranges heard on pause.
    with page.expect_request(lambda r: r.url.endswith("/api/plays")) as reported:
        audio.evaluate("media => media.play()")
    sent = json.loads(reported.value.post_data or "{}")
    assert sent["source"] == "embed"
    assert sent["referrer"] == festival
    answered = reported.value.response()
    assert answered is not None
    assert answered.status == 201
    with page.expect_request(lambda r: r.url.endswith("/heartbeats")) as beat:
        audio.evaluate(
            "media => new Promise(done => media.addEventListener('timeupdate', function tick() {"
            " if (media.currentTime > 1.5) { media.removeEventListener('timeupdate', tick); done(); }"
            " }))"
        )
        audio.evaluate("media => media.pause()")
    ranges = json.loads(beat.value.post_data or "{}")["ranges"]
    assert sum(end - start for start, end in ranges) >= 1
    heard = beat.value.response()
    assert heard is not None
    assert heard.status == 200
    # In the catalogue, the listener picks the track: it replaces the first work in the player.
    picked = catalogue.locator("[data-embed-item]", has_text=title)
    picked.click()
    expect(picked).to_have_attribute("aria-current", "true")
    expect(catalogue.locator("[data-embed-title]")).to_have_text(title)
    expect(catalogue.locator("[data-embed-stage] audio")).to_have_count(1)
    screenshot(page, "embed-on-a-festival-site")
