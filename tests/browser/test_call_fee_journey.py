"""A call for entries with a fee, in Chromium against a real `lakou serve`.

An organiser's market has an open call with a 15 € fee (set up through the API). A creator
answers it on the call's page: the entry is saved as a draft and the submission page asks for
the fee; the creator pays it through the ordinary cart and the test payment, comes back to the
submission, now marked paid, and sends the entry. In French and Creole: the fee's wording is
new in both.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, screenshot
from tests.browser.test_market_journey import (
    _account,
    _api,
    _sign_in_again,
    verified_organiser,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
FEE = 1500


@pytest.mark.parametrize("lang", ["fr", "gcf-MQ"], indirect=True)
def test_journey_a_creator_pays_the_entry_fee_then_sends_the_entry(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    _, organiser, festival = verified_organiser(tmp_path_factory, base, run)
    now = datetime.now(UTC)
    market = _api(
        base,
        "POST",
        "/api/markets",
        {
            "name": f"Marché payant {run}",
            "edition": "2027",
            "descriptions": {"fr": "Le marché des ICC de Martinique."},
            "sections": ["music"],
            "opens_at": (now - timedelta(hours=1)).isoformat(),
            "closes_at": (now + timedelta(days=3)).isoformat(),
        },
        organiser,
        festival,
    )
    _api(
        base, "POST", f"/api/markets/{market['id']}/publish", token=organiser, organisation=festival
    )
    title = f"Exposer contre frais {run}"
    call = _api(
        base,
        "POST",
        "/api/calls",
        {
            "titles": {"fr": title},
            "opens_at": (now - timedelta(days=1)).isoformat(),
            "closes_at": (now + timedelta(days=2)).isoformat(),
            "eligibility": {"max_submissions": 5},
            "form": [
                {
                    "key": "work",
                    "kind": "work",
                    "labels": {"fr": "L'œuvre présentée"},
                    "required": True,
                }
            ],
            "grid": [{"key": "quality", "labels": {"fr": "Qualité"}, "weight": 1, "scale": 5}],
            "scope": {"kind": "market", "id": market["id"]},
            "fee_cents": FEE,
        },
        organiser,
        festival,
    )
    _api(base, "POST", f"/api/calls/{call['id']}/open", token=organiser, organisation=festival)

    creator_email = f"creator-fee-{run}@example.test"
    creator = _account(tmp_path_factory, base, creator_email, "creator")
    profile = _api(
        base,
        "POST",
        "/api/creators",
        {"kind": "person", "name": f"Chouval bwa {run}", "disciplines": ["music"]},
        creator,
    )
    work_title = f"Kadans {run}"
    work = _api(
        base,
        "POST",
        "/api/works",
        {"creator_id": profile["id"], "titles": {"fr": work_title}, "discipline": "music"},
        creator,
    )
    _api(base, "POST", f"/api/works/{work['id']}/publish", token=creator)

    # The call's page says the fee; answering saves a draft and leads to paying it.
    _sign_in_again(page, t, base, lang, creator_email, f"/appels/{call['id']}")
    expect(page.locator("#call-fee")).to_contain_text(t.money(FEE))
    page.locator("select[name=work]").select_option(label=work_title)
    screenshot(page, "call-fee-1-call")
    page.locator("#call-submit").click()
    page.wait_for_url(re.compile(r".*/appels/candidatures/[0-9a-f-]{36}$"))
    submission_url = page.url
    expect(page.locator("#submission-fee")).to_contain_text(t.money(FEE))
    expect(page.locator("#send-form")).to_have_count(0)
    screenshot(page, "call-fee-2-unpaid")

    # Paid through the cart and the test payment, like any purchase.
    page.locator("#fee-pay").click()
    page.wait_for_url(f"{base}/panier")
    expect(page.locator("[data-cart-item] [data-item-amount]")).to_have_text(t.money(FEE))
    page.get_by_role("button", name=t("Payer"), exact=True).click()
    page.wait_for_url(re.compile(r".*/commande/[0-9a-f-]{36}$"))
    test_box = page.locator("[data-test-payment]")
    test_box.get_by_role("button", name=t("Simuler un paiement accepté")).click()
    expect(page.locator("[data-test-payment]")).to_be_hidden(timeout=30_000)
    screenshot(page, "call-fee-3-paid-order")

    # Back on the submission: the fee is paid and the entry can be sent.
    page.goto(submission_url)
    expect(page.locator("[data-fee-state]")).to_have_attribute("data-fee-state", "paid")
    screenshot(page, "call-fee-4-paid")
    page.locator("#submission-send").click()
    expect(page.get_by_role("status")).to_contain_text(
        t("Candidature envoyée : un accusé de réception vous a été adressé.")
    )
    screenshot(page, "call-fee-5-sent")
