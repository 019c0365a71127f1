"""The embeddable player of a film in French with its Creole version, in Chromium.

The demo film gets its Creole and English audio tracks and three subtitles (the language
versions journey's fixture). A page of another origin served by the test (the same host on
another port: the same site, so the signed-in owner's session reaches the frame, as a buyer's
does) embeds the film; the viewer picks the Creole audio in the frame, and after a reload of
the page the frame plays Creole again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, Server, Texts, log_in, screenshot
from tests.browser.test_language_versions_journey import OWNER, film

pytestmark = [pytest.mark.slow, pytest.mark.browser]
__all__ = ["film"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def other_origin(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_the_viewer_picks_creole_in_an_embed_and_it_holds_after_a_reload(
    page: Page,
    server: Server,
    t: Texts,
    lang: str,
    film: str,
    other_origin: tuple[Path, int],
) -> None:
    folder, port = other_origin
    (folder / "index.html").write_text(
        f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>Festival</title>'
        '<body style="font-family:sans-serif;background:#fff8e7;padding:24px">'
        "<h1>Festival du film caribéen — sélection</h1>"
        f'<iframe src="{server.base}/embed/works/{film}?lang={lang}" width="640" height="440"'
        ' style="border:0" title="Lakou"></iframe></body></html>',
        encoding="utf-8",
    )
    log_in(page, t, server.base, OWNER, DEMO_PASSWORD, "/")
    page.goto(f"http://127.0.0.1:{port}/")
    frame = page.frame_locator("iframe")
    embed = frame.locator("[data-embed]")
    expect(frame.locator("[data-embed-stage]")).to_have_attribute("data-mode", "full")
    expect(embed).to_have_attribute("data-engine", "hls.js", timeout=30_000)
    audio = frame.locator("select[data-audio-choice]")
    # The film's own audio first, then its versions, named in the viewer's language.
    expect(audio.locator("option").first).to_have_text(t("Version originale"), timeout=30_000)
    expect(audio.locator("option", has_text="Kréyòl")).to_have_count(1)
    audio.select_option(label="Kréyòl")
    expect(embed).to_have_attribute("data-audio", "gcf-MQ", timeout=30_000)
    subtitles = frame.locator("select[data-subtitle-choice]")
    expect(subtitles).to_have_value("off")
    subtitles.select_option(label="English")
    expect(embed).to_have_attribute("data-subtitles", "en")
    video = frame.locator("video")
    video.evaluate("media => media.play()")
    video.evaluate(
        "media => new Promise(done => media.addEventListener('timeupdate', function tick() {"
        " if (media.currentTime > 1) { media.removeEventListener('timeupdate', tick); done(); }"
        " }))"
    )
    video.evaluate("media => media.pause()")
    showing = video.evaluate(
        "media => Array.from(media.textTracks).filter(t => t.mode === 'showing').map(t => t.language)"
    )
    assert showing == ["en"]
    screenshot(page, "embed-versions-1-creole-chosen")

    # Reloaded, the frame plays the Creole version with English subtitles again.
    page.reload()
    frame = page.frame_locator("iframe")
    embed = frame.locator("[data-embed]")
    expect(embed).to_have_attribute("data-audio", "gcf-MQ", timeout=30_000)
    expect(embed).to_have_attribute("data-subtitles", "en")
    expect(frame.locator("select[data-audio-choice] option:checked")).to_have_text("Kréyòl")
    expect(frame.locator("select[data-subtitle-choice] option:checked")).to_have_text("English")
    screenshot(page, "embed-versions-2-reloaded-choice-kept")
