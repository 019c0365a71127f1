"""A licence deal in Chromium against a real `lakou serve`, in the four interface languages.

A producer's published film has an exclusive SVOD mandate for North America (set up through
the API). A verified Canadian distributor asks for a licence on the request page; a period that
ends before it starts is refused on the page. The producer finds the request among theirs and
quotes; the distributor accepts; the worker draws the contract, which both sides accept on the
deal page; the worker issues the Factur-X invoice, which both read; the distributor pays through
the ordinary cart and the test payment; the deal page then says the licence is granted, the
master the producer uploads downloads from the deal page through a counted link, and the film is
in the distributor's library.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

import facturx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, screenshot, wait_until
from tests.browser.test_audit_journey import _create_staff
from tests.browser.test_market_journey import PASSWORD, _account, _api, _sign_in_again
from tests.organisation_helpers import new_siren

pytestmark = [pytest.mark.slow, pytest.mark.browser]
YEAR = date.today().year + 2


def _verified_partner(
    tmp_path_factory: pytest.TempPathFactory, base: str, run: str
) -> tuple[str, str]:
    """A distributor's account (its address) and its export partner organisation, verified."""
    staff_email = f"staff-licensing-{run}@example.test"
    _create_staff(tmp_path_factory, staff_email)
    staff = _api(base, "POST", "/api/auth/login", {"email": staff_email, "password": PASSWORD})
    email = f"distributor-{run}@example.test"
    token = _account(tmp_path_factory, base, email, "audience")
    body = {
        "kind": "export_partner",
        "partner_kind": "distributor",
        "name": f"Distribution Montréal {run}",
        "legal_identity": {"scheme": "siren", "number": new_siren()},
        "address": {"country": "MQ", "commune_code": "97209"},
    }
    made = _api(base, "POST", "/api/organisations", body, token)
    _api(
        base,
        "POST",
        f"/api/organisations/{made['id']}/documents?filename=kbis.pdf",
        token=token,
        raw=b"%PDF-1.4\n% partner\n%%EOF\n",
    )
    _api(base, "POST", f"/api/organisations/{made['id']}/verification-request", token=token)
    _api(base, "POST", f"/api/staff/organisations/{made['id']}/verify", token=staff["token"])
    return email, str(made["name"])


def _reload_until(page: Page, selector: str, what: str) -> None:
    def there() -> bool:
        page.reload()
        return page.locator(selector).count() == 1

    wait_until(there, 60, what)


def _film_with_mandate(
    tmp_path_factory: pytest.TempPathFactory, base: str, run: str
) -> tuple[str, str, str]:
    email = f"producer-{run}@example.test"
    token = _account(tmp_path_factory, base, email, "creator")
    profile = _api(
        base,
        "POST",
        "/api/creators",
        {"kind": "person", "name": f"Prodiksyon {run}", "disciplines": ["film"]},
        token,
    )
    work = _api(
        base,
        "POST",
        "/api/works",
        {"creator_id": profile["id"], "titles": {"fr": f"Lanmè {run}"}, "discipline": "film"},
        token,
    )
    _api(base, "POST", f"/api/works/{work['id']}/publish", token=token)
    holder = _api(base, "GET", f"/api/works/{work['id']}/splits", token=token)["holders"][0]
    _api(
        base,
        "POST",
        f"/api/licensing/works/{work['id']}/mandates",
        {
            "medium": "svod",
            "territory": "north_america",
            "starts_on": f"{YEAR}-01-01",
            "ends_on": f"{YEAR + 2}-12-31",
            "exclusive": True,
            "signatory_id": holder["holder_id"],
        },
        token,
    )
    return email, str(work["id"]), token


def test_journey_a_distributor_licenses_a_film_and_pays(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    producer, work_id, producer_token = _film_with_mandate(tmp_path_factory, base, run)
    distributor, licensee = _verified_partner(tmp_path_factory, base, run)

    # The distributor asks; a period ending before it starts is refused on the page.
    _sign_in_again(page, t, base, lang, distributor, f"/licences/demander/{work_id}")
    page.locator("#request-medium").select_option("svod")
    page.locator("#request-territory").fill("CA")
    page.locator("#request-start").fill(f"{YEAR}-01-01")
    page.locator("#request-end").fill(f"{YEAR - 1}-12-31")
    page.locator("#request-exclusive").check()
    page.locator("#request-use").fill("SVOD au Québec")
    page.locator("#request-send").click()
    expect(page.locator("#request-error")).to_be_visible()
    screenshot(page, "licensing-1-refused")
    page.locator("#request-territory").fill("CA")
    page.locator("#request-start").fill(f"{YEAR}-01-01")
    page.locator("#request-end").fill(f"{YEAR}-12-31")
    page.locator("#request-exclusive").check()
    page.locator("#request-send").click()
    page.wait_for_url(re.compile(r".*/licences/[0-9a-f-]{36}$"))
    deal_url = page.url
    expect(page.locator("#deal-state")).to_have_attribute("data-deal-state", "requested")
    screenshot(page, "licensing-2-requested")

    # The producer finds it among the requests to answer, and quotes 1,200 €.
    _sign_in_again(page, t, base, lang, producer, "/licences")
    expect(page.locator("#deals-answering")).to_contain_text(licensee)
    screenshot(page, "licensing-3-to-answer")
    page.locator("#deals-answering a").first.click()
    page.locator("#offer-price").fill("1200")
    page.locator("#offer-expiry").fill(f"{YEAR - 1}-12-31")
    page.locator("#offer-terms").fill("Sous-titres fr et en")
    page.locator("#offer-deliverable-master").check()
    page.locator("#offer-deliverable-subtitles").check()
    page.locator("#offer-send").click()
    expect(page.locator("#deal-state")).to_have_attribute("data-deal-state", "offered")
    expect(page.locator("#deal-offer")).to_contain_text(t.money(120000))
    screenshot(page, "licensing-4-offered")

    # The distributor accepts, then pays through the cart and the test payment.
    _sign_in_again(page, t, base, lang, distributor, deal_url.removeprefix(base))
    page.locator("#deal-accept").click()
    expect(page.locator("#deal-state")).to_have_attribute("data-deal-state", "accepted")
    screenshot(page, "licensing-5-accepted")

    # The worker draws the contract; the distributor reads it and accepts it, giving its
    # billing country (Canada: outside the EU, no French VAT on the invoice).
    _reload_until(page, "#contract-download", "the contract drawn by the worker")
    pdf = page.request.get(f"{deal_url}/contrat.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    page.locator("#contract-country").fill("CA")
    page.locator("#contract-address").fill("Montréal, Québec")
    page.locator("#contract-name").fill("Mireille Tremblay")
    page.locator("#contract-accept").click()
    expect(page.locator("#contract-acceptances")).to_contain_text("Mireille Tremblay")
    expect(page.locator("#contract-form")).to_have_count(0)
    expect(page.locator("#deal-pay")).to_have_count(0)  # the rights side has not accepted yet
    screenshot(page, "licensing-5b-contract-partner")

    # The producer accepts it too; the worker issues the Factur-X invoice.
    _sign_in_again(page, t, base, lang, producer, deal_url.removeprefix(base))
    page.locator("#contract-name").fill("Man Ya")
    page.locator("#contract-accept").click()
    expect(page.locator("#contract-acceptances")).to_contain_text("Man Ya")
    _reload_until(page, "#invoice-download", "the invoice issued by the worker")
    screenshot(page, "licensing-5c-invoiced")
    invoice = page.request.get(f"{deal_url}/facture.pdf")
    assert invoice.status == 200
    _, xml = facturx.get_xml_from_pdf(invoice.body())
    assert b"<ram:GrandTotalAmount>1200.00</ram:GrandTotalAmount>" in xml
    assert b"<ram:CategoryCode>G</ram:CategoryCode>" in xml

    _sign_in_again(page, t, base, lang, distributor, deal_url.removeprefix(base))
    expect(page.locator("#invoice-summary")).to_contain_text(t.money(120000))
    page.locator("#deal-pay").click()
    page.wait_for_url(f"{base}/panier")
    expect(page.locator("[data-cart-item] [data-item-amount]")).to_have_text(t.money(120000))
    page.get_by_role("button", name=t("Payer"), exact=True).click()
    page.wait_for_url(re.compile(r".*/commande/[0-9a-f-]{36}$"))
    test_box = page.locator("[data-test-payment]")
    test_box.get_by_role("button", name=t("Simuler un paiement accepté")).click()
    expect(page.locator("[data-test-payment]")).to_be_hidden(timeout=30_000)

    # Licensed: the deal says so, and the film is in the distributor's library.
    page.goto(deal_url)
    expect(page.locator("#deal-state")).to_have_attribute(
        "data-deal-state", "licensed", timeout=30_000
    )
    expect(page.locator("#deal-licensed")).to_be_visible()
    screenshot(page, "licensing-6-licensed")

    # The producer uploads the master (through the API); the distributor downloads it from the
    # deal page, by a counted link of its own. The subtitles are not there yet.
    deal_id = deal_url.rsplit("/", 1)[1]
    items = _api(base, "GET", f"/api/licensing/deals/{deal_id}/deliverables", token=producer_token)
    master = next(item for item in items if item["kind"] == "master")
    _api(
        base,
        "PUT",
        f"/api/licensing/deals/{deal_id}/deliverables/{master['id']}/file",
        token=producer_token,
        raw=b"%PDF-1.4\n% master stand-in\n%%EOF\n",
    )
    page.reload()
    expect(page.locator("#deliverable-get-subtitles")).to_have_count(0)
    screenshot(page, "licensing-6b-deliverables")
    with page.expect_download() as download:
        page.locator("#deliverable-get-master").click()
    with open(download.value.path(), "rb") as delivered:
        assert delivered.read().startswith(b"%PDF-1.4")
    page.locator("#deal-library").click()
    expect(page.locator("[data-owned-title]")).to_contain_text(f"Lanmè {run}")
    screenshot(page, "licensing-7-library")


def test_journey_staff_open_the_licence_transfers_page(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The back office's page for bank transfers received, in each language (recording one is
    tested through the same page in tests/integration/test_licensing_paperwork.py)."""
    base = server.base
    email = f"staff-transfers-{uuid.uuid4().hex[:8]}@example.test"
    _create_staff(tmp_path_factory, email)
    _sign_in_again(page, t, base, lang, email, "/staff/licences/virements")
    expect(page.locator("#transfers-title")).to_have_text(t("Virements des licences"))
    screenshot(page, "licensing-8-staff-transfers")
