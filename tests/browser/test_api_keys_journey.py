"""The API keys page in Chromium against a real `lakou serve`, in each interface language.

An export partner's owner (its organisation verified by staff) opens its organisation's page,
follows the API keys link, makes a key for the catalogue and copies it from the page that shows
it once; the key reads the partner API; the reloaded page no longer shows the secret but shows
the key's last call. The owner rotates it without overlap (the old key stops at once, the new
one works), then revokes the new one, which stops too.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Texts, log_in, screenshot
from tests.browser.test_audit_journey import PASSWORD, _create_staff
from tests.browser.test_market_journey import _account, _api
from tests.organisation_helpers import PDF, new_siren

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _partner_call(base: str, secret: str) -> int:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}/api/partner/v1/works", headers={"authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _verified_partner(
    tmp_path_factory: pytest.TempPathFactory, base: str, run: str
) -> tuple[str, str]:
    """An export partner's owner (address) and its organisation (id), verified by staff."""
    staff_email = f"staff-keys-{run}@example.test"
    _create_staff(tmp_path_factory, staff_email)
    staff = _api(base, "POST", "/api/auth/login", {"email": staff_email, "password": PASSWORD})
    email = f"partner-keys-{run}@example.test"
    token = _account(tmp_path_factory, base, email, "audience")
    body = {
        "kind": "export_partner",
        "partner_kind": "distributor",
        "name": f"Lanmè Distribution {run}",
        "legal_identity": {"scheme": "siren", "number": new_siren()},
        "address": {"country": "MQ", "commune_code": "97209"},
    }
    made = _api(base, "POST", "/api/organisations", body, token)
    path = f"/api/organisations/{made['id']}"
    _api(base, "POST", f"{path}/documents?filename=kbis.pdf", token=token, raw=PDF)
    _api(base, "POST", f"{path}/verification-request", token=token)
    _api(base, "POST", f"/api/staff/organisations/{made['id']}/verify", token=staff["token"])
    return email, str(made["id"])


def test_journey_a_partner_makes_rotates_and_revokes_a_key(
    page: Page,
    server: Server,
    t: Texts,
    lang: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = server.base
    run = uuid.uuid4().hex[:8]
    email, organisation = _verified_partner(tmp_path_factory, base, run)
    log_in(page, t, base, email, PASSWORD, f"/organisations/{organisation}")
    page.get_by_role("link", name=t("Clés d'API de l'organisation")).click()
    expect(page.get_by_role("heading", name=t("Clés d'API"), exact=True)).to_be_visible()
    expect(page.get_by_text(t("Aucune clé pour l'instant."))).to_be_visible()

    form = page.locator("#create-key")
    form.get_by_label(t("Nom"), exact=True).fill("Catalogue sync")
    form.get_by_label(t("Lire le catalogue")).check()
    form.get_by_role("button", name=t("Créer la clé")).click()
    expect(page.get_by_role("status")).to_have_text(
        t("Copiez cette clé maintenant : elle ne sera plus jamais affichée.")
    )
    secret = page.get_by_label(t("Clé"), exact=True).input_value()
    assert secret.startswith("lkp_")
    row = page.locator(f"tr[data-key='{secret[:12]}']")
    expect(row).to_contain_text(t("Lire le catalogue"))
    expect(row.locator("td[data-state]")).to_have_text(t("En service"))
    screenshot(page, "api-keys-1-made")

    assert _partner_call(base, secret) == 200
    page.goto(f"{base}/organisations/{organisation}/cles-api")
    expect(page.locator("#new-key")).to_have_count(0)
    assert secret not in page.content()
    expect(row.locator("td").nth(5)).not_to_have_text(t("jamais"))

    # Rotate without overlap: the old key stops at once, the new one works.
    row.get_by_label(t("Ancienne clé valable encore (heures)")).fill("0")
    row.get_by_role("button", name=t("Renouveler")).click()
    rotated = page.get_by_label(t("Clé"), exact=True).input_value()
    assert rotated.startswith("lkp_")
    assert rotated != secret
    expect(row.locator("td[data-state]")).to_have_text(t("Rotation terminée"))
    assert _partner_call(base, secret) == 401
    assert _partner_call(base, rotated) == 200

    # Revoke the new one.
    page.locator(f"tr[data-key='{rotated[:12]}']").get_by_role("button", name=t("Révoquer")).click()
    expect(page.locator(f"tr[data-key='{rotated[:12]}'] td[data-state]")).to_have_text(
        t("Révoquée")
    )
    assert _partner_call(base, rotated) == 401
    screenshot(page, "api-keys-2-rotated-and-revoked")
