"""The audit log page in Chromium against a real `lakou serve`, in each interface language.

A staff member (made by an operator with `lakou createuser`) asks for a payout run, then opens
the journal from the menu, filters it by action with the page's form, and finds the run with
its values; the CSV export keeps the same filter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import uuid
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, Server, Texts, log_in, screenshot

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PASSWORD = "correct horse battery"


def _create_staff(tmp_path_factory: pytest.TempPathFactory, email: str) -> None:
    """`lakou createuser` on the running server's database (the `server` fixture's folder)."""
    # One server folder (pytest also links it as `lakou-browsercurrent`).
    found = list({p.resolve() for p in tmp_path_factory.getbasetemp().glob("lakou-browser*/var")})
    assert len(found) == 1, found
    var = found[0]
    env = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")}
    subprocess.run(
        [sys.executable, "-m", "lakou.cli", "createuser", "--email", email, "--role", "staff",
         "--display-name", "Man Ya", "--password-stdin"],
        input=f"{PASSWORD}\n",
        text=True,
        check=True,
        cwd=ROOT,
        env=env | {"LAKOU_VAR_DIR": str(var)},
        capture_output=True,
    )  # fmt: skip


def _post(base: str, path: str, body: Any, token: str | None = None) -> Any:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}{path}", data=json.dumps(body).encode(), method="POST", headers=headers
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


def test_journey_staff_read_the_audit_log(
    page: Page, server: Server, t: Texts, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    email = f"staff-{uuid.uuid4().hex[:8]}@example.test"
    _create_staff(tmp_path_factory, email)
    token = _post(base, "/api/auth/login", {"email": email, "password": PASSWORD})["token"]
    run = _post(base, "/api/revenue/payout-runs", {"min_payout_cents": 1234}, token)

    log_in(page, t, base, email, PASSWORD)
    page.get_by_role("link", name=t("Journal"), exact=True).click()
    expect(page.get_by_role("heading", name=t("Journal d'audit"))).to_be_visible()
    page.get_by_label(t("Action (début du nom)")).fill("payout_run.")
    page.get_by_label(t("Objet (identifiant)")).fill(run["id"])
    page.get_by_role("button", name=t("Filtrer"), exact=True).click()

    rows = page.locator("table.audit-log tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("payout_run.requested")
    expect(rows.first).to_contain_text("Man Ya")
    expect(rows.first.locator(".audit-diff ins")).to_contain_text(["1234", '"requested"'])
    export = page.locator("#audit-export")
    assert "action=payout_run." in (export.get_attribute("href") or "")
    screenshot(page, "journey-staff-audit-log")

    # A filter the log cannot read is said on the page, in the page's language.
    page.get_by_label(t("Action (début du nom)")).fill("Payout Run")
    page.get_by_role("button", name=t("Filtrer"), exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(
        t(
            "Action invalide : des minuscules, des chiffres, « _ » et « . », %(max)s caractères au plus (par exemple « order. »).",
            max=100,
        )
    )
