"""A rights holder gets paid, in Chromium against a real `lakou serve`, in each interface
language (the embedded default: labelled test accounts and test payouts, no money moves).

The demo creator names a new person on her work's split sheet; a buyer pays for the work; the
person opens "Mes revenus", sees the work and their share, clicks "Get paid" (the test
accounts' link comes straight back, as Stripe's return would) and sees payouts enabled; staff
start a payout run; the person sees the payout and downloads their statement.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, Server, Texts, log_in, screenshot, wait_until
from tests.browser.test_audit_journey import PASSWORD, _create_staff
from tests.browser.test_market_journey import _account, _api
from tests.browser.test_staff_back_office_journey import _paid_order

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _named_on_the_demo_sheet(base: str, server: Server, token: str, name: str) -> str:
    """The demo creator shares "Bèlè de la Lune" half and half with the person: their holder."""
    person = _api(base, "GET", "/api/auth/me", token=token)["id"]
    login = {"email": "tanbou@demo.lakou.mq", "password": DEMO_PASSWORD}
    creator = _api(base, "POST", "/api/auth/login", login)["token"]
    me = _api(base, "GET", "/api/auth/me", token=creator)["id"]
    work = server.work_titled("Bèlè de la Lune")
    holders = [
        {"name": "Léna Tanbouyé", "role": "performer", "share_bp": 5000, "user_id": me},
        {"name": name, "role": "composer", "share_bp": 5000, "user_id": person},
    ]
    sheet = _api(base, "PUT", f"/api/works/{work['id']}/splits", {"holders": holders}, creator)
    return str(sheet["holders"][1]["holder_id"])


def _statement_rows(base: str, holder_id: str, token: str) -> int:
    import urllib.request

    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}/api/revenue/holders/{holder_id}/statement.csv",
        headers={"authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
        return len(response.read().decode().strip().splitlines()) - 1


def _sent_to(run: dict[str, Any], holder_id: str) -> dict[str, Any] | None:
    return next(
        (p for p in run["payouts"] if p["holder_id"] == holder_id and p["status"] == "sent"), None
    )


def test_journey_a_holder_onboards_is_paid_and_reads_the_statement(
    page: Page, server: Server, t: Texts, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    suffix = uuid.uuid4().hex[:8]
    email = f"ayant-droit-{suffix}@example.test"
    name = f"Man Sonson {suffix}"
    token = _account(tmp_path_factory, base, email, "audience")
    holder_id = _named_on_the_demo_sheet(base, server, token, name)
    buyer = _account(tmp_path_factory, base, f"acheteur-{suffix}@example.test", "audience")
    _paid_order(base, server, buyer)
    # The worker shares the sale between the sheet's holders.
    wait_until(lambda: _statement_rows(base, holder_id, token) > 0, 60, "the holder's share")

    log_in(page, t, base, email, PASSWORD, "/revenus")
    expect(page.get_by_role("heading", name=t("Mes revenus"), exact=True)).to_be_visible()
    expect(page.locator("#connect-status")).to_have_text(t("Pas encore de compte de versement"))
    holdings = page.locator("#holder-holdings tbody tr")
    expect(holdings).to_have_count(1)
    expect(holdings.first).to_contain_text("Bèlè de la Lune")
    expect(holdings.first).to_contain_text(t("Compositeur ou compositrice"))
    expect(holdings.first).to_contain_text(t.rate(5000))
    screenshot(page, "holder-before-onboarding")

    page.get_by_label(t("Pays de résidence")).select_option("MQ")
    page.get_by_role("button", name=t("Être payé"), exact=True).click()
    page.wait_for_url(f"{base}/revenus")
    expect(page.locator("#connect-status")).to_have_text(t("Versements activés"))
    expect(page.locator("#connect-test-mode")).to_have_text(
        t("Mode test : aucun compte n'est ouvert chez Stripe et aucun argent ne circule.")
    )
    screenshot(page, "holder-payouts-enabled")
    # The Express dashboard button: the embedded default has no Stripe dashboard, so its link
    # comes back to this page's payout account section.
    page.get_by_role("button", name=t("Mon tableau de bord Stripe"), exact=True).click()
    page.wait_for_url(f"{base}/revenus#connect")
    expect(page.locator("#connect-status")).to_have_text(t("Versements activés"))

    staff_email = f"staff-{suffix}@example.test"
    _create_staff(tmp_path_factory, staff_email)
    staff = _api(base, "POST", "/api/auth/login", {"email": staff_email, "password": PASSWORD})
    run = _api(base, "POST", "/api/revenue/payout-runs", {}, staff["token"])
    payout = wait_until(
        lambda: _sent_to(
            _api(base, "GET", f"/api/revenue/payout-runs/{run['id']}", token=staff["token"]),
            holder_id,
        ),
        60,
        "the payout to the holder",
    )

    page.reload()
    payouts = page.locator("#holder-payouts tbody tr")
    expect(payouts).to_have_count(1)
    expect(payouts.first).to_contain_text(t.money(payout["amount_cents"]))
    expect(payouts.first).to_contain_text(t("Envoyé"))
    expect(payouts.first).to_contain_text(payout["transfer_id"])
    expect(page.locator("#holder-balance")).to_have_text(t.money(0))
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Relevé de %(name)s (CSV)", name=name)).click()
    statement = download.value.path().read_text(encoding="utf-8")
    assert payout["transfer_id"] in statement  # the entries that transfer paid
    screenshot(page, "holder-paid")
