"""Moderation's pages with a session cookie: a visitor reports from the work page, staff take
the work down from the queue page, the owner appeals once on the decision's page."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from accounts.domain import Role
from lakou.bootstrap import Container
from tests.e2e.test_moderation_api import _published
from tests.helpers import CSRF_INPUT, PASSWORD, page_log_in, sign_up_and_log_in


async def _csrf(client: AsyncTestClient, path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    token = CSRF_INPUT.search(page.text)
    assert token
    return token.group(1)


async def test_report_from_the_page_take_down_from_the_queue_and_appeal_once(
    client: AsyncTestClient, container: Container
) -> None:
    owner_email = "page-owner@example.test"
    owner = await sign_up_and_log_in(client, email=owner_email)
    _, work_id = await _published(client, owner)
    work_page = f"/oeuvres/{work_id}"

    # A visitor not signed in is asked to sign in; the form is for accounts.
    client.cookies.clear()
    assert "/connexion?next=" in (await client.get(work_page)).text
    visitor_email = "page-visitor@example.test"
    await sign_up_and_log_in(client, role="audience", email=visitor_email)
    await page_log_in(client, visitor_email)
    token = await _csrf(client, work_page)
    fields = {"_csrf_token": token, "target_kind": "work", "target_id": work_id}
    filed = await client.post(
        "/signalements",
        data={**fields, "reason": "rights", "details": "Ma photo."},
        follow_redirects=False,
    )
    assert filed.status_code == 303, filed.text
    assert filed.headers["location"].startswith(work_page)
    thanked = await client.get(filed.headers["location"])
    assert 'id="report-done"' in thanked.text
    twice = await client.post("/signalements", data={**fields, "reason": "spam"})
    assert twice.status_code == 409
    assert 'id="report-error"' in twice.text
    # Not staff: the queue page is refused.
    assert (await client.get("/staff/moderation")).status_code == 403

    staff_email = "page-staff@example.test"
    await container.identity.create_user(staff_email, PASSWORD, "Staff", Role.STAFF)
    await page_log_in(client, staff_email)
    queue = await client.get("/staff/moderation")
    assert "Ma photo." in queue.text
    action = 'action="/staff/moderation/reports/'
    assert action in queue.text
    report_path = queue.text.split(action, 1)[1].split('"', 1)[0]
    token = CSRF_INPUT.search(queue.text)
    assert token
    decided = await client.post(
        f"/staff/moderation/reports/{report_path}",
        data={"_csrf_token": token.group(1), "action": "take_down", "reason": "Photo volée."},
        follow_redirects=False,
    )
    assert decided.status_code == 303, decided.text
    client.cookies.clear()
    assert (await client.get(work_page)).status_code == 404

    await page_log_in(client, owner_email)
    notifications = await client.get("/api/notifications", headers=owner)
    link = next(
        item["link"] for item in notifications.json()["items"] if "moderation" in item["kind"]
    )
    page = await client.get(link)
    assert "Photo volée." in page.text
    token = CSRF_INPUT.search(page.text)
    assert token
    appealed = await client.post(
        link + "/appel",
        data={"_csrf_token": token.group(1), "text": "Cette photo est la mienne."},
        follow_redirects=False,
    )
    assert appealed.status_code == 303, appealed.text
    again = await client.get(link)
    assert "Cette photo est la mienne." in again.text
    assert 'id="appeal-form"' not in again.text  # one appeal only
