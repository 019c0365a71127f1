"""The staff back office in Chromium against a real `lakou serve`, in each interface language.

A buyer pays for a demo work (through the API, with the test payment); a staff member (made by
an operator with `lakou createuser`) opens Commandes from the menu, finds the order by the
buyer's e-mail, refunds part of it with a reason and sees it partly refunded, is told in the
page's language when asking for more than is left, then opens Versements and starts a run.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, log_in, screenshot, wait_until
from tests.browser.test_audit_journey import PASSWORD, _create_staff
from tests.browser.test_market_journey import _account, _api

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _paid_order(base: str, server: Server, token: str) -> tuple[str, int]:
    work = server.work_titled("Bèlè de la Lune")
    offer = _api(base, "GET", f"/api/works/{work['id']}/offers")[0]
    _api(base, "POST", "/api/cart/items", {"offer_id": offer["id"]}, token)
    order = _api(base, "POST", "/api/checkout", {"country": "MQ"}, token)
    secret = order["payment"]["client_secret"]
    url = f"/api/orders/{order['id']}"
    _api(
        base, "POST", f"{url}/test-payment", {"client_secret": secret, "outcome": "succeed"}, token
    )
    # The worker settles it from the payment's notification.
    wait_until(lambda: _api(base, "GET", url, token=token)["status"] == "fulfilled", 60, "payment")
    return str(order["id"]), int(order["total_cents"])


def test_journey_staff_refund_part_of_an_order_then_start_a_payout_run(
    page: Page, server: Server, t: Texts, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    buyer = f"acheteur-{uuid.uuid4().hex[:8]}@example.test"
    order_id, total = _paid_order(base, server, _account(tmp_path_factory, base, buyer, "audience"))
    staff = f"staff-{uuid.uuid4().hex[:8]}@example.test"
    _create_staff(tmp_path_factory, staff)

    log_in(page, t, base, staff, PASSWORD)
    page.get_by_role("link", name=t("Commandes"), exact=True).click()
    expect(page.get_by_role("heading", name=t("Commandes"), exact=True)).to_be_visible()
    page.get_by_label(t("Numéro de commande ou e-mail de l'acheteur")).fill(buyer)
    page.get_by_role("button", name=t("Filtrer"), exact=True).click()
    rows = page.locator("#staff-orders tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(buyer)
    expect(rows.first).to_contain_text(t.money(total))
    screenshot(page, "staff-orders")

    rows.first.get_by_role("link").click()
    page.wait_for_url(f"{base}/staff/commandes/{order_id}")
    expect(page.locator("#staff-order-lines")).to_contain_text("Bèlè de la Lune")
    expect(page.locator("#staff-order-total")).to_have_text(t.money(total))
    form = page.locator("#staff-refund-form")
    form.get_by_label(t("Montant (€), vide pour tout le reste")).fill(t.amount(300))
    form.get_by_label(t("Raison (gardée dans le journal d'audit)")).fill("Piste abîmée")
    form.get_by_role("button", name=t("Rembourser"), exact=True).click()
    expect(page.locator("#staff-refund-done")).to_be_visible()
    expect(page.locator("#staff-order-status")).to_have_text(t("Partiellement remboursée"))
    expect(page.locator("#staff-refunds")).to_contain_text(t.money(300))
    expect(page.locator("#staff-refunds")).to_contain_text("Piste abîmée")
    screenshot(page, "staff-order-refunded")

    # More than is left: refused on the page, in its language.
    form = page.locator("#staff-refund-form")
    form.get_by_label(t("Montant (€), vide pour tout le reste")).fill(t.amount(total))
    form.get_by_label(t("Raison (gardée dans le journal d'audit)")).fill("Tout")
    form.get_by_role("button", name=t("Rembourser"), exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(
        t(
            "Il reste %(left)s à rembourser : indiquez un montant jusqu'à ce reste.",
            left=t.money(total - 300),
        )
    )
    expect(page.locator("#staff-order-refunded")).to_have_text(t.money(300))

    page.get_by_role("link", name=t("Versements"), exact=True).click()
    expect(page.get_by_role("heading", name=t("Versements"), exact=True)).to_be_visible()
    screenshot(page, "staff-payout-runs")
    page.get_by_role("button", name=t("Lancer une campagne de versement")).click()
    page.wait_for_url(f"{base}/staff/versements/*")
    expect(page.get_by_role("heading", name=t("Campagne de versement"))).to_be_visible()
    screenshot(page, "staff-payout-run")
