"""Calls for tests that go through the API: the authorisation matrix's calls and submissions,
and the bodies the calls API takes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar.testing import AsyncTestClient

# Far enough ahead that no test run reaches the deadline.
CLOSES_AT = "2099-12-31T23:00:00+00:00"
MATRIX_CALL = {
    "titles": {"fr": "Appel de la matrice"},
    "opens_at": "2026-01-01T00:00:00+00:00",
    "closes_at": CLOSES_AT,
    "eligibility": {"max_submissions": 50},
    "form": [{"key": "note", "kind": "short_text", "labels": {"fr": "Note"}}],
    "grid": [{"key": "quality", "labels": {"fr": "Qualité"}, "weight": 1, "scale": 5}],
}


async def _ok(
    client: AsyncTestClient, method: str, url: str, headers: Mapping[str, str], **extra: Any
) -> Any:
    response = await client.request(method, url, headers=dict(headers), **extra)
    assert response.is_success, f"{method} {url}: {response.status_code} {response.text}"
    return response.json() if response.content else None


async def new_call(
    client: AsyncTestClient, staff: Mapping[str, str], *, opened: bool, **extra: Any
) -> str:
    body = {**MATRIX_CALL, **extra}
    call = await _ok(client, "POST", "/api/calls", staff, json=body)
    if opened:
        await _ok(client, "POST", f"/api/calls/{call['id']}/open", staff)
    return str(call["id"])


async def new_submission(
    client: AsyncTestClient, applicant: Mapping[str, str], call_id: str, *, sent: bool
) -> str:
    body = {"answers": {"note": "Matrice"}, "submit": sent}
    made = await _ok(client, "POST", f"/api/calls/{call_id}/submissions", applicant, json=body)
    return str(made["id"])


async def matrix_calls(
    client: AsyncTestClient,
    staff: Mapping[str, str],
    owner: Mapping[str, str],
    reviewer_email: str,
) -> dict[str, dict[str, str]]:
    """By matrix state: a draft call and the owner's draft submission ("draft"); an open call
    (staff manage it, the reviewer scores it) with the owner's sent submission ("open",
    "sent")."""
    draft_call = await new_call(client, staff, opened=False)
    open_call = await new_call(client, staff, opened=True)
    await _ok(
        client,
        "POST",
        f"/api/calls/{open_call}/reviewers",
        staff,
        json={"email": reviewer_email},
    )
    draft = await new_submission(client, owner, open_call, sent=False)
    sent = await new_submission(client, owner, open_call, sent=True)
    return {
        "draft": {"call_id": draft_call, "submission_id": draft},
        # Naming the reviewer again changes nothing.
        "open": {"call_id": open_call, "submission_id": sent, "reviewer_email": reviewer_email},
        "sent": {"call_id": open_call, "submission_id": sent},
    }


async def fresh_call_objects(
    client: AsyncTestClient,
    staff: Mapping[str, str],
    owner: Mapping[str, str],
    open_call: str,
    names: set[str],
    state: str,
) -> dict[str, str]:
    """New objects for a matrix row that changes them: a call in `state` (draft or open), or
    a submission of the owner's (a draft, or sent)."""
    made: dict[str, str] = {}
    if "submission_id" in names:
        made["submission_id"] = await new_submission(client, owner, open_call, sent=state == "sent")
    elif "call_id" in names:
        made["call_id"] = await new_call(client, staff, opened=state == "open")
    return made
