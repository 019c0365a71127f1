"""Calls through the API: a call opened, creators answering with their works, reviewers
scoring (or declaring a conflict), the deadline holding, and bulk decisions mailed through a
real SMTP server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from accounts.notifications.tables import QueuedMail
from calls.service import CallService
from infra.db.values import as_json
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from tests.helpers import create_creator, create_work, sign_up_and_log_in, staff_headers
from tests.mailroom import Mailroom

NOW = datetime.now(UTC).replace(microsecond=0)
FORM = [
    {"key": "work", "kind": "work", "labels": {"fr": "Votre œuvre"}, "required": True},
    {
        "key": "pitch",
        "kind": "long_text",
        "labels": {"fr": "Présentation", "en": "Pitch"},
        "required": True,
        "max_length": 500,
    },
    {"key": "live", "kind": "yes_no", "labels": {"fr": "Jouable en direct ?"}},
    {
        "key": "format",
        "kind": "single_choice",
        "labels": {"fr": "Format"},
        "options": [
            {"key": "solo", "labels": {"fr": "Solo"}},
            {"key": "band", "labels": {"fr": "Groupe"}},
        ],
    },
]
GRID = [
    {"key": "quality", "labels": {"fr": "Qualité"}, "weight": 3, "scale": 10},
    {"key": "fit", "labels": {"fr": "Adéquation"}, "weight": 1, "scale": 5},
]


def call_body(**extra: Any) -> dict[str, Any]:
    return {
        "titles": {"fr": "Appel Lakou Musique", "en": "Lakou Music call"},
        "descriptions": {"fr": "Pour le marché de Fort-de-France."},
        "opens_at": (NOW - timedelta(days=1)).isoformat(),
        "closes_at": (NOW + timedelta(days=10)).isoformat(),
        "eligibility": {"disciplines": ["music"], "max_submissions": 1},
        "form": FORM,
        "grid": GRID,
        **extra,
    }


async def open_call(client: AsyncTestClient, staff: dict[str, str], **extra: Any) -> str:
    created = await client.post("/api/calls", json=call_body(**extra), headers=staff)
    assert created.status_code == 201, created.text
    assert created.json()["state"] == "draft"
    opened = await client.post(f"/api/calls/{created.json()['id']}/open", headers=staff)
    assert opened.status_code == 200, opened.text
    return str(created.json()["id"])


async def creator_with_work(client: AsyncTestClient, **work: Any) -> tuple[dict[str, str], str]:
    headers = await sign_up_and_log_in(client, role="creator")
    creator = await create_creator(client, headers)
    made = await create_work(client, headers, creator["id"], **work)
    return headers, str(made["id"])


def answers(work_id: str) -> dict[str, Any]:
    return {"work": work_id, "pitch": "Bèlè et électro.", "live": True, "format": "band"}


def past_deadline(container: Container) -> None:
    service = container.services.get(CallService)
    service._now = lambda: NOW + timedelta(days=11)  # type: ignore[method-assign]


async def test_a_creator_answers_with_a_work_of_theirs_and_gets_a_receipt(
    client: AsyncTestClient, container: Container
) -> None:
    staff = await staff_headers(client, container)
    call_id = await open_call(client, staff)
    listed = (await client.get("/api/calls")).json()
    assert [c["id"] for c in listed] == [call_id]
    creator, work_id = await creator_with_work(client)

    sent = await client.post(
        f"/api/calls/{call_id}/submissions",
        json={"answers": answers(work_id), "submit": True},
        headers=creator,
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["state"] == "submitted"
    mine = (await client.get("/api/call-submissions", headers=creator)).json()
    assert [m["submission"]["id"] for m in mine] == [sent.json()["id"]]
    events = await OutboxMessage.select().where(OutboxMessage.event_type == "submission.submitted")
    assert len(events) == 1
    # A second submission goes over the call's limit of one per person.
    again = await client.post(
        f"/api/calls/{call_id}/submissions", json={"answers": {}}, headers=creator
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "too_many_submissions"


async def test_someone_elses_work_is_not_found_and_nothing_is_kept(
    client: AsyncTestClient, container: Container
) -> None:
    staff = await staff_headers(client, container)
    call_id = await open_call(client, staff)
    _, their_work = await creator_with_work(client)
    intruder, _ = await creator_with_work(client)

    refused = await client.post(
        f"/api/calls/{call_id}/submissions",
        json={"answers": answers(their_work), "submit": True},
        headers=intruder,
    )
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "not_found"
    assert (await client.get("/api/call-submissions", headers=intruder)).json() == []


async def test_bad_answers_are_refused_with_the_question_named(
    client: AsyncTestClient, container: Container
) -> None:
    staff = await staff_headers(client, container)
    call_id = await open_call(client, staff)
    creator, work_id = await creator_with_work(client)
    url = f"/api/calls/{call_id}/submissions"
    cases = [
        ({**answers(work_id), "format": "orchestra"}, "invalid_answer"),
        ({**answers(work_id), "pitch": "x" * 501}, "invalid_answer"),
        ({**answers(work_id), "unknown": "?"}, "invalid_answer"),
        ({"work": work_id, "live": True}, "answer_required"),
    ]
    for sent, code in cases:
        response = await client.post(url, json={"answers": sent, "submit": True}, headers=creator)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == code
    # A film is not eligible for a music call.
    other, film = await creator_with_work(client, discipline="film")
    response = await client.post(
        url, json={"answers": answers(film), "submit": True}, headers=other
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "not_eligible"
    assert (await client.get("/api/call-submissions", headers=creator)).json() == []


async def test_nothing_is_sent_or_changed_after_the_deadline(
    client: AsyncTestClient, container: Container
) -> None:
    staff = await staff_headers(client, container)
    call_id = await open_call(client, staff)
    creator, work_id = await creator_with_work(client)
    draft = await client.post(
        f"/api/calls/{call_id}/submissions", json={"answers": answers(work_id)}, headers=creator
    )
    assert draft.status_code == 201
    late_creator, late_work = await creator_with_work(client)
    past_deadline(container)

    late = await client.post(
        f"/api/calls/{call_id}/submissions",
        json={"answers": answers(late_work), "submit": True},
        headers=late_creator,
    )
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "call_closed"
    submission = f"/api/call-submissions/{draft.json()['id']}"
    for response in (
        await client.post(f"{submission}/submit", headers=creator),
        await client.put(submission, json={"answers": answers(work_id)}, headers=creator),
    ):
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "call_closed"
    assert (await client.get(submission, headers=creator)).json()["state"] == "draft"
    assert (await client.get("/api/calls")).json() == []


async def test_another_persons_submission_is_not_found(
    client: AsyncTestClient, container: Container
) -> None:
    staff = await staff_headers(client, container)
    call_id = await open_call(client, staff)
    creator, work_id = await creator_with_work(client)
    draft = await client.post(
        f"/api/calls/{call_id}/submissions", json={"answers": answers(work_id)}, headers=creator
    )
    other = await sign_up_and_log_in(client)
    submission = f"/api/call-submissions/{draft.json()['id']}"
    assert (await client.get(submission, headers=other)).status_code == 404
    assert (await client.post(f"{submission}/submit", headers=other)).status_code == 404
    assert (
        await client.put(f"{submission}/score", json={"marks": {}}, headers=other)
    ).status_code == 404


async def test_only_staff_manage_calls_of_a_scope_no_module_claimed(
    client: AsyncTestClient, container: Container
) -> None:
    creator = await sign_up_and_log_in(client)
    response = await client.post(
        "/api/calls", json=call_body(scope={"kind": "market", "id": "m1"}), headers=creator
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "call_manager_required"
    staff = await staff_headers(client, container)
    call_id = await open_call(client, staff)
    closing = await client.post(f"/api/calls/{call_id}/close", headers=creator)
    assert closing.status_code == 403
    fee = await client.post("/api/calls", json=call_body(fee_cents=1500), headers=staff)
    assert fee.status_code == 422
    assert fee.json()["error"]["code"] == "fees_unavailable"


async def _submitted(client: AsyncTestClient, call_id: str) -> tuple[dict[str, str], str, str]:
    headers, work_id = await creator_with_work(client)
    me = (await client.get("/api/auth/me", headers=headers)).json()
    sent = await client.post(
        f"/api/calls/{call_id}/submissions",
        json={"answers": answers(work_id), "submit": True},
        headers=headers,
    )
    assert sent.status_code == 201, sent.text
    return headers, str(sent.json()["id"]), str(me["email"])


async def test_reviewers_score_a_conflict_stops_one_and_decisions_are_mailed(
    client: AsyncTestClient, container: Container, mailroom: Mailroom
) -> None:
    staff = await staff_headers(client, container)
    call_id = await open_call(client, staff)
    _, first, first_email = await _submitted(client, call_id)
    _, second, second_email = await _submitted(client, call_id)
    reviewer_email, other_email = "jury1@example.test", "jury2@example.test"
    reviewer = await sign_up_and_log_in(client, role="audience", email=reviewer_email)
    other_reviewer = await sign_up_and_log_in(client, role="audience", email=other_email)
    for email in (reviewer_email, other_email):
        added = await client.post(
            f"/api/calls/{call_id}/reviewers", json={"email": email}, headers=staff
        )
        assert added.status_code == 201, added.text

    conflict = await client.post(
        f"/api/call-submissions/{first}/conflict", json={"reason": "Mon cousin"}, headers=reviewer
    )
    assert conflict.status_code == 204
    refused = await client.put(
        f"/api/call-submissions/{first}/score",
        json={"marks": {"quality": 9, "fit": 5}},
        headers=reviewer,
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "conflict_of_interest"
    bad = await client.put(
        f"/api/call-submissions/{second}/score",
        json={"marks": {"quality": 11, "fit": 5}},
        headers=reviewer,
    )
    assert bad.status_code == 422
    for submission, marks, headers in (
        (second, {"quality": 4, "fit": 2}, reviewer),
        (first, {"quality": 9, "fit": 4}, other_reviewer),
        (second, {"quality": 6, "fit": 3}, other_reviewer),
    ):
        scored = await client.put(
            f"/api/call-submissions/{submission}/score", json={"marks": marks}, headers=headers
        )
        assert scored.status_code == 200, scored.text
    assignments = (await client.get("/api/call-reviews", headers=reviewer)).json()
    assert {a["submission"]["id"]: a["conflict"] for a in assignments} == {
        first: True,
        second: False,
    }
    ranked = (await client.get(f"/api/calls/{call_id}/submissions", headers=staff)).json()
    assert [r["submission"]["id"] for r in ranked] == [first, second]
    assert ranked[0]["conflicts"] == 1

    early = await client.post(
        f"/api/calls/{call_id}/decisions",
        json={"decisions": [{"submission_id": first, "decision": "accepted"}]},
        headers=staff,
    )
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "call_not_closed"
    past_deadline(container)
    decided = await client.post(
        f"/api/calls/{call_id}/decisions",
        json={
            "decisions": [
                {"submission_id": first, "decision": "accepted"},
                {"submission_id": second, "decision": "declined"},
            ]
        },
        headers=staff,
    )
    assert decided.status_code == 200, decided.text
    call = (await client.get(f"/api/calls/{call_id}")).json()
    assert call["state"] == "decided"
    accepted = await OutboxMessage.select().where(OutboxMessage.event_type == "entry.accepted")
    [payload] = [as_json(row["payload"]) for row in accepted]
    assert payload["submission_id"] == first
    assert len(payload["work_ids"]) == 1  # the market adds these to its selection

    queued = await QueuedMail.count()
    await mailroom.deliver(queued)
    [accepted_mail] = [
        m for m in mailroom.to(first_email) if "décision" in str(m.message["Subject"])
    ]
    assert "est retenue" in mailroom.text(accepted_mail)
    [declined_mail] = [
        m for m in mailroom.to(second_email) if "décision" in str(m.message["Subject"])
    ]
    assert "n'a pas été retenue" in mailroom.text(declined_mail)
    receipts = [m for m in mailroom.to(first_email) if "reçue" in str(m.message["Subject"])]
    assert len(receipts) == 1


@pytest.mark.parametrize("decision", ["maybe", ""])
async def test_an_unknown_decision_changes_nothing(
    client: AsyncTestClient, container: Container, decision: str
) -> None:
    staff = await staff_headers(client, container)
    call_id = await open_call(client, staff)
    _, submission, _ = await _submitted(client, call_id)
    past_deadline(container)
    response = await client.post(
        f"/api/calls/{call_id}/decisions",
        json={"decisions": [{"submission_id": submission, "decision": decision}]},
        headers=staff,
    )
    assert response.status_code == 422
    ranked = (await client.get(f"/api/calls/{call_id}/submissions", headers=staff)).json()
    assert ranked[0]["submission"]["decision"] is None
