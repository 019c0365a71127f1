"""The four journeys of the web pages, in Chromium against a real `lakou serve`.

1. A creator signs up, creates a work, uploads an audio file (surviving a dropped connection),
   watches the processing reach ready and publishes. (Price and split sheet: the shop's phase.)
2. A visitor searches with a typo, finds the work and plays its preview (time advances).
3. A video work plays through HLS in the player.
4. A description with <script> and an onerror= attribute renders as text.
"""

from __future__ import annotations

import re
import subprocess
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import DEMO_PASSWORD, Server, log_in, screenshot

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _flac(folder: Path) -> Path:
    path = folder / "chante-morne.flac"
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=12", "-ac", "2", str(path),
        ],
        check=True,
        timeout=60,
    )  # fmt: skip
    return path


def test_journey_1_creator_signs_up_uploads_and_publishes(
    page: Page, server: Server, tmp_path: Path
) -> None:
    base = server.base
    email = f"createur-{uuid.uuid4().hex[:8]}@example.test"
    password = "un mot de passe long"

    page.goto(f"{base}/inscription")
    page.get_by_label("Nom affiché").fill("Man Ya")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_label("Je suis").select_option("creator")
    page.get_by_role("button", name="Créer un compte").click()
    expect(page.get_by_role("status")).to_contain_text("connectez-vous")
    screenshot(page, "journey1-1-signed-up")

    log_in(page, base, email, password, "/studio")
    page.get_by_label("Nom", exact=True).fill("Man Ya")
    page.get_by_label("Commune").fill("Sainte-Marie")
    page.get_by_role("button", name="Créer", exact=True).click()
    page.get_by_role("link", name="+ Nouvelle œuvre").click()

    page.get_by_label("Titre (français)").fill("Chanté mòn")
    page.get_by_label("Titre (créole)").fill("Chanté mòn an lannuit")
    page.get_by_label("Discipline").select_option("music")
    page.get_by_label("Présentation (français)").fill("Un chant des mornes, voix et tanbou.")
    page.get_by_label("Nom 1").fill("Man Ya")
    page.get_by_label("Rôle 1").select_option("performer")
    page.get_by_role("button", name="Créer", exact=True).click()
    expect(page.get_by_text("Œuvre créée")).to_be_visible()
    work_id = page.url.split("/studio/oeuvres/")[1].split("?")[0]

    # The first try of part 1 loses its connection: the page asks which part comes next
    # (GET /api/uploads/{id}) and sends it again.
    dropped: list[str] = []

    def drop_once(route: Route) -> None:
        if route.request.method == "PUT" and not dropped:
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(re.compile(r".*/api/uploads/[^/]+/parts/\d+$"), drop_once)
    upload = page.locator("form[data-upload][data-role=main]")
    upload.locator("[data-file]").set_input_files(str(_flac(tmp_path)))
    expect(upload.get_by_label("Type de média")).to_have_value("audio")
    upload.get_by_label("Début de l'extrait (secondes)").fill("2")
    upload.get_by_label("Durée de l'extrait (secondes)").fill("8")
    upload.get_by_role("button", name="Envoyer").click()
    expect(upload).to_have_attribute("data-asset-status", "ready", timeout=120_000)
    assert dropped, "the dropped connection was not simulated"
    assert upload.get_attribute("data-resumed") == "1"
    expect(upload.locator("[data-upload-bar]")).to_have_attribute("value", "100")
    expect(upload.locator("[data-processing-bar]")).to_have_attribute("value", "100")
    expect(upload.locator("[data-upload-status]")).to_contain_text("Prêt")
    screenshot(page, "journey1-2-studio-upload-ready")

    page.goto(f"{base}/studio/oeuvres/{work_id}")
    page.get_by_role("button", name="Publier").click()
    expect(page.locator("[data-published-notice]")).to_be_visible()
    expect(page.locator("[data-work-status]")).to_have_text("Publiée")
    screenshot(page, "journey1-3-published")

    page.goto(f"{base}/oeuvres/{work_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chanté mòn")
    expect(page.locator("[data-player]")).to_have_attribute("data-mode", "full")
    expect(page.locator("[data-waveform]")).to_be_visible()
    screenshot(page, "journey1-4-public-page")


def test_journey_2_visitor_finds_a_work_with_a_typo_and_plays_the_preview(
    page: Page, server: Server
) -> None:
    base = server.base
    page.goto(base)
    box = page.get_by_role("combobox", name="Rechercher une œuvre ou un créateur")
    box.press_sequentially("tanbuye", delay=40)
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions).to_be_visible()
    screenshot(page, "journey2-1-suggestions")
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/recherche\?q=tanbuye"))
    result = page.locator("[data-results]").get_by_role("link", name="Bèlè de la Lune")
    expect(result).to_be_visible()
    screenshot(page, "journey2-2-search-results")

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bèlè de la Lune")
    player = page.locator("[data-player]")
    expect(player).to_have_attribute("data-mode", "preview")
    audio = player.locator("audio")
    expect(audio).to_be_attached()
    expect(player.locator("[data-waveform]")).to_have_attribute("data-peaks", re.compile(r"[1-9]"))
    audio.evaluate("media => media.play()")
    page.wait_for_function(
        "() => document.querySelector('[data-player] audio').currentTime > 1", timeout=20_000
    )
    assert "/preview" in audio.evaluate("media => media.currentSrc")
    screenshot(page, "journey2-3-preview-playing")


def test_journey_3_a_video_plays_through_hls(page: Page, server: Server) -> None:
    base = server.base
    work = server.work_titled("Les contes de Compère Lapin")
    playlists: list[str] = []
    page.on(
        "request", lambda request: playlists.append(request.url) if ".m3u8" in request.url else None
    )

    log_in(page, base, "studio@demo.lakou.mq", DEMO_PASSWORD, f"/oeuvres/{work['id']}")
    player = page.locator("[data-player]")
    expect(player).to_have_attribute("data-mode", "full")
    expect(player).to_have_attribute("data-engine", re.compile(r"hls\.js|native-hls"))
    video = player.locator("video")
    video.evaluate("media => media.play()")
    page.wait_for_function(
        "() => document.querySelector('[data-player] video').currentTime > 1.5", timeout=30_000
    )
    assert any(url.endswith("/hls/master.m3u8") for url in playlists), playlists
    if player.get_attribute("data-engine") == "hls.js":
        assert video.evaluate("media => media.currentSrc").startswith("blob:")
    page.wait_for_timeout(300)
    screenshot(page, "journey3-video-hls")


def test_journey_4_hostile_text_renders_as_text(page: Page, server: Server) -> None:
    base = server.base
    hostile_title = "<script>window.__xss = 'title'</script>Kont"
    hostile_text = "<img src=x onerror=\"window.__xss = 'img'\"> <script>window.__xss = 1</script>"
    log_in(page, base, "tanbou@demo.lakou.mq", DEMO_PASSWORD, "/studio/oeuvres/nouvelle")
    page.get_by_label("Titre (français)").fill(hostile_title)
    page.get_by_label("Discipline").select_option("heritage")
    page.get_by_label("Présentation (français)").fill(hostile_text)
    page.get_by_label("Nom 1").fill('"><svg onload=alert(1)>')
    page.get_by_role("button", name="Créer", exact=True).click()
    expect(page.get_by_text("Œuvre créée")).to_be_visible()
    work_id = page.url.split("/studio/oeuvres/")[1].split("?")[0]
    page.get_by_role("button", name="Publier").click()
    expect(page.locator("[data-published-notice]")).to_be_visible()

    page.goto(f"{base}/oeuvres/{work_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(hostile_title)
    expect(page.locator(".description p").first).to_have_text(hostile_text)
    expect(page.get_by_text('"><svg onload=alert(1)>')).to_be_visible()
    assert page.locator(".work img[src='x']").count() == 0
    assert page.locator("main script").count() == 0
    assert page.evaluate("() => window.__xss") is None
    screenshot(page, "journey4-hostile-text-as-text")

    # The same text in the listings and in the suggestions stays text too.
    page.goto(base)
    expect(page.get_by_role("link", name=hostile_title).first).to_be_visible()
    box = page.get_by_role("combobox", name="Rechercher une œuvre ou un créateur")
    box.press_sequentially("kont", delay=40)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    assert page.evaluate("() => window.__xss") is None
