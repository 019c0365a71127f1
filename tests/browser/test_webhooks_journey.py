"""The webhooks pages in Chromium against a real `lakou serve`, in each interface language.

An export partner's owner follows the link from the API keys page, adds an endpoint on a real
receiver (on loopback: the server runs with the tests-only setting), copies its signing secret
shown once, and picks two events. A creator publishes a work: the server's worker sends the
signed message; the owner reads it in the delivery log (headers sent, status, answer), sends it
again (same `webhook-id`), then turns the endpoint off and on.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect
from standardwebhooks.webhooks import Webhook

from tests.browser.conftest import Server, Texts, log_in, screenshot, wait_until
from tests.browser.test_api_keys_journey import _verified_partner
from tests.browser.test_audit_journey import PASSWORD
from tests.browser.test_market_journey import _account, _api
from tests.webhook_receiver import receiver

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _publish(tmp_path_factory: pytest.TempPathFactory, base: str, run: str) -> str:
    token = _account(tmp_path_factory, base, f"creator-hooks-{run}@example.test", "creator")
    creator = _api(base, "POST", "/api/creators", {"kind": "person", "name": f"Ti Jo {run}"}, token)
    body = {"creator_id": creator["id"], "titles": {"fr": f"Lanmè {run}"}, "discipline": "film"}
    work = _api(base, "POST", "/api/works", body, token)
    _api(base, "POST", f"/api/works/{work['id']}/publish", token=token)
    return str(work["id"])


def test_journey_a_partner_adds_a_webhook_reads_its_log_and_redelivers(
    page: Page,
    server: Server,
    t: Texts,
    lang: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    email, organisation = _verified_partner(tmp_path_factory, base, run)
    log_in(page, t, base, email, PASSWORD, f"/organisations/{organisation}/cles-api")
    page.get_by_role("link", name=t("Webhooks de l'organisation")).click()
    expect(page.get_by_role("heading", name=t("Webhooks"), exact=True)).to_be_visible()
    expect(page.get_by_text(t("Aucun webhook pour l'instant."))).to_be_visible()

    with receiver() as site:
        form = page.locator("#create-endpoint")
        # A private address is refused at once, with the reason.
        form.get_by_label(t("Adresse (https)")).fill("https://169.254.169.254/latest")
        form.get_by_label(t("Marché ouvert")).check()
        form.get_by_role("button", name=t("Ajouter le webhook")).click()
        expect(page.get_by_role("alert")).to_be_visible()
        form = page.locator("#create-endpoint")
        form.get_by_label(t("Adresse (https)")).fill(f"{site.base}/ok")
        form.get_by_label(t("Description")).fill("<b>Catalogue</b> sync")
        form.get_by_label(t("Œuvre publiée")).check()
        form.get_by_role("button", name=t("Ajouter le webhook")).click()
        expect(page.get_by_role("status")).to_have_text(
            t("Copiez ce secret de signature maintenant : il ne sera plus jamais affiché.")
        )
        secret = page.get_by_label(t("Secret de signature"), exact=True).input_value()
        assert secret.startswith("whsec_")
        row = page.locator("#endpoints tbody tr")
        expect(row).to_contain_text(t("Œuvre publiée"))
        expect(row).to_contain_text(t("Marché ouvert"))
        expect(row).to_contain_text("<b>Catalogue</b> sync")  # shown as text
        screenshot(page, "webhooks-1-added")

        work_id = _publish(tmp_path_factory, base, run)
        [request] = wait_until(lambda: site.at("/ok"), 60, "the signed message")
        event = Webhook(secret).verify(request.body, request.headers)
        assert event["data"]["work_id"] == work_id

        page.goto(f"{base}/organisations/{organisation}/webhooks")
        assert secret not in page.content()
        page.get_by_role("link", name=f"{site.base}/ok").click()
        expect(page.get_by_role("heading", name=t("Journal des envois"))).to_be_visible()
        delivery = page.locator("#deliveries > li").first
        expect(delivery.locator(".delivery-state")).to_have_text(t("Remis"))
        expect(delivery.locator(".attempt-status")).to_have_text("200")
        delivery.get_by_text(t("Voir")).click()
        expect(delivery.locator("pre.response")).to_have_text('{"ok":true}')
        screenshot(page, "webhooks-2-log")

        delivery.get_by_role("button", name=t("Renvoyer")).click()
        expect(page.locator("#deliveries > li").first.locator(".attempt")).to_have_count(2)
        ids = [r.headers["webhook-id"] for r in site.at("/ok")]
        assert len(ids) == 2
        assert ids[0] == ids[1]

    page.get_by_role("link", name=f"← {t('Webhooks')}").click()
    page.get_by_role("button", name=t("Désactiver")).click()
    expect(page.locator("td[data-state]")).to_have_text(t("Désactivé"))
    page.get_by_role("button", name=t("Réactiver")).click()
    expect(page.locator("td[data-state]")).to_have_text(t("Actif"))
    screenshot(page, "webhooks-3-enabled-again")

    # A new signing secret, shown once, the old one signing beside it for the overlap.
    page.get_by_role("button", name=t("Changer le secret")).click()
    expect(page.locator("#new-secret")).to_have_value(re.compile(r"^whsec_"))
    expect(page.locator("#new-endpoint [role=status]")).to_be_visible()
    screenshot(page, "webhooks-4-secret-rotated")
