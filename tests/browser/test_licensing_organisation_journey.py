"""A licence deal worked by two members of the partner organisation and the rights side's forms,
in Chromium against a real `lakou serve`, in the four interface languages.

A verified distributor asks for a licence on a producer's film and accepts the quote and the
contract (through the API: the first journey drives those pages). On the deal page the producer
uploads the master (its size and SHA-256 shown, replaceable until downloaded) and chooses that
the holder invoices itself: a missing legal name is refused on the form in the reader's
language, then the franchise in base is accepted. A colleague the distributor invited joins the
organisation from the mailed link, finds the deal among the organisation's licences filtered
by stage, and pays it through the cart; the licence is granted and the master downloads.
"""

from __future__ import annotations

import email
import re
import uuid
from email import policy
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, screenshot, wait_until
from tests.browser.test_licensing_journey import (
    YEAR,
    _film_with_mandate,
    _reload_until,
    _verified_partner,
)
from tests.browser.test_market_journey import PASSWORD, _account, _api, _sign_in_again

pytestmark = [pytest.mark.slow, pytest.mark.browser]
MASTER = b"%PDF-1.4\n% master of the organisation's journey\n%%EOF\n"


def _invitation_link(tmp_path_factory: pytest.TempPathFactory, address: str) -> str:
    """The invitation link mailed to `address`, read from the server's mail folder."""
    found: list[str] = []

    def mailed() -> bool:
        for folder in {
            p.resolve() for p in tmp_path_factory.getbasetemp().glob("lakou-browser*/var/mail")
        }:
            for path in Path(folder).glob("*.eml"):
                message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
                if address not in str(message["To"]):
                    continue
                body = message.get_body(preferencelist=("plain",))
                text = body.get_content() if body is not None else ""
                link = re.search(r"/invitations/[A-Za-z0-9_\-]+", str(text))
                if link:
                    found.append(link.group(0))
                    return True
        return False

    wait_until(mailed, 30, "the invitation mail")
    return found[0]


def _deal_to_the_contract(
    base: str, producer_token: str, partner_token: str, organisation: str, work_id: str
) -> str:
    """Asked, quoted with a master, accepted, the contract drawn and accepted by the partner."""

    def partner(method: str, path: str, body: Any = None) -> Any:
        return _api(base, method, path, body, partner_token, organisation)

    deal = partner(
        "POST",
        "/api/licensing/deals",
        {"work_id": work_id, "medium": "svod", "territory": "CA", "starts_on": f"{YEAR}-01-01",
         "ends_on": f"{YEAR}-12-31", "exclusive": True},
    )["id"]  # fmt: skip
    items = {"items": [{"kind": "master", "label": "ProRes"}]}
    _api(base, "PUT", f"/api/licensing/deals/{deal}/deliverables", items, producer_token)
    offer = {"price_cents": 90000, "expires_at": f"{YEAR - 1}-12-31T23:00:00+00:00"}
    _api(base, "POST", f"/api/licensing/deals/{deal}/offer", offer, producer_token)
    partner("POST", f"/api/licensing/deals/{deal}/accept")
    contract: dict[str, Any] = {}

    def drawn() -> bool:
        try:
            contract.update(partner("GET", f"/api/licensing/deals/{deal}/contract"))
        except Exception:  # 404 until the worker has drawn it
            return False
        return True

    wait_until(drawn, 60, "the contract drawn by the worker")
    accept = {
        "name": "Mireille Tremblay",
        "sha256": contract["sha256"],
        "billing": {"country": "CA"},
    }
    partner("POST", f"/api/licensing/deals/{deal}/contract/accept", accept)
    return str(deal)


def test_journey_a_colleague_pays_the_organisations_licence(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    producer, work_id, producer_token = _film_with_mandate(tmp_path_factory, base, run)
    distributor, licensee = _verified_partner(tmp_path_factory, base, run)
    partner = _api(base, "POST", "/api/auth/login", {"email": distributor, "password": PASSWORD})
    organisation = _api(base, "GET", "/api/organisations", token=partner["token"])[0]["id"]
    colleague = f"colleague-{run}@example.test"
    _account(tmp_path_factory, base, colleague, "audience")
    invite = {"email": colleague, "role": "member"}
    _api(base, "POST", f"/api/organisations/{organisation}/invitations", invite, partner["token"])
    deal = _deal_to_the_contract(base, producer_token, partner["token"], organisation, work_id)
    deal_path = f"/licences/{deal}"

    # The producer uploads the master from the deal page: size and SHA-256 shown.
    _sign_in_again(page, t, base, lang, producer, deal_path)
    expect(page.locator("#deliverable-limit")).to_contain_text("25")
    page.locator("#deliverable-file-master").set_input_files(
        files=[{"name": "master.pdf", "mimeType": "application/pdf", "buffer": MASTER}]
    )
    page.locator("#deliverable-send-master").click()
    master = page.locator('[data-deliverable="master"]')
    expect(master).to_have_attribute("data-uploaded", "yes")
    expect(master.locator("[data-deliverable-sha256]")).to_be_visible()
    expect(master.locator("[data-deliverable-downloads]")).to_have_attribute(
        "data-deliverable-downloads", "0"
    )
    screenshot(page, "licensing-org-1-master-uploaded")

    # The holder invoices itself: without a legal name, refused on the form in this language.
    page.locator("#invoicer-holder").check()
    page.locator("#seller-address").fill("12 rue Victor Hugo\n97200 Fort-de-France")
    page.locator("#contract-name").fill("Man Ya")
    page.locator("#contract-accept").click()
    expect(page.locator("#deal-error")).to_have_text(
        t("Donnez le nom légal et l'adresse de l'ayant droit qui facture.")
    )
    expect(page.locator("#invoicer-holder")).to_be_checked()
    expect(page.locator("#seller-address")).to_have_value(
        "12 rue Victor Hugo\n97200 Fort-de-France"
    )
    screenshot(page, "licensing-org-2-invoicer-refused")
    page.locator("#seller-name").fill("Man Ya Films")
    page.locator("#seller-vat-status").select_option("franchise")
    page.locator("#contract-name").fill("Man Ya")
    page.locator("#contract-accept").click()
    expect(page.locator("#contract-acceptances")).to_contain_text("Man Ya")
    expect(page.locator("#contract-form")).to_have_count(0)

    # The colleague joins from the mailed invitation and finds the deal among the
    # organisation's licences, filtered by stage once the worker has issued the invoice.
    _sign_in_again(page, t, base, lang, colleague, _invitation_link(tmp_path_factory, colleague))
    page.get_by_role("button", name=t("Accepter l'invitation")).click()
    page.goto(f"{base}/licences?etape=invoiced")

    def invoiced() -> bool:
        page.reload()
        return page.locator(f'#deals-asked [data-deal="{deal}"]').count() == 1

    wait_until(invoiced, 60, "the invoice issued by the worker")
    expect(page.locator('[data-stage-filter="invoiced"]')).to_have_attribute("aria-current", "true")
    expect(page.locator("#deals-asked")).to_contain_text(licensee)
    screenshot(page, "licensing-org-3-colleague-list")

    # The colleague pays it through the cart and the test payment.
    page.locator(f'#deals-asked [data-deal="{deal}"] a').click()
    _reload_until(page, "#deal-pay", "the payable deal")
    screenshot(page, "licensing-org-4-colleague-deal")
    page.locator("#deal-pay").click()
    page.wait_for_url(f"{base}/panier")
    expect(page.locator("[data-cart-item] [data-item-amount]")).to_have_text(t.money(90000))
    page.get_by_role("button", name=t("Payer"), exact=True).click()
    page.wait_for_url(re.compile(r".*/commande/[0-9a-f-]{36}$"))
    page.locator("[data-test-payment]").get_by_role(
        "button", name=t("Simuler un paiement accepté")
    ).click()
    expect(page.locator("[data-test-payment]")).to_be_hidden(timeout=30_000)
    page.goto(f"{base}{deal_path}")
    expect(page.locator("#deal-state")).to_have_attribute(
        "data-deal-state", "licensed", timeout=30_000
    )
    with page.expect_download() as download:
        page.locator("#deliverable-get-master").click()
    with open(download.value.path(), "rb") as delivered:
        assert delivered.read() == MASTER
    screenshot(page, "licensing-org-5-colleague-licensed")

    # The producer sees the master downloaded once: no longer replaceable.
    _sign_in_again(page, t, base, lang, producer, deal_path)
    expect(master.locator("[data-deliverable-downloads]")).to_have_attribute(
        "data-deliverable-downloads", "1"
    )
    expect(page.locator("#deliverable-upload-master")).to_have_count(0)
    screenshot(page, "licensing-org-6-producer-downloaded")
