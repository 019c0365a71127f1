"""A film in French with its Creole and English versions and three subtitles, in Chromium.

The demo film "Les contes de Compère Lapin" (8 s, French) gets a Creole and an English audio
track and French, Creole and English subtitles through the API once; then, in each interface
language, its owner watches it: switches the audio to Creole and the subtitles to English, and
finds both choices again after reloading the page. Then the owner sends another audio track
(an audio description) from the studio's form, sees it made, and withdraws it.
"""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    DEMO_PASSWORD,
    Server,
    Texts,
    get_json,
    log_in,
    screenshot,
    wait_until,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

OWNER = "studio@demo.lakou.mq"
FILM = "Les contes de Compère Lapin"
LAVFI = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi"]
VTT = "WEBVTT\n\n00:00:00.200 --> 00:00:07.500\n{}\n"
# The language of the track each run sends from the studio: one per interface language, so the
# four runs never claim the same language and kind.
STUDIO_TRACK = {"fr": "pt-BR", "en": "de", "es": "it", "gcf-MQ": "ht"}


def _request(
    base: str, method: str, path: str, token: str, body: Any = None, raw: bytes | None = None
) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    data = raw
    if body is not None:
        headers["content-type"] = "application/json"
        data = json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}{path}", data=data, method=method, headers=headers
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
        text = response.read()
    return json.loads(text) if text else None


def _tone(folder: Path, name: str, frequency: int) -> Path:
    path = folder / name
    subprocess.run(
        [*LAVFI, "-i", f"sine=frequency={frequency}:duration=8", "-c:a", "aac", str(path)],
        check=True,
    )
    return path


def _send(base: str, token: str, work_id: str, path: Path, **claim: str) -> str | None:
    """Upload one version; None when an earlier run of the session already sent it."""
    data = path.read_bytes()
    body = {"filename": path.name, "size": len(data), **claim}
    try:
        upload = _request(base, "POST", f"/api/works/{work_id}/uploads", token, body)
    except urllib.error.HTTPError as error:
        if error.code == 409:
            return None
        raise
    _request(base, "PUT", f"/api/uploads/{upload['id']}/content", token, raw=data)
    return str(upload["id"])


@pytest.fixture(scope="module")
def film(server: Server, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo film with its versions, all made: its id."""
    base = server.base
    folder = tmp_path_factory.mktemp("versions")
    token = _request(
        base, "POST", "/api/auth/login", "", {"email": OWNER, "password": DEMO_PASSWORD}
    )["token"]
    work_id = str(server.work_titled(FILM)["id"])
    (folder / "fr.vtt").write_text(VTT.format("Il était une fois Compère Lapin"), "utf-8")
    (folder / "en.vtt").write_text(VTT.format("Once upon a time, Brother Rabbit"), "utf-8")
    (folder / "gcf.srt").write_text(
        "1\n00:00:00,200 --> 00:00:07,500\nKrik ! Krak ! Konpè Lapen\n", "utf-8"
    )
    sent = [
        _send(
            base,
            token,
            work_id,
            _tone(folder, "gcf.m4a", 520),
            kind="audio",
            role="audio_track",
            language="gcf-MQ",
        ),
        _send(
            base,
            token,
            work_id,
            _tone(folder, "en.m4a", 660),
            kind="audio",
            role="audio_track",
            language="en",
        ),
    ]
    for name, language in (("fr.vtt", "fr"), ("gcf.srt", "gcf-MQ"), ("en.vtt", "en")):
        sent.append(
            _send(
                base,
                token,
                work_id,
                folder / name,
                kind="subtitle",
                role="subtitle",
                language=language,
            )
        )
    for asset_id in filter(None, sent):
        wait_until(
            lambda a=asset_id: _request(base, "GET", f"/api/media/{a}", token)["status"] == "ready",
            120,
            f"the version {asset_id}",
        )
    return work_id


def test_the_viewer_switches_audio_and_subtitles_and_the_choice_holds_on_reload(
    page: Page, server: Server, t: Texts, lang: str, film: str, tmp_path: Path
) -> None:
    base = server.base
    log_in(page, t, base, OWNER, DEMO_PASSWORD, f"/oeuvres/{film}")
    player = page.locator("[data-player]")
    expect(player).to_have_attribute("data-engine", "hls.js")
    versions = player.locator("[data-player-versions]")
    expect(versions).to_contain_text(t("Versions disponibles"))
    expect(versions).to_contain_text("Kréyòl")
    expect(versions).to_contain_text("English")

    audio = player.locator("select[data-audio-choice]")
    # The film's own audio, then its versions (a studio run may have added an audio description).
    expect(audio.locator("option").first).to_have_text(t("Version originale"), timeout=30_000)
    for name in ("Kréyòl", "English"):
        expect(audio.locator("option", has_text=re.compile(rf"^{name}$"))).to_have_count(1)
    audio.select_option(label="Kréyòl")
    expect(player).to_have_attribute("data-audio", "gcf-MQ", timeout=30_000)
    subtitles = player.locator("select[data-subtitle-choice]")
    expect(subtitles).to_have_value("off")
    subtitles.select_option(label="English")
    expect(player).to_have_attribute("data-subtitles", "en")
    video = player.locator("video")
    video.evaluate("media => media.play()")
    page.wait_for_function(
        "() => document.querySelector('[data-player] video').currentTime > 1", timeout=30_000
    )
    video.evaluate("media => media.pause()")
    showing = video.evaluate(
        "media => Array.from(media.textTracks).filter(t => t.mode === 'showing').map(t => t.language)"
    )
    assert showing == ["en"]
    screenshot(page, "versions-1-creole-audio-english-subtitles")

    # Reloaded, the player takes the same audio and subtitles again.
    page.reload()
    expect(player).to_have_attribute("data-audio", "gcf-MQ", timeout=30_000)
    expect(player).to_have_attribute("data-subtitles", "en")
    expect(player.locator("select[data-audio-choice] option:checked")).to_have_text("Kréyòl")
    expect(player.locator("select[data-subtitle-choice] option:checked")).to_have_text("English")
    assert page.evaluate("() => localStorage.getItem('lakou.audio-language')") == "gcf-MQ"
    # Each version is offered as a file.
    for version in ("audio:gcf-MQ", "audio:en", "subtitles:fr", "subtitles:gcf-MQ", "subtitles:en"):
        expect(player.locator(f'[data-version-download="{version}"]')).to_have_count(1)
    screenshot(page, "versions-2-reloaded-choice-kept")

    # The owner sends an audio description from the studio.
    track = _tone(tmp_path, "description.m4a", 880)
    page.goto(f"{base}/studio/oeuvres/{film}")
    form = page.locator("form[data-audio-track-form]")
    form.locator("[data-file]").set_input_files(str(track))
    form.get_by_label(t("Langue (fr, gcf-MQ, en, es, pt-BR…)")).fill(STUDIO_TRACK[lang])
    form.get_by_label(t("Nature")).select_option("description")
    form.get_by_role("button", name=t("Envoyer")).click()
    expect(form).to_have_attribute("data-asset-status", "ready", timeout=120_000)
    expect(form.locator("[data-upload-status]")).to_contain_text(
        t("Prêt : votre média est lisible.")
    )
    screenshot(page, "versions-3-studio-audio-description")
    sent = ("audio", STUDIO_TRACK[lang], "description")
    playback = get_json(f"{base}/api/works/{film}/playback")
    assert sent in {(v["type"], v["language"], v["kind"]) for v in playback["versions"]}

    # And withdraws it: the page lists it as withdrawn, the player no longer offers it.
    page.goto(f"{base}/studio/oeuvres/{film}")
    language = page.locator(
        "[data-asset-language]", has_text=re.compile(rf"^{STUDIO_TRACK[lang]}$")
    )
    item = page.locator("ul[data-assets] > li", has=language)
    with page.expect_navigation():
        item.locator("[data-withdraw-asset]").click()
    expect(item.locator("[data-withdraw-asset]")).to_have_count(0)
    expect(item.locator("[data-asset-status]")).to_have_text(t("retiré"))
    screenshot(page, "versions-4-studio-withdrawn")
    playback = get_json(f"{base}/api/works/{film}/playback")
    assert sent not in {(v["type"], v["language"], v["kind"]) for v in playback["versions"]}
