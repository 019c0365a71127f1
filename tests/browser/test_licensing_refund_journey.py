"""Staff record a licence's refund in the back office, in Chromium against a real `lakou serve`.

A producer's film licensed to a verified distributor, taken through the API up to an invoice
(the server's worker draws the contract and issues the invoice) paid by a bank transfer staff
record. A staff member opens the licence refunds page, types more than the invoice (refused on
the page, with the reason and the amount kept), then part of it: the credit note is issued and
named, what is left shown; the distributor finds the credit note on the deal page.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, screenshot, wait_until
from tests.browser.test_audit_journey import _create_staff
from tests.browser.test_licensing_journey import YEAR, _film_with_mandate
from tests.browser.test_market_journey import PASSWORD, _account, _api, _sign_in_again
from tests.organisation_helpers import new_siren

pytestmark = [pytest.mark.slow, pytest.mark.browser]
DEALS = "/api/licensing/deals"


def _partner(tmp_path_factory: pytest.TempPathFactory, base: str, run: str, staff: str) -> Any:
    """A distributor's account and its verified organisation: (email, token, organisation)."""
    email = f"distributor-refund-{run}@example.test"
    token = _account(tmp_path_factory, base, email, "audience")
    body = {
        "kind": "export_partner",
        "partner_kind": "distributor",
        "name": f"Distribution Remboursée {run}",
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
    _api(base, "POST", f"/api/staff/organisations/{made['id']}/verify", token=staff)
    return email, token, str(made["id"])


def _transfer_paid_deal(
    base: str, work_id: str, producer: str, partner: str, organisation: str, staff: str
) -> tuple[str, dict[str, Any]]:
    ask = {
        "work_id": work_id,
        "medium": "svod",
        "territory": "CA",
        "starts_on": f"{YEAR}-01-01",
        "ends_on": f"{YEAR}-12-31",
        "exclusive": True,
        "intended_use": "SVOD au Québec",
    }
    deal = _api(base, "POST", DEALS, ask, partner, organisation)["id"]
    expires = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    offer = {"price_cents": 120000, "expires_at": expires, "terms": "Sous-titres fr"}
    _api(base, "POST", f"{DEALS}/{deal}/offer", offer, producer)
    _api(base, "POST", f"{DEALS}/{deal}/accept", token=partner, organisation=organisation)
    contract = wait_until(
        lambda: _api(base, "GET", f"{DEALS}/{deal}/contract", token=producer),
        60,
        "the contract drawn by the worker",
    )
    sign = {"name": "Mireille Tremblay", "sha256": contract["sha256"]}
    billing = {"billing": {"country": "CA", "address": ["Montréal"]}}
    _api(
        base, "POST", f"{DEALS}/{deal}/contract/accept", {**sign, **billing}, partner, organisation
    )
    _api(base, "POST", f"{DEALS}/{deal}/contract/accept", {**sign, "name": "Man Ya"}, producer)
    invoice = wait_until(
        lambda: _api(base, "GET", f"{DEALS}/{deal}/invoice", token=producer),
        60,
        "the invoice issued by the worker",
    )
    transfer = {"amount_cents": invoice["gross_cents"], "reference": "VIR 2027-118"}
    _api(base, "POST", f"/api/staff/licensing/deals/{deal}/bank-transfer", transfer, staff)
    return str(deal), invoice


def test_journey_staff_record_a_licence_refund(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    staff_email = f"staff-refunds-{run}@example.test"
    _create_staff(tmp_path_factory, staff_email)
    staff = _api(base, "POST", "/api/auth/login", {"email": staff_email, "password": PASSWORD})
    _, work_id, producer = _film_with_mandate(tmp_path_factory, base, run)
    partner_email, partner, organisation = _partner(tmp_path_factory, base, run, staff["token"])
    deal, invoice = _transfer_paid_deal(
        base, work_id, producer, partner, organisation, staff["token"]
    )

    _sign_in_again(page, t, base, lang, staff_email, "/staff/licences/remboursements")
    expect(page.locator("#refunds-title")).to_have_text(t("Remboursements des licences"))
    row = page.locator(f"tr[data-invoice='{invoice['number']}']")
    expect(row).to_contain_text(t.money(120000))
    screenshot(page, "licensing-refund-1-listed")

    # More than the invoice: refused on the page, the amount typed kept, nothing issued.
    row.locator("input[name=amount]").fill("1200,01")
    row.locator("input[name=reference]").fill("RBT 2027-7")
    row.get_by_role("button", name=t("Enregistrer le remboursement")).click()
    expect(page.locator("#refund-error")).to_be_visible()
    expect(row.locator("input[name=amount]")).to_have_value("1200,01")
    screenshot(page, "licensing-refund-2-refused")

    # 200 €: the credit note is issued and named; 1 000 € are left to refund.
    row.locator("input[name=amount]").fill("200")
    row.get_by_role("button", name=t("Enregistrer le remboursement")).click()
    expect(page.locator("#refund-recorded")).to_be_visible()
    notes = _api(base, "GET", f"{DEALS}/{deal}/credit-notes", token=producer)
    assert [note["gross_cents"] for note in notes] == [20000]
    expect(page.locator("#refund-recorded")).to_contain_text(notes[0]["number"])
    expect(row).to_contain_text(t.money(100000))
    screenshot(page, "licensing-refund-3-recorded")

    # The distributor finds the credit note on the deal page.
    _sign_in_again(page, t, base, lang, partner_email, f"/licences/{deal}")
    link = page.locator(f"a[href='/licences/{deal}/avoirs/{notes[0]['number']}.pdf']")
    expect(link).to_be_visible()
    screenshot(page, "licensing-refund-4-deal-page")
