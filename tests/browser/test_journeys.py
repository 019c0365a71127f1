"""The four journeys of the web pages, in Chromium against a real `lakou serve`.

1. A creator signs up, creates a work, uploads an audio file (surviving a dropped connection),
   watches the processing reach ready, sets a price (5,00 €) and a split sheet (60/40) in the
   studio, and publishes.
2. A visitor searches with a typo, finds the work and plays its preview (time advances), then
   signs up, logs in, adds the work to the cart, checks out as Martinique, pays with the test
   payment, plays the work in full and downloads it from the library.
3. A video work plays through HLS in the player.
4. A description with <script> and an onerror= attribute renders as text.

Buttons and labels are found, and texts checked, through `t`, the catalogues the server uses.
Journey 2 (search, work page, sign-up, login, cart, checkout, library: the widest walk) runs in
French, English, Spanish and Martinican Creole; journey 1 in English and in Creole (the Creole
interface shows the creator's Creole title); the others in one language each, in turn (see
`tests/browser/conftest.py`).
"""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import (
    DEMO_PASSWORD,
    Server,
    Texts,
    log_in,
    screenshot,
    wait_until,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]


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


# Both sides of the title check below: the Creole title, and the French one in another language.
@pytest.mark.parametrize("lang", ["en", "gcf-MQ"])
def test_journey_1_creator_signs_up_uploads_and_publishes(
    page: Page, server: Server, t: Texts, tmp_path: Path
) -> None:
    base = server.base
    email = f"createur-{uuid.uuid4().hex[:8]}@example.test"
    password = "un mot de passe long"

    page.goto(f"{base}/inscription")
    page.get_by_label(t("Nom affiché")).fill("Man Ya")
    page.get_by_label(t("Adresse e-mail")).fill(email)
    page.get_by_label(t("Mot de passe")).fill(password)
    page.get_by_label(t("Je suis")).select_option("creator")
    page.get_by_role("button", name=t("Créer un compte")).click()
    expect(page.get_by_role("status")).to_have_text(
        t(
            "Si cette adresse était libre, votre compte est créé : confirmez-la avec le lien "
            "reçu par e-mail, puis connectez-vous."
        )
    )
    screenshot(page, "journey1-1-signed-up")

    log_in(page, t, base, email, password, "/studio")
    page.get_by_label(t("Nom"), exact=True).fill("Man Ya")
    page.get_by_label(t("Commune")).select_option(label="Sainte-Marie")
    page.get_by_role("button", name=t("Créer"), exact=True).click()
    page.get_by_role("link", name=f"+ {t('Nouvelle œuvre')}").click()

    page.get_by_label(t("Titre (français)")).fill("Chanté mòn")
    page.get_by_label(t("Titre (créole)")).fill("Chanté mòn an lannuit")
    page.get_by_label(t("Discipline")).select_option("music")
    page.get_by_label(t("Présentation (français)")).fill("Un chant des mornes, voix et tanbou.")
    page.get_by_label(f"{t('Nom')} 1").fill("Man Ya")
    page.get_by_label(f"{t('Rôle')} 1").select_option("performer")
    page.get_by_role("button", name=t("Créer"), exact=True).click()
    expect(page.get_by_text(t("Œuvre créée. Envoyez maintenant son fichier."))).to_be_visible()
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
    expect(upload.get_by_label(t("Type de média"))).to_have_value("audio")
    upload.get_by_label(t("Début de l'extrait (secondes)")).fill("2")
    upload.get_by_label(t("Durée de l'extrait (secondes)")).fill("8")
    upload.get_by_role("button", name=t("Envoyer")).click()
    expect(upload).to_have_attribute("data-asset-status", "ready", timeout=120_000)
    assert dropped, "the dropped connection was not simulated"
    assert upload.get_attribute("data-resumed") == "1"
    expect(upload.locator("[data-upload-bar]")).to_have_attribute("value", "100")
    expect(upload.locator("[data-processing-bar]")).to_have_attribute("value", "100")
    expect(upload.locator("[data-upload-status]")).to_contain_text(
        t("Prêt : votre média est lisible.")
    )
    screenshot(page, "journey1-2-studio-upload-ready")

    # The price and the split sheet, before publishing.
    page.goto(f"{base}/studio/oeuvres/{work_id}")
    page.locator("#tab-offers").click()
    offers = page.locator("#studio-offers")
    offers.get_by_label(t("Prix fixe")).check()
    offers.get_by_label(t("Prix (€)"), exact=True).fill("5,00")
    offers.get_by_role("button", name=t("Enregistrer l'offre")).click()
    expect(offers.locator("[data-offer-status]")).to_have_text(t("Enregistré."))
    expect(offers.locator("[data-current-offer]")).to_have_text(t.money(500))

    page.locator("#tab-splits").click()
    splits = page.locator("#studio-splits")
    share = t("Part (%%)")
    expect(splits.get_by_label(f"{share} 1")).to_have_value(
        t.amount(10_000)
    )  # the owner, by default
    splits.get_by_label(f"{t('Ayant droit')} 1").fill("Man Ya")
    splits.get_by_label(f"{t('Rôle')} 1").select_option("performer")
    splits.get_by_label(f"{share} 1").fill("60")
    splits.get_by_role("button", name=t("+ Ajouter un ayant droit")).click()
    splits.get_by_label(f"{t('Ayant droit')} 2").fill("Ti Jo")
    splits.get_by_label(f"{t('Rôle')} 2").select_option("composer")
    splits.get_by_label(f"{share} 2").fill("30")
    expect(splits.locator("[data-split-total]")).to_have_text(re.compile(r"90[,.]00\s?%"))
    splits.get_by_role("button", name=t("Enregistrer le partage")).click()  # refused: 90 %
    expect(splits.locator("[data-splits-status]")).to_contain_text("10000")
    splits.get_by_label(f"{share} 2").fill("40")
    expect(splits.locator("[data-split-total]")).to_have_text(re.compile(r"100[,.]00\s?%"))
    splits.get_by_role("button", name=t("Enregistrer le partage")).click()
    expect(splits.locator("[data-splits-status]")).to_have_text(t("Enregistré."))
    screenshot(page, "journey1-3-studio-splits")

    page.goto(f"{base}/studio/oeuvres/{work_id}")
    expect(page.locator("#studio-offers [data-current-offer]")).to_have_text(t.money(500))
    expect(page.locator("#studio-splits [data-split-version]")).to_have_text(
        re.compile(re.escape(t("Version %(version)s", version=1)))
    )
    expect(page.locator("#studio-splits").get_by_label(f"{share} 2")).to_have_value(t.amount(4_000))
    page.get_by_role("button", name=t("Publier")).click()
    expect(page.locator("[data-published-notice]")).to_be_visible()
    expect(page.locator("[data-work-status]")).to_have_text(t("Publiée"))
    screenshot(page, "journey1-4-published")

    page.goto(f"{base}/oeuvres/{work_id}")
    # The Creole interface shows the Creole title the creator gave.
    heading = "Chanté mòn an lannuit" if t.lang == "gcf-MQ" else "Chanté mòn"
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("[data-player]")).to_have_attribute("data-mode", "full")
    expect(page.locator("[data-waveform]")).to_be_visible()
    # The owner sees the price they set and a way back to the studio.
    expect(page.locator("#offers .price")).to_have_text(t.money(500))
    screenshot(page, "journey1-5-public-page")


def _price_demo_work(base: str, title: str, cents: int) -> str:
    """The demo creator sells the work (bearer token from the API's login)."""
    login = {"email": "tanbou@demo.lakou.mq", "password": DEMO_PASSWORD}
    token = _api(base, "POST", "/api/auth/login", login)["token"]
    work_id = str(Server(base).work_titled(title)["id"])
    _api(
        base,
        "PUT",
        f"/api/works/{work_id}/offer",
        {"pricing": "fixed", "price_cents": cents},
        token,
    )
    return work_id


@pytest.mark.every_language
def test_journey_2_visitor_finds_a_work_plays_the_preview_buys_it_and_downloads_it(
    page: Page, server: Server, t: Texts
) -> None:
    base = server.base
    work_id = _price_demo_work(base, "Bèlè de la Lune", 800)
    # The creator gave a Creole title: the Creole interface shows it.
    title = "Bèlè lalin" if t.lang == "gcf-MQ" else "Bèlè de la Lune"
    # The order's lines keep the title the work was sold under (its French one).
    sold_as = "Bèlè de la Lune"
    page.goto(base)
    box = page.get_by_role("combobox", name=t("Rechercher une œuvre ou un créateur"))
    box.press_sequentially("tanbuye", delay=40)
    suggestions = page.get_by_role("listbox", name=t("Suggestions"))
    expect(suggestions).to_be_visible()
    screenshot(page, "journey2-1-suggestions")
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/recherche\?q=tanbuye"))
    result = page.locator("[data-results]").get_by_role("link", name=title)
    expect(result).to_be_visible()
    screenshot(page, "journey2-2-search-results")

    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
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

    # Buying: anonymous visitors are sent to the login page first.
    offers = page.locator("#offers")
    expect(offers.locator(".price")).to_have_text(t.money(800))
    offers.get_by_role("link", name=t("Ajouter au panier")).click()
    page.wait_for_url(re.compile(r".*/connexion\?next="))
    email = f"visiteur-{uuid.uuid4().hex[:8]}@example.test"
    password = "un mot de passe long"
    page.goto(f"{base}/inscription")
    page.get_by_label(t("Nom affiché")).fill("Ti Jo")
    page.get_by_label(t("Adresse e-mail")).fill(email)
    page.get_by_label(t("Mot de passe")).fill(password)
    page.get_by_role("button", name=t("Créer un compte")).click()
    expect(page.get_by_role("status")).to_have_text(
        t(
            "Si cette adresse était libre, votre compte est créé : confirmez-la avec le lien "
            "reçu par e-mail, puis connectez-vous."
        )
    )
    log_in(page, t, base, email, password, f"/oeuvres/{work_id}")

    page.locator("#offers").get_by_role("button", name=t("Ajouter au panier")).click()
    page.wait_for_url(f"{base}/panier")
    item = page.locator("[data-cart-item]")
    expect(item).to_have_count(1)
    expect(item.locator("[data-item-title]")).to_have_text(title)
    expect(item.locator("[data-item-amount]")).to_have_text(t.money(800))
    expect(page.get_by_label(t("Pays de résidence"))).to_have_value("MQ")
    page.get_by_label(t("Pays de résidence")).select_option("MQ")
    screenshot(page, "journey2-4-cart")
    page.get_by_role("button", name=t("Payer"), exact=True).click()

    page.wait_for_url(re.compile(r".*/commande/[0-9a-f-]{36}$"))
    receipt = page.locator("[data-receipt]")
    expect(receipt.locator("[data-line-title]")).to_have_text(sold_as)
    expect(receipt.locator("[data-line-net]")).to_have_text(t.money(737))
    expect(receipt.locator("[data-line-vat]")).to_contain_text(t.money(63))
    expect(receipt.locator("[data-line-vat]")).to_contain_text(t.rate(850))
    expect(receipt.locator("[data-total-gross]")).to_have_text(t.money(800))
    test_box = page.locator("[data-test-payment]")
    expect(test_box).to_be_visible()
    expect(test_box).to_contain_text(t("Paiement de test — aucun argent ne circule"))
    test_box.get_by_role("button", name=t("Simuler un paiement accepté")).click()
    thanks = page.locator('[data-outcome="fulfilled"]')
    expect(thanks).to_be_visible(timeout=30_000)
    expect(thanks).to_contain_text(t("Merci ! L'œuvre est dans votre bibliothèque"))
    expect(page.locator("[data-order-status]")).to_have_text(t("Livrée"))
    expect(page.locator("[data-test-payment]")).to_be_hidden()
    screenshot(page, "journey2-5-checkout-success")
    # The receipt as a PDF: linked from the page, issued by the worker moments after payment.
    pdf_link = thanks.get_by_role("link", name=t("Télécharger le reçu (PDF)"))
    expect(pdf_link).to_be_visible()
    pdf_url = f"{base}{pdf_link.get_attribute('href')}"
    receipt_pdf = wait_until(
        lambda: (answer := page.request.get(pdf_url)).ok and answer.body(), 30, "the receipt PDF"
    )
    assert receipt_pdf.startswith(b"%PDF-")

    # The whole work now plays.
    thanks.get_by_role(
        "link", name=re.compile(re.escape(t("Écouter : %(title)s", title=sold_as)))
    ).click()
    page.wait_for_url(f"{base}/oeuvres/{work_id}")
    expect(page.locator("#offers [data-owned]")).to_be_visible()
    player = page.locator("[data-player]")
    expect(player).to_have_attribute("data-mode", "full")
    expect(player.locator("[data-player-mode]")).to_have_text(t("Intégral"))
    full_audio = player.locator("audio")
    full_audio.evaluate("media => media.play()")
    page.wait_for_function(
        "() => document.querySelector('[data-player] audio').currentTime > 1.5", timeout=30_000
    )
    assert "/preview" not in full_audio.evaluate("media => media.currentSrc")
    screenshot(page, "journey2-6-full-playing")

    # The library: a counted download, saved by the browser.
    page.locator("#nav-library").click()
    page.wait_for_url(f"{base}/bibliotheque")
    owned = page.locator(f'[data-owned="{work_id}"]')
    expect(owned.locator("[data-owned-title]")).to_have_text(title)
    expect(owned.locator("[data-downloads-left]")).to_have_text("10")
    with page.expect_download() as download_info:
        owned.get_by_role("button", name="⬇ MP3").click()
    saved = download_info.value.path()
    head = saved.read_bytes()[:3]
    assert saved.stat().st_size > 10_000
    assert head == b"ID3" or head[:1] == b"\xff", head
    expect(owned.locator("[data-downloads-left]")).to_have_text("9")
    screenshot(page, "journey2-7-library")

    # The same link through the page's own session: 200 with audio.
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    link = page.request.post(
        f"{base}/api/library/{work_id}/downloads",
        data={"format": "download_flac"},
        headers={"X-CSRFToken": csrf},
    )
    assert link.status == 201, link.text()
    audio_file = page.request.get(f"{base}{link.json()['url']}")
    assert audio_file.status == 200
    assert audio_file.headers["content-type"].startswith("audio/"), audio_file.headers
    assert len(audio_file.body()) > 10_000

    # The receipt: counted beside the menu entry once the worker has told the buyer, listed in
    # the centre, and mailed (the embedded default's development mailbox shows it).
    receipt_line = t("Votre reçu Lakou : {total}").replace("{total}", t.money(800))

    def counted() -> bool:
        page.reload()
        count = page.locator("#nav-notifications .count")
        return count.count() == 1 and count.inner_text() == "1"

    wait_until(counted, 30, "the unread count beside Notifications")
    screenshot(page, "journey2-8-notification-count")
    page.locator("#nav-notifications").click()
    page.wait_for_url(f"{base}/notifications")
    expect(page.locator(".notification.unread")).to_contain_text(receipt_line)
    screenshot(page, "journey2-9-notification-centre")
    page.get_by_role("button", name=t("Tout marquer comme lu")).click()
    expect(page.locator(".notification.unread")).to_have_count(0)
    expect(page.locator("#nav-notifications .count")).to_have_count(0)
    # Choices: the receipt's mail cannot be turned off; the centre's line for it can.
    page.get_by_role("link", name=t("Choisir ce que je reçois")).click()
    receipt_row = page.get_by_role("row").filter(has_text=t("Le reçu de chacun de mes achats"))
    expect(receipt_row.get_by_role("checkbox", name=t("E-mail"))).to_be_disabled()
    receipt_row.get_by_role("checkbox", name=t("Centre")).uncheck()
    page.get_by_role("button", name=t("Enregistrer")).click()
    expect(page.get_by_role("status")).to_have_text(t("Vos choix sont enregistrés."))
    expect(receipt_row.get_by_role("checkbox", name=t("Centre"))).not_to_be_checked()
    screenshot(page, "journey2-9b-notification-choices")
    page.goto(f"{base}/dev/courrier")
    page.get_by_role("link", name=receipt_line).first.click()
    expect(page.locator("pre.mail-text")).to_contain_text(
        t("Paiement de test : aucun argent n'a été prélevé.")
    )
    screenshot(page, "journey2-10-receipt-mail")

    # The seller's sale notice offers a one-click unsubscribe; its page asks before acting.
    page.goto(f"{base}/dev/courrier")
    # Written in the seller's language: the demo creator's account is French.
    page.get_by_role("link", name=re.compile(r"^Vente : « Bèlè de la Lune »")).first.click()
    unsubscribe = next(
        word
        for word in page.locator("pre.mail-text").inner_text().split()
        if "/desabonnement" in word
    )
    page.goto(unsubscribe)
    page.get_by_role("button", name=t("Me désabonner")).click()
    expect(page.get_by_role("status")).to_contain_text(
        t("Quand quelqu'un achète l'une de mes œuvres")
    )
    screenshot(page, "journey2-11-unsubscribed")


def test_journey_3_a_video_plays_through_hls(page: Page, server: Server, t: Texts) -> None:
    base = server.base
    work = server.work_titled("Les contes de Compère Lapin")
    playlists: list[str] = []
    page.on(
        "request", lambda request: playlists.append(request.url) if ".m3u8" in request.url else None
    )

    log_in(page, t, base, "studio@demo.lakou.mq", DEMO_PASSWORD, f"/oeuvres/{work['id']}")
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


def test_journey_4_hostile_text_renders_as_text(page: Page, server: Server, t: Texts) -> None:
    base = server.base
    hostile_title = "<script>window.__xss = 'title'</script>Kont"
    hostile_text = "<img src=x onerror=\"window.__xss = 'img'\"> <script>window.__xss = 1</script>"
    log_in(page, t, base, "tanbou@demo.lakou.mq", DEMO_PASSWORD, "/studio/oeuvres/nouvelle")
    page.get_by_label(t("Titre (français)")).fill(hostile_title)
    page.get_by_label(t("Discipline")).select_option("heritage")
    page.get_by_label(t("Présentation (français)")).fill(hostile_text)
    page.get_by_label(f"{t('Nom')} 1").fill('"><svg onload=alert(1)>')
    page.get_by_role("button", name=t("Créer"), exact=True).click()
    expect(page.get_by_text(t("Œuvre créée. Envoyez maintenant son fichier."))).to_be_visible()
    work_id = page.url.split("/studio/oeuvres/")[1].split("?")[0]
    page.get_by_role("button", name=t("Publier")).click()
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
    box = page.get_by_role("combobox", name=t("Rechercher une œuvre ou un créateur"))
    box.press_sequentially("kont", delay=40)
    expect(page.get_by_role("listbox", name=t("Suggestions"))).to_be_visible()
    assert page.evaluate("() => window.__xss") is None
