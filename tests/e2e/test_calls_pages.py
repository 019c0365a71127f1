"""The calls' pages with a session cookie: the form rendered from the questions, answered with
a work and a file, "my submissions", the reviewer's page and the managers' bulk decision."""

from __future__ import annotations

import re

from litestar.testing import AsyncTestClient

from accounts.domain import Role
from lakou.bootstrap import Container
from tests.e2e.test_calls_api import creator_with_work, open_call, past_deadline
from tests.helpers import (
    CSRF_INPUT,
    PASSWORD,
    create_creator,
    create_work,
    page_log_in,
    sign_up_and_log_in,
    staff_headers,
)

PDF = b"%PDF-1.4\n% portfolio\n%%EOF\n"
FORM_WITH_FILE = [
    {"key": "work", "kind": "work", "labels": {"fr": "Votre œuvre"}, "required": True},
    {"key": "pitch", "kind": "long_text", "labels": {"fr": "Présentation"}, "required": True},
    {"key": "live", "kind": "yes_no", "labels": {"fr": "Jouable en direct ?"}},
    {"key": "sheet", "kind": "file", "labels": {"fr": "Fiche technique"}, "required": True},
]


async def _csrf(client: AsyncTestClient, path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    token = CSRF_INPUT.search(page.text)
    assert token
    return token.group(1)


async def test_a_creator_answers_on_the_page_and_managers_decide_on_theirs(
    client: AsyncTestClient, container: Container
) -> None:
    staff = await staff_headers(client, container)
    call_id = await open_call(client, staff, form=FORM_WITH_FILE)
    listing = await client.get("/appels")
    assert "Appel Lakou Musique" in listing.text
    email = "page-creator@example.test"
    creator = await sign_up_and_log_in(client, email=email)
    profile = await create_creator(client, creator)
    work = await create_work(client, creator, profile["id"], titles={"fr": "Bèlè sou lanmè"})
    await page_log_in(client, email)
    page = await client.get(f"/appels/{call_id}")
    assert "Bèlè sou lanmè" in page.text  # the work question offers the creator's works
    assert 'type="file"' in page.text
    token = CSRF_INPUT.search(page.text)
    assert token
    fields = {"_csrf_token": token.group(1), "work": work["id"], "live": "yes"}
    # Missing the required pitch: the page again, with the error, and nothing kept.
    refused = await client.post(
        f"/appels/{call_id}", data=fields, files={"sheet": ("fiche.pdf", PDF, "application/pdf")}
    )
    assert refused.status_code == 422
    assert "réponse requise" in refused.text
    assert "Vous n'avez encore répondu" in (await client.get("/appels/candidatures")).text
    sent = await client.post(
        f"/appels/{call_id}",
        data={**fields, "pitch": "Bèlè et électro."},
        files={"sheet": ("fiche.pdf", PDF, "application/pdf")},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    mine = await client.get(sent.headers["location"])
    assert "Appel Lakou Musique" in mine.text
    assert "Envoyée le" in mine.text
    # Someone else's management page is refused; the evaluation page is not theirs either.
    assert (await client.get(f"/appels/{call_id}/gestion")).status_code == 403
    assert (await client.get(f"/appels/{call_id}/evaluation")).status_code == 404

    client.cookies.clear()
    staff_email = "page-staff@example.test"
    await container.identity.create_user(staff_email, PASSWORD, "Staff", Role.STAFF)
    await page_log_in(client, staff_email)
    table = await client.get(f"/appels/{call_id}/gestion")
    assert table.status_code == 200
    [submission_id] = re.findall(r'name="submission" value="([0-9a-f-]+)"', table.text)
    past_deadline(container)
    decided = await client.post(
        f"/appels/{call_id}/gestion",
        data={
            "_csrf_token": await _csrf(client, f"/appels/{call_id}/gestion"),
            "submission": submission_id,
            "decision": "accepted",
        },
        follow_redirects=False,
    )
    assert decided.status_code == 303
    assert "Retenue" in (await client.get(f"/appels/{call_id}/gestion")).text


async def test_a_reviewer_scores_on_the_page_or_declares_a_conflict(
    client: AsyncTestClient, container: Container
) -> None:
    staff = await staff_headers(client, container)
    call_id = await open_call(client, staff)
    applicant, work_id = await creator_with_work(client)
    answers = {"work": work_id, "pitch": "Bèlè", "live": True, "format": "solo"}
    sent = await client.post(
        f"/api/calls/{call_id}/submissions",
        json={"answers": answers, "submit": True},
        headers=applicant,
    )
    assert sent.status_code == 201
    email = "page-jury@example.test"
    await sign_up_and_log_in(client, role="audience", email=email)
    added = await client.post(
        f"/api/calls/{call_id}/reviewers", json={"email": email}, headers=staff
    )
    assert added.status_code == 201
    await page_log_in(client, email)
    page = await client.get(f"/appels/{call_id}/evaluation")
    assert page.status_code == 200
    assert "Bèlè" in page.text
    submission = sent.json()["id"]
    token = CSRF_INPUT.search(page.text)
    assert token
    url = f"/appels/{call_id}/evaluation/{submission}"
    bad = await client.post(url, data={"_csrf_token": token.group(1), "mark_quality": "12"})
    assert bad.status_code == 422
    scored = await client.post(
        url,
        data={"_csrf_token": token.group(1), "mark_quality": "8", "mark_fit": "4"},
        follow_redirects=False,
    )
    assert scored.status_code == 303
    conflict = await client.post(
        url, data={"_csrf_token": token.group(1), "conflict": "1"}, follow_redirects=False
    )
    assert conflict.status_code == 303
    after = await client.get(f"/appels/{call_id}/evaluation")
    assert "Conflit d'intérêts déclaré" in after.text
