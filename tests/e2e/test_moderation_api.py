"""Moderation through the API: signed-in people report works and profiles (once each, a few an
hour), staff decide from the queue and what the public sees changes, the owner is mailed the
reason through a real SMTP server and appeals once; every decision is in the audit log."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

from accounts.audit.tables import AuditEntryRow
from accounts.notifications.tables import QueuedMail
from infra.db.values import as_json
from lakou.bootstrap import Container
from marketplace.moderation.service import REPORTS_PER_HOUR
from tests.helpers import create_creator, create_work, sign_up_and_log_in, staff_headers
from tests.mailroom import Mailroom


async def _published(client: AsyncTestClient, owner: dict[str, str]) -> tuple[str, str]:
    """A new profile and its published work: (creator id, work id)."""
    creator = await create_creator(client, owner)
    work = await create_work(client, owner, creator["id"])
    published = await client.post(f"/api/works/{work['id']}/publish", headers=owner)
    assert published.status_code == 200, published.text
    return str(creator["id"]), str(work["id"])


async def _report(
    client: AsyncTestClient, headers: dict[str, str] | None, kind: str, target_id: str, **extra: Any
) -> Any:
    body = {"target_kind": kind, "target_id": target_id, "reason": "rights", **extra}
    return await client.post("/api/moderation/reports", json=body, headers=headers or {})


async def _decide(
    client: AsyncTestClient, staff: dict[str, str], report_id: str, action: str
) -> dict[str, Any]:
    response = await client.post(
        f"/api/staff/moderation/reports/{report_id}/decision",
        json={"action": action, "reason": "Pochette reprise sans autorisation."},
        headers=staff,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _audit(action: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await AuditEntryRow.select().where(AuditEntryRow.action == action)
    return rows


async def test_a_report_is_filed_once_by_a_signed_in_person(client: AsyncTestClient) -> None:
    owner = await sign_up_and_log_in(client)
    _, work_id = await _published(client, owner)
    visitor = await sign_up_and_log_in(client, role="audience")

    anonymous = await _report(client, None, "work", work_id)
    assert anonymous.status_code == 401
    filed = await _report(client, visitor, "work", work_id, details="Ma pochette.")
    assert filed.status_code == 201, filed.text
    assert filed.json()["reason"] == "rights"
    again = await _report(client, visitor, "work", work_id, reason="spam")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_reported"

    # Bad input: a clear 4xx, nothing filed.
    for body, code in (
        ({"reason": "boring"}, "invalid_reason"),
        ({"details": "x" * 2001}, "details_too_long"),
        ({"target_kind": "planet"}, "invalid_target"),
    ):
        refused = await _report(client, visitor, "work", work_id, **body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["code"] == code
    # A draft nobody else may see cannot be reported: as if it did not exist.
    creator = await create_creator(client, owner)
    draft = await create_work(client, owner, creator["id"])
    hidden = await _report(client, visitor, "work", draft["id"])
    assert hidden.status_code == 404


async def test_abusive_reporting_is_rate_limited(client: AsyncTestClient) -> None:
    owner = await sign_up_and_log_in(client)
    targets: list[tuple[str, str]] = []
    while len(targets) <= REPORTS_PER_HOUR:
        creator_id, work_id = await _published(client, owner)
        targets += [("creator", creator_id), ("work", work_id)]
    reporter = await sign_up_and_log_in(client, role="audience")
    for kind, target_id in targets[:REPORTS_PER_HOUR]:
        assert (await _report(client, reporter, kind, target_id)).status_code == 201
    kind, target_id = targets[REPORTS_PER_HOUR]
    limited = await _report(client, reporter, kind, target_id)
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    # Someone else is not slowed down.
    other = await sign_up_and_log_in(client, role="audience")
    assert (await _report(client, other, kind, target_id)).status_code == 201


async def test_staff_see_the_queue_and_hiding_keeps_the_work_from_the_public(
    client: AsyncTestClient, container: Container, mailroom: Mailroom
) -> None:
    owner_email = "hidden-owner@example.test"
    owner = await sign_up_and_log_in(client, email=owner_email)
    creator_id, work_id = await _published(client, owner)
    reporter = await sign_up_and_log_in(client, role="audience")
    first = (await _report(client, reporter, "work", work_id)).json()
    assert (await _report(client, reporter, "creator", creator_id)).status_code == 201
    second_reporter = await sign_up_and_log_in(client, role="audience")
    assert (await _report(client, second_reporter, "work", work_id)).status_code == 201

    assert (await client.get("/api/staff/moderation/reports", headers=owner)).status_code == 403
    staff = await staff_headers(client, container)
    queue = (await client.get("/api/staff/moderation/reports", headers=staff)).json()
    [group] = [g for g in queue["groups"] if g["target_id"] == work_id]
    assert group["item"]["title"] == "Bèlè de la Lune"
    assert group["item"]["public"] is True
    assert len(group["reports"]) == 2
    # The reporter's other report (on the profile) shows beside this one.
    others = group["reporters_other_reports"][first["reporter_id"]]
    assert [each["target_id"] for each in others] == [creator_id]

    # A non-staff caller cannot decide.
    refused = await client.post(
        f"/api/staff/moderation/reports/{first['id']}/decision",
        json={"action": "hide", "reason": "x"},
        headers=owner,
    )
    assert refused.status_code == 403
    decision = await _decide(client, staff, first["id"], "hide")
    assert decision["appealable"] is True

    assert (await client.get(f"/api/works/{work_id}")).status_code == 404
    assert (await client.get(f"/api/works/{work_id}", headers=owner)).status_code == 200
    queue = (await client.get("/api/staff/moderation/reports", headers=staff)).json()
    assert work_id not in [g["target_id"] for g in queue["groups"]]  # both reports closed
    [entry] = await _audit("moderation.hide")
    assert as_json(entry["after"])["reports"] == 2

    await mailroom.deliver(await QueuedMail.count())
    [mail] = [m for m in mailroom.to(owner_email) if "Modération" in str(m.message["Subject"])]
    text = mailroom.text(mail)
    assert "Pochette reprise sans autorisation." in text
    assert f"/moderation/decisions/{decision['id']}" in text

    # Staff restore it once the owner fixed it: public again.
    restored = await client.post(
        f"/api/staff/moderation/decisions/{decision['id']}/restore", headers=staff
    )
    assert restored.status_code == 200, restored.text
    assert (await client.get(f"/api/works/{work_id}")).status_code == 200
    assert len(await _audit("moderation.restored")) == 1
    again = await client.post(
        f"/api/staff/moderation/decisions/{decision['id']}/restore", headers=staff
    )
    assert again.status_code == 409


async def test_dismissing_changes_nothing(client: AsyncTestClient, container: Container) -> None:
    owner = await sign_up_and_log_in(client)
    _, work_id = await _published(client, owner)
    reporter = await sign_up_and_log_in(client, role="audience")
    report = (await _report(client, reporter, "work", work_id)).json()
    staff = await staff_headers(client, container)
    decision = await _decide(client, staff, report["id"], "dismiss")
    assert decision["appealable"] is False
    assert (await client.get(f"/api/works/{work_id}")).status_code == 200
    twice = await client.post(
        f"/api/staff/moderation/reports/{report['id']}/decision",
        json={"action": "take_down", "reason": "Finalement non."},
        headers=staff,
    )
    assert twice.status_code == 409
    assert twice.json()["error"]["code"] == "report_closed"
    assert len(await _audit("moderation.dismiss")) == 1
    # Once decided, the same person may report the item again.
    assert (await _report(client, reporter, "work", work_id)).status_code == 201


async def test_a_taken_down_profile_is_appealed_once_and_reversal_restores_its_works(
    client: AsyncTestClient, container: Container, mailroom: Mailroom
) -> None:
    owner_email = "appealing-owner@example.test"
    owner = await sign_up_and_log_in(client, email=owner_email)
    creator_id, work_id = await _published(client, owner)
    second = await create_work(client, owner, creator_id)
    assert (await client.post(f"/api/works/{second['id']}/publish", headers=owner)).is_success
    reporter = await sign_up_and_log_in(client, role="audience")
    report = (await _report(client, reporter, "creator", creator_id, reason="spam")).json()
    staff = await staff_headers(client, container)
    decision = await _decide(client, staff, report["id"], "take_down")
    for each in (work_id, second["id"]):
        assert (await client.get(f"/api/works/{each}")).status_code == 404
    # Held by moderation: the owner cannot republish it.
    assert (await client.post(f"/api/works/{work_id}/publish", headers=owner)).status_code == 403

    decision_path = f"/api/moderation/decisions/{decision['id']}"
    stranger = await sign_up_and_log_in(client)
    assert (await client.get(decision_path, headers=stranger)).status_code == 404
    theirs = await client.post(
        decision_path + "/appeal", json={"text": "Pas moi."}, headers=stranger
    )
    assert theirs.status_code == 404
    appealed = await client.post(
        decision_path + "/appeal", json={"text": "Ce sont mes propres œuvres."}, headers=owner
    )
    assert appealed.status_code == 200, appealed.text
    second_appeal = await client.post(
        decision_path + "/appeal", json={"text": "Encore."}, headers=owner
    )
    assert second_appeal.status_code == 409
    assert second_appeal.json()["error"]["code"] == "appeal_used"

    queue = (await client.get("/api/staff/moderation/reports", headers=staff)).json()
    assert [a["id"] for a in queue["appeals"]] == [decision["id"]]
    settled = await client.post(
        f"/api/staff/moderation/decisions/{decision['id']}/appeal-outcome",
        json={"outcome": "reversed", "reason": "Les droits sont bien les siens."},
        headers=staff,
    )
    assert settled.status_code == 200, settled.text
    for each in (work_id, second["id"]):
        assert (await client.get(f"/api/works/{each}")).status_code == 200
    assert len(await _audit("moderation.take_down")) == 1
    assert len(await _audit("moderation.appeal_reversed")) == 1

    await mailroom.deliver(await QueuedMail.count())
    decided, answered = sorted(
        (m for m in mailroom.to(owner_email) if "Modération" in str(m.message["Subject"])),
        key=lambda m: "appel" in str(m.message["Subject"]),
    )
    assert "Les droits sont bien les siens." in mailroom.text(answered)
    assert "Pochette reprise sans autorisation." in mailroom.text(decided)
    mine = (await client.get(decision_path, headers=owner)).json()
    assert mine["outcome"] == "reversed"
    assert mine["appealable"] is False


async def test_an_upheld_appeal_keeps_the_work_down(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await sign_up_and_log_in(client)
    _, work_id = await _published(client, owner)
    reporter = await sign_up_and_log_in(client, role="audience")
    report = (await _report(client, reporter, "work", work_id, reason="illegal")).json()
    staff = await staff_headers(client, container)
    decision = await _decide(client, staff, report["id"], "take_down")
    path = f"/api/moderation/decisions/{decision['id']}"
    assert (await client.post(path + "/appeal", json={"text": "Non."}, headers=owner)).is_success
    upheld = await client.post(
        f"/api/staff/moderation/decisions/{decision['id']}/appeal-outcome",
        json={"outcome": "upheld", "reason": "Contenu illicite confirmé."},
        headers=staff,
    )
    assert upheld.status_code == 200, upheld.text
    assert (await client.get(f"/api/works/{work_id}")).status_code == 404
    twice = await client.post(
        f"/api/staff/moderation/decisions/{decision['id']}/appeal-outcome",
        json={"outcome": "reversed", "reason": "Non."},
        headers=staff,
    )
    assert twice.status_code == 409
