"""The rights side by organisation, in Chromium against a real `lakou serve`, in one language
(the rotation of tests/browser/conftest.py).

A producer has their production company hold a TVOD mandate on their film, from the studio's
rights page. A distributor asks for a licence under it. A colleague of the company, who does
not own the film, joins from the mailed invitation, finds the request among those to answer,
quotes from the deal page and, once the distributor accepted, accepts the contract with the
company invoicing itself: the form asks only its VAT status, and the Factur-X invoice names the
company as the organisations module holds it (its legal name and address).
"""

from __future__ import annotations

import uuid
from typing import Any

import facturx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, screenshot, wait_until
from tests.browser.test_licensing_journey import (
    YEAR,
    _film_with_mandate,
    _reload_until,
    _verified_partner,
)
from tests.browser.test_licensing_organisation_journey import _invitation_link
from tests.browser.test_market_journey import PASSWORD, _account, _api, _sign_in_again
from tests.organisation_helpers import new_siren

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _company(base: str, token: str, run: str) -> tuple[str, str]:
    """The producer's production company, its French VAT number as legal identity."""
    siren = new_siren()
    name = f"Kannari Films {run}"
    body = {
        "kind": "cultural_company",
        "name": name,
        "legal_identity": {
            "scheme": "eu_vat",
            "number": f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}",
        },
        "address": {"country": "MQ", "commune_code": "97209", "street": "8 rue Lamartine"},
    }
    return str(_api(base, "POST", "/api/organisations", body, token)["id"]), name


def test_journey_a_colleague_of_the_production_company_answers_its_request(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    producer, work_id, producer_token = _film_with_mandate(tmp_path_factory, base, run)
    company, company_name = _company(base, producer_token, run)
    colleague = f"colleague-{run}@example.test"
    _account(tmp_path_factory, base, colleague, "audience")
    invite = {"email": colleague, "role": "member"}
    _api(base, "POST", f"/api/organisations/{company}/invitations", invite, producer_token)

    # The producer has the company hold a TVOD mandate, from the studio's rights page.
    rights = f"/studio/oeuvres/{work_id}/droits"
    _sign_in_again(page, t, base, lang, producer, rights)
    page.locator("#mandate-medium").select_option("tvod")
    page.locator("#mandate-territory").fill("CA US")
    page.locator("#mandate-start").fill(f"{YEAR}-01-01")
    page.locator("#mandate-exclusive").check()
    page.locator("#mandate-holder").select_option(company)
    page.locator("#mandate-send").click()
    expect(
        page.locator("#mandate-list .mandate-holder").filter(has_text=company_name)
    ).to_have_count(1)
    screenshot(page, "licensing-holder-1-company-mandate")

    # A distributor asks for a TVOD licence in Canada.
    distributor, _ = _verified_partner(tmp_path_factory, base, run)
    partner = _api(base, "POST", "/api/auth/login", {"email": distributor, "password": PASSWORD})
    organisation = _api(base, "GET", "/api/organisations", token=partner["token"])[0]["id"]

    def as_partner(method: str, path: str, body: Any = None) -> Any:
        return _api(base, method, path, body, partner["token"], organisation)

    ask = {"work_id": work_id, "medium": "tvod", "territory": "CA", "starts_on": f"{YEAR}-01-01",
           "ends_on": f"{YEAR}-12-31", "exclusive": True}  # fmt: skip
    deal = as_partner("POST", "/api/licensing/deals", ask)["id"]

    # The colleague joins the company and finds the request to answer; they quote.
    _sign_in_again(page, t, base, lang, colleague, _invitation_link(tmp_path_factory, colleague))
    page.get_by_role("button", name=t("Accepter l'invitation")).click()
    page.goto(f"{base}/licences")
    expect(page.locator(f'#deals-answering [data-deal="{deal}"]')).to_have_count(1)
    screenshot(page, "licensing-holder-2-colleague-to-answer")
    page.locator(f'#deals-answering [data-deal="{deal}"] a').click()
    expect(page.locator("#deal-holder-organisation")).to_have_text(company_name)
    page.locator("#offer-price").fill("900")
    page.locator("#offer-expiry").fill(f"{YEAR - 1}-12-31")
    page.locator("#offer-send").click()
    expect(page.locator("#deal-state")).to_have_attribute("data-deal-state", "offered")
    screenshot(page, "licensing-holder-3-colleague-quoted")

    # The distributor accepts the quote and the contract (the first journey drives those).
    as_partner("POST", f"/api/licensing/deals/{deal}/accept")
    contract: dict[str, Any] = {}

    def drawn() -> bool:
        try:
            contract.update(as_partner("GET", f"/api/licensing/deals/{deal}/contract"))
        except Exception:  # 404 until the worker has drawn it
            return False
        return True

    wait_until(drawn, 60, "the contract drawn by the worker")
    accept = {
        "name": "Mireille Tremblay",
        "sha256": contract["sha256"],
        "billing": {"country": "CA"},
    }
    as_partner("POST", f"/api/licensing/deals/{deal}/contract/accept", accept)

    # The colleague accepts it, the company invoicing itself under its declared identity.
    _reload_until(page, "#contract-form", "the contract to accept")
    page.locator("#invoicer-holder").check()
    expect(page.locator("#invoicer-organisation")).to_contain_text(company_name)
    # Its name and address are the organisation's: the form does not ask for them.
    expect(page.locator("#seller-name")).to_have_count(0)
    page.locator("#contract-name").fill("Ti Jo")
    screenshot(page, "licensing-holder-4-company-invoices")
    page.locator("#contract-accept").click()
    expect(page.locator("#contract-acceptances")).to_contain_text("Ti Jo")
    _reload_until(page, "#invoice-download", "the invoice issued by the worker")
    screenshot(page, "licensing-holder-5-invoiced")
    invoice = page.request.get(f"{base}/licences/{deal}/facture.pdf")
    assert invoice.ok
    _, xml = facturx.get_xml_from_pdf(invoice.body())
    assert company_name.encode() in xml
    assert b"8 rue Lamartine" in xml
