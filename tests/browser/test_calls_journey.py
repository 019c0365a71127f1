"""A call in Chromium against a real `lakou serve`, in each interface language: staff open a
call (API), the demo creator finds it from the menu, answers its form with a work of their
catalogue, and finds the submission, sent, under "my submissions"."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_PASSWORD, Server, Texts, log_in, screenshot
from tests.browser.test_audit_journey import PASSWORD, _create_staff, _post

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _open_call(base: str, token: str, title: str) -> str:
    now = datetime.now(UTC)
    call = _post(
        base,
        "/api/calls",
        {
            "titles": {"fr": title},
            "descriptions": {"fr": "Pour le marché de Fort-de-France."},
            "opens_at": (now - timedelta(hours=1)).isoformat(),
            "closes_at": (now + timedelta(days=30)).isoformat(),
            "eligibility": {"disciplines": ["music"]},
            "form": [
                {
                    "key": "work",
                    "kind": "work",
                    "labels": {"fr": "Œuvre proposée"},
                    "required": True,
                },
                {
                    "key": "pitch",
                    "kind": "long_text",
                    "labels": {"fr": "Présentation"},
                    "required": True,
                },
                {"key": "live", "kind": "yes_no", "labels": {"fr": "Jouable en direct"}},
            ],
        },
        token,
    )
    _post(base, f"/api/calls/{call['id']}/open", {}, token)
    return str(call["id"])


def test_journey_a_creator_answers_an_open_call_with_a_work_of_theirs(
    page: Page, server: Server, t: Texts, lang: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = server.base
    email = f"calls-staff-{uuid.uuid4().hex[:8]}@example.test"
    _create_staff(tmp_path_factory, email)
    token = _post(base, "/api/auth/login", {"email": email, "password": PASSWORD})["token"]
    title = f"Appel Bèlè {lang} {uuid.uuid4().hex[:6]}"
    _open_call(base, token, title)

    log_in(page, t, base, "tanbou@demo.lakou.mq", DEMO_PASSWORD)
    page.get_by_role("link", name=t("Appels"), exact=True).first.click()
    expect(page.get_by_role("heading", name=t("Appels ouverts"))).to_be_visible()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.get_by_label("Œuvre proposée").select_option(label="Bèlè de la Lune")
    page.get_by_label("Présentation").fill("Un bèlè pour la nuit, avec tanbou et chœur.")
    page.get_by_label(t("Oui")).check()
    screenshot(page, "calls-1-form")
    page.get_by_role("button", name=t("Envoyer ma candidature")).click()

    expect(page.get_by_role("status")).to_contain_text(
        t("Candidature envoyée : un accusé de réception vous a été adressé.")
    )
    row = page.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text(t("En attente"))
    screenshot(page, "calls-2-my-submissions")
