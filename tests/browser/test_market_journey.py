"""The market in Chromium against a real `lakou serve`, in each interface language.

An organiser (a verified organiser organisation) creates a market on its page with a window in
Martinique's time and publishes it; a creator's stand is opened and priced for the market
(through the API); a visitor filters the stands, opens the stand and buys at the market price
through the ordinary cart; a buyer asks for accreditation, the organiser grants it from the
market's administration page, and the buyer's badge shows its QR code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, Server, Texts, log_in, screenshot
from tests.browser.test_audit_journey import PASSWORD, _create_staff
from tests.organisation_helpers import PDF, new_siren

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _api(
    base: str,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = None,
    organisation: str | None = None,
    raw: bytes | None = None,
) -> Any:
    headers = {"content-type": "application/pdf" if raw else "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    if organisation:
        headers["x-lakou-organisation"] = organisation
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}{path}", data=data, method=method, headers=headers
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
        content = response.read()
        return json.loads(content) if content else None


def _account(tmp_path_factory: pytest.TempPathFactory, base: str, email: str, role: str) -> str:
    """An account made by `lakou createuser` (no sign-up mail, so no mail rate limit), logged in."""
    found = list({p.resolve() for p in tmp_path_factory.getbasetemp().glob("lakou-browser*/var")})
    assert len(found) == 1, found
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")}
    subprocess.run(
        [sys.executable, "-m", "lakou.cli", "createuser", "--email", email, "--role", role,
         "--display-name", email.split("@")[0], "--password-stdin"],
        input=f"{PASSWORD}\n",
        text=True,
        check=True,
        cwd=ROOT,
        env=env | {"LAKOU_VAR_DIR": str(found[0])},
        capture_output=True,
    )  # fmt: skip
    login = _api(base, "POST", "/api/auth/login", {"email": email, "password": PASSWORD})
    return str(login["token"])


def _organisation(base: str, token: str, kind: str, name: str) -> str:
    body = {
        "kind": kind,
        "name": name,
        "legal_identity": {"scheme": "siren", "number": new_siren()},
        "address": {"country": "MQ", "commune_code": "97209"},
    }
    made = _api(base, "POST", "/api/organisations", body, token)
    _api(
        base,
        "POST",
        f"/api/organisations/{made['id']}/documents?filename=kbis.pdf",
        token=token,
        raw=PDF,
    )
    _api(base, "POST", f"/api/organisations/{made['id']}/verification-request", token=token)
    return str(made["id"])


def verified_organiser(
    tmp_path_factory: pytest.TempPathFactory, base: str, run: str
) -> tuple[str, str, str]:
    """An organiser's account and its organiser organisation, verified by staff: the account's
    address, its token and the organisation's id."""
    staff_email = f"staff-market-{run}@example.test"
    _create_staff(tmp_path_factory, staff_email)
    staff = _api(base, "POST", "/api/auth/login", {"email": staff_email, "password": PASSWORD})
    organiser_email = f"organiser-{run}@example.test"
    organiser = _account(tmp_path_factory, base, organiser_email, "audience")
    festival = _organisation(base, organiser, "organiser", f"Festival {run}")
    _api(base, "POST", f"/api/staff/organisations/{festival}/verify", token=staff["token"])
    return organiser_email, organiser, festival


def published_market(
    base: str, organiser: str, festival: str, run: str, section: str, description: str
) -> dict[str, Any]:
    """A market of the organisation, through the API: open from an hour ago for three days,
    published."""
    now = datetime.now(UTC)
    market: dict[str, Any] = _api(
        base,
        "POST",
        "/api/markets",
        {
            "name": f"Marché {run}",
            "descriptions": {"fr": description},
            "sections": [section],
            "opens_at": (now - timedelta(hours=1)).isoformat(),
            "closes_at": (now + timedelta(days=3)).isoformat(),
        },
        organiser,
        festival,
    )
    _api(
        base, "POST", f"/api/markets/{market['id']}/publish", token=organiser, organisation=festival
    )
    return market


def _sign_in_again(page: Page, t: Texts, base: str, lang: str, email: str, path: str) -> None:
    """Another person at the same browser: signed out, the language chosen again."""
    page.context.clear_cookies()
    page.goto(f"{base}/?lang={lang}")
    log_in(page, t, base, email, PASSWORD, path)


def test_journey_a_market_from_its_creation_to_a_badge(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    organiser_email, organiser, festival = verified_organiser(tmp_path_factory, base, run)

    # The organiser creates the market on its page: a window in Martinique's time.
    log_in(page, t, base, organiser_email, PASSWORD, "/marches/organiser")
    now = datetime.now(UTC).astimezone(ZoneInfo("America/Martinique"))
    page.get_by_label(t("Nom"), exact=True).fill(f"Marché Lakou {run}")
    page.get_by_label(t("Édition"), exact=True).fill("2027")
    page.get_by_label(t("Ouverture"), exact=True).fill(
        (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label(t("Fermeture"), exact=True).fill(
        (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    )
    page.locator("textarea[name=description_fr]").fill("Le marché des ICC de Martinique.")
    page.locator("textarea[name=description_gcf-MQ]").fill("Mawché ICC Matinik.")
    page.locator("input[name=sections][value=music]").check()
    page.locator("input[name=sections][value=film]").check()
    screenshot(page, "market-1-create")
    page.get_by_role("button", name=t("Créer le marché"), exact=True).click()
    expect(page.locator("[data-market-state]")).to_have_text(t("Brouillon"))
    page.get_by_role("button", name=t("Publier"), exact=True).click()
    expect(page.locator("[data-market-state]")).to_have_text(t("Ouvert"))
    market_id = page.url.rstrip("/").split("/")[-2]
    market = _api(base, "GET", f"/api/markets/{market_id}")
    screenshot(page, "market-2-admin")

    # Its poster, sent from the visuals page, shows there and on the market's public page.
    poster = tmp_path_factory.mktemp("visuals") / "affiche.png"
    Image.new("RGB", (600, 900), (200, 90, 40)).save(poster)
    page.locator("#market-visuals").click()
    page.locator("#visual-form-poster input[type=file]").set_input_files(str(poster))
    page.locator("#visual-form-poster button[type=submit]").click()
    expect(page.locator("#visual-poster .visual-preview img")).to_be_visible()
    expect(page.locator("#visual-poster")).to_contain_text("600 \u00d7 900")
    screenshot(page, "market-2b-visuals")
    page.goto(f"{base}/marches/{market['slug']}")
    expect(page.locator(".market-poster img")).to_be_visible()

    # A creator's stand, a work on it with its everyday and market prices.
    creator_email = f"creator-{run}@example.test"
    creator = _account(tmp_path_factory, base, creator_email, "creator")
    profile = _api(
        base,
        "POST",
        "/api/creators",
        {"kind": "person", "name": f"Tanbou {run}", "disciplines": ["music"]},
        creator,
    )
    work = _api(
        base,
        "POST",
        "/api/works",
        {"creator_id": profile["id"], "titles": {"fr": f"Bèlè {run}"}, "discipline": "music"},
        creator,
    )
    _api(base, "POST", f"/api/works/{work['id']}/publish", token=creator)
    _api(
        base,
        "PUT",
        f"/api/works/{work['id']}/offer",
        {"pricing": "fixed", "price_cents": 1200},
        creator,
    )
    stand = _api(
        base,
        "POST",
        f"/api/markets/{market_id}/stands",
        {"exhibitor_kind": "creator", "creator_id": profile["id"]},
        organiser,
        festival,
    )
    _api(
        base,
        "PUT",
        f"/api/stands/{stand['id']}",
        {"presentations": {"fr": "Tambours bèlè."}, "tables": 2},
        creator,
    )
    _api(base, "PUT", f"/api/stands/{stand['id']}/works", {"work_ids": [work["id"]]}, creator)
    _api(
        base,
        "PUT",
        f"/api/stands/{stand['id']}/works/{work['id']}/market-price",
        {"pricing": "fixed", "price_cents": 800},
        creator,
    )

    # A buyer (a distributor) filters the stands, buys at the market price, asks for accreditation.
    buyer_email = f"buyer-{run}@example.test"
    buyer = _account(tmp_path_factory, base, buyer_email, "audience")
    _api(
        base,
        "POST",
        "/api/organisations",
        {
            "kind": "association",
            "name": f"Lanmè {run}",
            "address": {"country": "MQ", "commune_code": "97209"},
        },
        buyer,
    )
    _sign_in_again(page, t, base, lang, buyer_email, f"/marches/{market['slug']}")
    expect(page.locator("[data-window]")).to_contain_text(t("heure de la Martinique"))
    page.locator("#stand-filters select[name=discipline]").select_option("film")
    page.get_by_role("button", name=t("Filtrer"), exact=True).click()
    expect(page.get_by_text(t("Aucun stand ne correspond."))).to_be_visible()
    page.locator("#stand-filters select[name=discipline]").select_option("music")
    page.get_by_role("button", name=t("Filtrer"), exact=True).click()
    # The filter is a form: wait for its answer before looking at (and screenshotting) it.
    stand = page.get_by_role("link", name=f"Tanbou {run}")
    expect(stand).to_be_visible()
    screenshot(page, "market-3-stands")
    stand.click()
    expect(page.locator("[data-market-price]")).to_have_text(t.money(800))
    expect(page.locator("#stand-works")).to_contain_text(
        t("ailleurs %(amount)s", amount=t.money(1200))
    )
    screenshot(page, "market-4-stand")
    page.get_by_role("button", name=t("Acheter au prix du marché"), exact=True).click()
    page.wait_for_url(f"{base}/panier")
    expect(page.locator("main")).to_contain_text(t.money(800))
    screenshot(page, "market-5-cart")

    page.goto(f"{base}/marches/{market['slug']}/accreditation")
    page.locator("#accreditation-form select[name=category]").select_option("buyer")
    page.get_by_role("button", name=t("Demander l'accréditation"), exact=True).click()
    expect(page.locator("[data-accreditation-state]")).to_have_text(t("Demandée"))

    # The organiser grants it from the market's administration page.
    _sign_in_again(page, t, base, lang, organiser_email, f"/marches/{market_id}/gestion")
    page.locator("[data-grant]").first.click()
    expect(page.locator("#accreditations")).to_contain_text(t("Accordée"))

    # The buyer's badge: its QR code.
    _sign_in_again(page, t, base, lang, buyer_email, f"/marches/{market['slug']}/accreditation")
    page.get_by_role("link", name=t("Mon badge"), exact=True).click()
    expect(page.locator("#badge svg")).to_be_visible()
    expect(page.locator("[data-badge-category]")).to_have_text(t("Acheteur"))
    screenshot(page, "market-6-badge")
    token = page.locator("[data-badge-token]").text_content() or ""
    check = _api(
        base, "GET", f"/api/markets/{market_id}/badges/verify?token={token}", token=organiser
    )
    assert check["current"] is True
