"""Availability and a ready-made sync licence in Chromium against a real `lakou serve`, in the
four interface languages.

A musician's published song is offered for advertising sync worldwide except mainland France
(set up through the API), with the advertising tier at 1 500 € shared 60/40 between master and
publishing. A verified distributor opens the song's page, follows its availability: the world
map (Martinique a point of its own, free; France not offered), the table behind it and the
calendar. They buy the advertising tier in one step for a named campaign (a missing campaign is
refused on the page), pay through the cart and the test payment, and download the licence
certificate as a PDF.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

import facturx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, screenshot
from tests.browser.test_licensing_journey import _reload_until, _verified_partner
from tests.browser.test_market_journey import _account, _api, _sign_in_again

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _song_for_sync(tmp_path_factory: pytest.TempPathFactory, base: str, run: str) -> str:
    token = _account(tmp_path_factory, base, f"musician-{run}@example.test", "creator")
    profile = _api(
        base, "POST", "/api/creators",
        {"kind": "person", "name": f"Mizik {run}", "disciplines": ["music"]}, token,
    )  # fmt: skip
    work = _api(
        base, "POST", "/api/works",
        {"creator_id": profile["id"], "titles": {"fr": f"Bèlè {run}"}, "discipline": "music"},
        token,
    )  # fmt: skip
    _api(base, "POST", f"/api/works/{work['id']}/publish", token=token)
    holder = _api(base, "GET", f"/api/works/{work['id']}/splits", token=token)["holders"][0]
    _api(
        base, "POST", f"/api/licensing/works/{work['id']}/mandates",
        {
            "medium": "sync_advertising", "territory": "world -FR",
            "starts_on": f"{date.today().year - 1}-01-01", "exclusive": True,
            "signatory_id": holder["holder_id"],
        },
        token,
    )  # fmt: skip
    _api(
        base, "PUT", f"/api/licensing/sync/works/{work['id']}/tiers",
        {"tiers": [{"tier": "advertising", "price_cents": 150000, "master_bp": 6000}]}, token,
    )  # fmt: skip
    return str(work["id"])


def test_journey_a_distributor_sees_availability_and_buys_a_sync_licence(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    work_id = _song_for_sync(tmp_path_factory, base, run)
    distributor, licensee = _verified_partner(tmp_path_factory, base, run)

    # The song's page offers the partner its availability and a licence request.
    _sign_in_again(page, t, base, lang, distributor, f"/oeuvres/{work_id}")
    expect(page.locator("#work-ask-licence")).to_have_text(t("Demander une licence"))
    page.locator("#work-availability").click()
    page.wait_for_url(re.compile(rf".*/licences/oeuvres/{work_id}/disponibilites$"))

    # The map for advertising sync: Martinique free, apart from mainland France (not offered).
    page.locator("#availability-medium").select_option("sync_advertising")
    page.locator("#availability-show").click()
    page.wait_for_url(re.compile(r".*mode=sync_advertising.*"))
    world_map = page.locator("#availability-map svg")
    expect(world_map).to_be_visible()
    # Country names are the reader's language's (Martinica in Spanish).
    martinique = world_map.locator(
        "circle", has=page.locator("title", has_text=re.compile("^Martini"))
    )
    expect(martinique).to_have_attribute("fill", "#2f8a6e")
    expect(page.locator('#availability-table tr[data-status="exclusive"]')).to_contain_text(
        re.compile("Canad")
    )
    calendar = page.locator('#availability-calendar tr[data-group="martinique"]')
    expect(calendar.locator("td.cal.available").first).to_be_visible()
    expect(
        page.locator('#availability-calendar tr[data-group="france_metropolitan"]')
    ).to_have_count(0)
    screenshot(page, "sync-1-availability")

    # One step: a campaign must be named; then the advertising tier is bought.
    page.locator("#sync-tier-advertising").check()
    # The browser's own checks set aside, to see the server's refusal.
    page.locator("#sync-use").evaluate(
        "(i) => { i.removeAttribute('required'); i.removeAttribute('minlength') }"
    )
    page.locator("#sync-use").fill(" ")
    page.locator("#sync-buy").click()
    expect(page.locator("#sync-error")).to_be_visible()
    screenshot(page, "sync-2-refused")
    page.locator("#sync-tier-advertising").check()
    page.locator("#sync-use").fill(f"Campagne Rhum {run}")
    page.locator("#sync-buy").click()
    page.wait_for_url(re.compile(r".*/licences/synchro/[0-9a-f-]{36}$"))
    licence_url = page.url
    expect(page.locator("#licence-facts")).to_contain_text(licensee)
    expect(page.locator("#licence-facts")).to_contain_text(t.money(150000))
    screenshot(page, "sync-3-pending")

    # Paid through the cart and the test payment.
    page.locator("#sync-pay").click()
    page.wait_for_url(f"{base}/panier")
    expect(page.locator("[data-cart-item] [data-item-amount]")).to_have_text(t.money(150000))
    page.get_by_role("button", name=t("Payer"), exact=True).click()
    page.wait_for_url(re.compile(r".*/commande/[0-9a-f-]{36}$"))
    test_box = page.locator("[data-test-payment]")
    test_box.get_by_role("button", name=t("Simuler un paiement accepté")).click()
    expect(page.locator("[data-test-payment]")).to_be_hidden(timeout=30_000)

    # Granted: the licence has its number, and its certificate downloads as a PDF.
    page.goto(licence_url)
    expect(page.locator("#licence-paid")).to_be_visible()
    number = page.locator("#licence-number").inner_text()
    assert number.startswith("LKS-")
    # The worker issues the invoice (billed to the verified organisation, Martinique's 8.5 %):
    # the page links its Factur-X PDF.
    _reload_until(page, "#invoice-download", "the sync licence's invoice issued by the worker")
    invoice = page.request.get(f"{licence_url}/facture.pdf")
    assert invoice.status == 200
    _, xml = facturx.get_xml_from_pdf(invoice.body())
    assert b"<ram:CategoryCode>S</ram:CategoryCode>" in xml
    assert b"<ram:GrandTotalAmount>1500.00</ram:GrandTotalAmount>" in xml
    screenshot(page, "sync-4-paid")
    with page.expect_download() as download:
        page.locator("#certificate-download").click()
    assert download.value.suggested_filename == f"lakou-{number}.pdf"
    saved = tmp_path_factory.mktemp("certificate") / "certificate.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    page.goto(f"{base}/licences")
    expect(page.locator("#sync-bought")).to_contain_text(number)
    screenshot(page, "sync-5-licences")
