"""Moderation in Chromium against a real `lakou serve`, in each interface language: a signed-in
visitor reports a work from its page, staff take it down from the queue page (reached from the
menu), and the work is gone for the public."""

from __future__ import annotations

import urllib.error
import urllib.request
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import BROWSER_LOCALES, Server, Texts, log_in, screenshot
from tests.browser.test_audit_journey import PASSWORD, _create_staff, _post

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _account(base: str, role: str) -> tuple[str, str]:
    email = f"moderation-{role}-{uuid.uuid4().hex[:8]}@example.test"
    body = {"email": email, "password": PASSWORD, "role": role, "display_name": email}
    _post(base, "/api/auth/signup", body)
    return email, _post(base, "/api/auth/login", {"email": email, "password": PASSWORD})["token"]


def _published_work(base: str, title: str) -> str:
    _, token = _account(base, "creator")
    creator = _post(base, "/api/creators", {"kind": "person", "name": "Jo Kannal"}, token)
    work = _post(
        base,
        "/api/works",
        {"creator_id": creator["id"], "titles": {"fr": title}, "discipline": "music"},
        token,
    )
    _post(base, f"/api/works/{work['id']}/publish", {}, token)
    return str(work["id"])


def _public_status(base: str, work_id: str) -> int:
    try:
        with urllib.request.urlopen(f"{base}/api/works/{work_id}", timeout=10) as response:  # noqa: S310 - loopback only
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_journey_a_visitor_reports_a_work_and_staff_take_it_down(
    page: Page,
    browser: Browser,
    server: Server,
    t: Texts,
    lang: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = server.base
    title = f"Bèlè volé {lang} {uuid.uuid4().hex[:6]}"
    work_id = _published_work(base, title)
    visitor_email, _ = _account(base, "audience")

    log_in(page, t, base, visitor_email, PASSWORD, next_path=f"/oeuvres/{work_id}")
    page.get_by_text(t("Signaler ce contenu")).click()
    page.get_by_label(t("Motif")).select_option(
        label=t("Atteinte aux droits (droit d'auteur, marque, image)")
    )
    page.get_by_label(t("Précisions (facultatif, 2 000 caractères au plus)")).fill(
        "Ce bèlè est le mien, enregistré en 2019."
    )
    page.get_by_role("button", name=t("Envoyer le signalement")).click()
    expect(page.locator("#report-done")).to_contain_text(
        t("Merci : votre signalement est envoyé à l'équipe Lakou.")
    )
    screenshot(page, "moderation-1-reported")

    staff_email = f"moderation-staff-{uuid.uuid4().hex[:8]}@example.test"
    _create_staff(tmp_path_factory, staff_email)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale=BROWSER_LOCALES[lang]
    )
    staff = context.new_page()
    staff.set_default_timeout(20_000)
    staff.goto(f"{base}/?lang={lang}")
    log_in(staff, t, base, staff_email, PASSWORD)
    staff.get_by_role("link", name=t("Modération"), exact=True).click()
    expect(staff.get_by_role("heading", name=t("Signalements ouverts"))).to_be_visible()
    group = staff.locator("article.report-group").filter(has_text=title)
    expect(group).to_contain_text("Ce bèlè est le mien, enregistré en 2019.")
    screenshot(staff, "moderation-2-queue")
    group.get_by_label(t("Décision")).select_option(label=t("Retirer du site"))
    group.get_by_label(t("Raison (lue par la personne concernée)")).fill(
        "Enregistrement d'une autre artiste."
    )
    group.get_by_role("button", name=t("Décider"), exact=True).click()
    expect(staff.locator("article.report-group").filter(has_text=title)).to_have_count(0)
    screenshot(staff, "moderation-3-decided")
    context.close()

    assert _public_status(base, work_id) == 404
