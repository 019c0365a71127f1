"""Cancelling a booked meeting: either side may, with an optional reason; the people and the
table are free again at once, the other side is told, `meeting.cancelled` is in the outbox, the
.ics says METHOD:CANCEL, no reminder follows, and the quota counts live meetings only. Anyone
else does not find it; a second cancel changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.markets.meetings.reminders import MeetingReminders
from tests.e2e.test_market_meetings_api import kinds_told, market_with_meeting_hours
from tests.meeting_helpers import accredited, code, person, slot, stand_of_new_creator
from tests.organisation_helpers import ensure_notifier


@pytest.fixture(autouse=True)
def _ports(container: Container) -> None:
    ensure_notifier(container)


async def booked_meeting(
    client: AsyncTestClient,
    base: str,
    stand: dict[str, Any],
    buyer: dict[str, str],
    exhibitor: dict[str, str],
    hour: int = 10,
) -> dict[str, Any]:
    asked = await client.post(
        f"{base}/stands/{stand['id']}/meetings", json={"slots": [slot(hour)]}, headers=buyer
    )
    assert asked.status_code == 201, asked.text
    accepted = await client.post(
        f"/api/meetings/{asked.json()['id']}/accept",
        json={"slot_start": slot(hour)},
        headers=exhibitor,
    )
    assert accepted.status_code == 200, accepted.text
    return dict(accepted.json())


async def free_starts(client: AsyncTestClient, base: str, stand: dict[str, Any]) -> list[str]:
    free = await client.get(f"{base}/stands/{stand['id']}/meetings/free")
    return [item["local_start"] for item in free.json()]


async def test_the_buyer_cancels_and_the_slot_the_table_and_the_quota_are_free_again(
    client: AsyncTestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, market, base = await market_with_meeting_hours(client, container)
    exhibitor, stand = await stand_of_new_creator(client, container, manager, market["id"])
    await client.put(f"{base}/meetings/quotas", json={"per_day": {"buyer": 1}}, headers=manager)
    buyer = await accredited(client, container, manager, market["id"])
    meeting = await booked_meeting(client, base, stand, buyer, exhibitor)
    assert "10:00" not in await free_starts(client, base, stand)
    cancel = f"/api/meetings/{meeting['id']}/cancel"

    # Someone else (another stand's exhibitor, anyone) does not find it.
    other_exhibitor, other_stand = await stand_of_new_creator(
        client, container, manager, market["id"]
    )
    for stranger in (other_exhibitor, await person(container, client)):
        refused = await client.post(cancel, json={}, headers=stranger)
        assert refused.status_code == 404, refused.text
    assert (await client.get(f"{base}/meetings/mine", headers=buyer)).json()["asked"][0][
        "state"
    ] == "booked"

    cancelled = await client.post(cancel, json={"reason": "Vol retardé"}, headers=buyer)
    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["state"], cancelled.json()["reason"]) == ("cancelled", "Vol retardé")
    # A second cancel (a double click, or the other side at once) changes nothing.
    again = await client.post(cancel, json={"reason": "Autre"}, headers=exhibitor)
    assert again.status_code == 200
    assert (again.json()["state"], again.json()["reason"]) == ("cancelled", "Vol retardé")

    # The table is free at 10:00 again, and the buyer's person too: under a quota of one a
    # day, the same buyer is booked again at the same time, with another stand.
    assert "10:00" in await free_starts(client, base, stand)
    rebooked = await booked_meeting(client, base, other_stand, buyer, other_exhibitor)
    assert rebooked["state"] == "booked"

    events = await OutboxMessage.select().where(OutboxMessage.event_type == "meeting.cancelled")
    mine = [e for e in events if str(e["aggregate_id"]) == meeting["id"]]
    assert len(mine) == 1
    assert "markets.meeting_cancelled" in await kinds_told(client, exhibitor)
    assert "markets.meeting_cancelled" not in await kinds_told(client, buyer)

    # Its .ics tells calendars to drop it; the buyer's agenda feed marks it cancelled.
    for side in (buyer, exhibitor):
        ics = await client.get(meeting["ics_url"], headers=side)
        assert ics.status_code == 200
        assert "METHOD:CANCEL" in ics.text
        assert "STATUS:CANCELLED" in ics.text
    agenda = (await client.get("/api/scheduling/agenda", headers=buyer)).json()
    assert sorted(item["status"] for item in agenda) == ["booked", "cancelled"]

    # Half an hour before 10:00 only the live meeting is reminded of, to its two sides.
    reminders = container.services.get(MeetingReminders)
    soon = datetime.fromisoformat(slot(10)) - timedelta(minutes=20)
    monkeypatch.setattr(reminders, "_now", lambda: soon)
    assert await reminders.remind() == 2
    assert "markets.meeting_reminder" not in await kinds_told(client, exhibitor)


async def test_the_exhibitor_cancels_and_a_request_cannot_be_cancelled(
    client: AsyncTestClient, container: Container
) -> None:
    manager, market, base = await market_with_meeting_hours(client, container)
    exhibitor, stand = await stand_of_new_creator(client, container, manager, market["id"])
    buyer = await accredited(client, container, manager, market["id"])
    meeting = await booked_meeting(client, base, stand, buyer, exhibitor, hour=11)
    asked = await client.post(
        f"{base}/stands/{stand['id']}/meetings", json={"slots": [slot(9)]}, headers=buyer
    )
    pending = await client.post(
        f"/api/meetings/{asked.json()['id']}/cancel", json={}, headers=buyer
    )
    assert pending.status_code == 409
    assert code(pending) == "meeting_not_booked"

    cancelled = await client.post(
        f"/api/meetings/{meeting['id']}/cancel", json={}, headers=exhibitor
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["reason"] == ""
    assert "markets.meeting_cancelled" in await kinds_told(client, buyer)
    assert "11:00" in await free_starts(client, base, stand)
    too_long = await client.post(
        f"/api/meetings/{meeting['id']}/cancel", json={"reason": "x" * 5000}, headers=buyer
    )
    assert too_long.status_code == 400  # the body's shape: nothing read, nothing changed


async def test_the_buyer_withdraws_a_request_before_any_answer_and_may_ask_again(
    client: AsyncTestClient, container: Container
) -> None:
    manager, market, base = await market_with_meeting_hours(client, container)
    exhibitor, stand = await stand_of_new_creator(client, container, manager, market["id"])
    buyer = await accredited(client, container, manager, market["id"])
    ask = f"{base}/stands/{stand['id']}/meetings"
    asked = (await client.post(ask, json={"slots": [slot(9)]}, headers=buyer)).json()
    withdraw = f"/api/meetings/{asked['id']}/withdraw"

    # Neither the stand's team nor a stranger can take the buyer's request back.
    for stranger in (exhibitor, await person(container, client)):
        refused = await client.post(withdraw, headers=stranger)
        assert refused.status_code == 404, refused.text

    withdrawn = await client.post(withdraw, headers=buyer)
    assert (withdrawn.status_code, withdrawn.json()["state"]) == (200, "withdrawn")
    assert (await client.post(withdraw, headers=buyer)).json()["state"] == "withdrawn"
    # The stand no longer sees it, and it cannot be accepted any more.
    received = (await client.get(f"{base}/meetings/mine", headers=exhibitor)).json()["received"]
    assert [item["id"] for item in received] == []
    late = await client.post(
        f"/api/meetings/{asked['id']}/accept", json={"slot_start": slot(9)}, headers=exhibitor
    )
    assert (late.status_code, code(late)) == (409, "meeting_decided")
    assert "09:00" in await free_starts(client, base, stand)

    # The buyer may ask the same stand again; once that one is booked, it cannot be withdrawn.
    again = await client.post(ask, json={"slots": [slot(10)]}, headers=buyer)
    assert again.status_code == 201, again.text
    accepted = await client.post(
        f"/api/meetings/{again.json()['id']}/accept",
        json={"slot_start": slot(10)},
        headers=exhibitor,
    )
    assert accepted.status_code == 200, accepted.text
    booked = await client.post(f"/api/meetings/{again.json()['id']}/withdraw", headers=buyer)
    assert (booked.status_code, code(booked)) == (409, "meeting_decided")
