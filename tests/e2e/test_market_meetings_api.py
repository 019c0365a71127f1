"""Meetings at a market over the API: the managers' meeting hours and quotas, an accredited
professional asking a stand, the exhibitor's answer, the .ics, and what concurrency cannot break
(one table, one person, one quota: exactly one of the racing accepts wins, on both engines)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar.testing import AsyncTestClient

from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.markets.meetings.reminders import MeetingReminders
from marketplace.markets.meetings.service import MeetingService
from tests.e2e.test_markets_api import open_market, organiser
from tests.meeting_helpers import (
    accredited,
    as_principal,
    code,
    meeting_day,
    meeting_hours,
    person,
    race,
    slot,
    stand_of_new_creator,
    user_id,
)
from tests.organisation_helpers import ensure_notifier


@pytest.fixture(autouse=True)
def _ports(container: Container) -> None:
    ensure_notifier(container)


async def kinds_told(client: AsyncTestClient, headers: dict[str, str]) -> list[str]:
    centre = await client.get("/api/notifications/", headers=headers)
    return [item["kind"] for item in centre.json()["items"]]


async def test_a_buyer_asks_a_stand_and_the_exhibitor_accepts_one_slot(
    client: AsyncTestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    base = f"/api/markets/{market['id']}"
    exhibitor, stand = await stand_of_new_creator(client, container, manager, market["id"])

    # Meeting hours: the managers' only, and inside the market's window.
    stranger = await person(container, client)
    day = {"day": meeting_day().isoformat(), "starts": "09:00", "ends": "12:00"}
    refused = await client.post(f"{base}/meetings/days", json=day, headers=stranger)
    assert refused.status_code == 403
    late = {**day, "day": (meeting_day() + timedelta(days=10)).isoformat()}
    outside = await client.post(f"{base}/meetings/days", json=late, headers=manager)
    assert outside.status_code == 422
    assert code(outside) == "meeting_outside_window"
    await meeting_hours(client, manager, market["id"])
    days = (await client.get(f"{base}/meetings/days")).json()
    assert [(d["starts"], d["ends"]) for d in days] == [("09:00:00", "12:00:00")]
    assert days[0]["starts_at"].startswith(f"{meeting_day().isoformat()}T13:00:00")

    free = (await client.get(f"{base}/stands/{stand['id']}/meetings/free")).json()
    assert [f["local_start"] for f in free][:3] == ["09:00", "09:30", "10:00"]
    assert len(free) == 6

    # Not accredited: refused, and nothing is stored.
    ask = {"slots": [slot(9), slot(10)], "message": "<b>Catalogue</b> pour Cancún"}
    unaccredited = await client.post(
        f"{base}/stands/{stand['id']}/meetings", json=ask, headers=stranger
    )
    assert unaccredited.status_code == 403
    assert code(unaccredited) == "accreditation_required"

    buyer = await accredited(client, container, manager, market["id"])
    bad = {
        "invalid_meeting_slots": {"slots": [slot(9), slot(9, 30), slot(10), slot(10, 30)]},
        "not_a_slot": {"slots": [slot(9, 10)]},
    }
    for expected, body in bad.items():
        answer = await client.post(
            f"{base}/stands/{stand['id']}/meetings", json=body, headers=buyer
        )
        assert answer.status_code == 422, (expected, answer.text)
        assert code(answer) == expected
    asked = await client.post(f"{base}/stands/{stand['id']}/meetings", json=ask, headers=buyer)
    assert asked.status_code == 201, asked.text
    meeting = asked.json()
    assert meeting["state"] == "requested"
    again = await client.post(f"{base}/stands/{stand['id']}/meetings", json=ask, headers=buyer)
    assert again.status_code == 409
    assert code(again) == "meeting_already_requested"

    # Only the stand's exhibitor answers: a stranger is refused, the buyer does not find it.
    accept = f"/api/meetings/{meeting['id']}/accept"
    assert (
        await client.post(accept, json={"slot_start": slot(9)}, headers=stranger)
    ).status_code == 403
    assert (
        await client.post(accept, json={"slot_start": slot(9)}, headers=buyer)
    ).status_code == 404
    other = await client.post(accept, json={"slot_start": slot(11)}, headers=exhibitor)
    assert other.status_code == 422
    assert code(other) == "slot_not_proposed"
    accepted = await client.post(accept, json={"slot_start": slot(10)}, headers=exhibitor)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["state"] == "booked"
    twice = await client.post(accept, json={"slot_start": slot(9)}, headers=exhibitor)
    assert twice.status_code == 409
    assert code(twice) == "meeting_decided"

    events = await OutboxMessage.select().where(OutboxMessage.event_type == "meeting.booked")
    mine = [e for e in events if str(e["aggregate_id"]) == meeting["id"]]
    assert len(mine) == 1
    # The stand's only table is no longer free at 10:00.
    free = (await client.get(f"{base}/stands/{stand['id']}/meetings/free")).json()
    assert "10:00" not in [f["local_start"] for f in free]

    # Both sides list it and download its .ics (Martinique time); nobody else does.
    lists = (await client.get(f"{base}/meetings/mine", headers=buyer)).json()
    assert [m["state"] for m in lists["asked"]] == ["booked"]
    assert (await client.get(f"{base}/meetings/mine", headers=exhibitor)).json()["received"]
    ics_url = lists["asked"][0]["ics_url"]
    for side in (buyer, exhibitor):
        ics = await client.get(ics_url, headers=side)
        assert ics.status_code == 200
        assert ics.headers["content-type"].startswith("text/calendar")
        assert f"DTSTART;TZID=America/Martinique:{meeting_day():%Y%m%d}T100000" in ics.text
    assert (await client.get(ics_url, headers=stranger)).status_code == 404
    # And it is in the buyer's own agenda feed (scheduling).
    agenda = (await client.get("/api/scheduling/agenda", headers=buyer)).json()
    assert [(item["label"], item["slot_start"][:16]) for item in agenda] == [
        (f"Rendez-vous · {stand['name']}", slot(10)[:16])
    ]

    # Told in the centre: the exhibitor of the request, the buyer of the answer; then, half an
    # hour before, both of the meeting, once however often the reminder job runs.
    assert "markets.meeting_requested" in await kinds_told(client, exhibitor)
    assert "markets.meeting_answered" in await kinds_told(client, buyer)
    reminders = container.services.get(MeetingReminders)
    soon = datetime.fromisoformat(slot(10)) - timedelta(minutes=20)
    monkeypatch.setattr(reminders, "_now", lambda: soon)
    assert await reminders.remind() == 2
    await reminders.remind()
    for side in (buyer, exhibitor):
        assert (await kinds_told(client, side)).count("markets.meeting_reminder") == 1


async def test_declining_needs_a_reason_and_quotas_refuse_the_extra_meeting(
    client: AsyncTestClient, container: Container
) -> None:
    manager, market, base = await market_with_meeting_hours(client, container)
    first_stand = await stand_of_new_creator(client, container, manager, market["id"])
    second_stand = await stand_of_new_creator(client, container, manager, market["id"])
    wrong = await client.put(
        f"{base}/meetings/quotas", json={"per_day": {"vip": 2}}, headers=manager
    )
    assert wrong.status_code == 422
    too_many = await client.put(
        f"{base}/meetings/quotas", json={"per_day": {"buyer": 500}}, headers=manager
    )
    assert code(too_many) == "invalid_quota"
    quotas = await client.put(
        f"{base}/meetings/quotas", json={"per_day": {"buyer": 1}}, headers=manager
    )
    assert quotas.json() == {"per_day": {"buyer": 1}}

    buyer = await accredited(client, container, manager, market["id"])
    requests = []
    for _, stand in (first_stand, second_stand):
        asked = await client.post(
            f"{base}/stands/{stand['id']}/meetings", json={"slots": [slot(9)]}, headers=buyer
        )
        requests.append(asked.json()["id"])
    (first_exhibitor, _), (second_exhibitor, _) = first_stand, second_stand
    no_reason = await client.post(
        f"/api/meetings/{requests[1]}/decline", json={"reason": "  "}, headers=second_exhibitor
    )
    assert code(no_reason) == "reason_required"
    # The buyer is busy at 9:00 once booked; at their quota, any other meeting that day is refused.
    booked = await client.post(
        f"/api/meetings/{requests[0]}/accept", json={"slot_start": slot(9)}, headers=first_exhibitor
    )
    assert booked.status_code == 200
    extra = await client.post(
        f"/api/meetings/{requests[1]}/accept",
        json={"slot_start": slot(9)},
        headers=second_exhibitor,
    )
    assert extra.status_code == 409
    assert code(extra) == "meeting_quota_reached"
    declined = await client.post(
        f"/api/meetings/{requests[1]}/decline",
        json={"reason": "Quota du jour atteint"},
        headers=second_exhibitor,
    )
    assert declined.json()["state"] == "declined"
    assert declined.json()["reason"] == "Quota du jour atteint"


async def market_with_meeting_hours(
    client: AsyncTestClient, container: Container
) -> tuple[dict[str, str], dict[str, Any], str]:
    """An open market with meeting hours tomorrow from 9:00 to 12:00: its manager, it, its API."""
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    await meeting_hours(client, manager, market["id"])
    return manager, market, f"/api/markets/{market['id']}"


async def test_racing_accepts_book_a_table_a_person_and_a_quota_once(
    client: AsyncTestClient, container: Container
) -> None:
    manager, market, base = await market_with_meeting_hours(client, container)
    exhibitor, stand = await stand_of_new_creator(client, container, manager, market["id"])
    service = container.services.get(MeetingService)
    exhibitor_principal = await as_principal(client, exhibitor)
    at_nine = datetime.fromisoformat(slot(9))

    # Five buyers want the stand's one table at 9:00; the exhibitor accepts all at once.
    buyers = [await accredited(client, container, manager, market["id"]) for _ in range(5)]
    asked = [
        (
            await client.post(
                f"{base}/stands/{stand['id']}/meetings", json={"slots": [slot(9)]}, headers=buyer
            )
        ).json()["id"]
        for buyer in buyers
    ]
    won, lost = await race(
        [service.accept(exhibitor_principal, UUID(item), at_nine) for item in asked]
    )
    assert won == 1
    assert lost == ["slot_taken"] * 4
    states = [
        (await client.get(f"{base}/meetings/mine", headers=buyer)).json()["asked"][0]["state"]
        for buyer in buyers
    ]
    assert sorted(states) == ["booked"] + ["requested"] * 4

    # One request accepted twice at once (two tabs): one booking.
    second = await stand_of_new_creator(client, container, manager, market["id"])
    buyer = buyers[0]
    request = await client.post(
        f"{base}/stands/{second[1]['id']}/meetings", json={"slots": [slot(10)]}, headers=buyer
    )
    second_principal = await as_principal(client, second[0])
    at_ten = datetime.fromisoformat(slot(10))
    won, lost = await race(
        [service.accept(second_principal, UUID(request.json()["id"]), at_ten) for _ in range(4)]
    )
    assert won == 1
    assert set(lost) == {"meeting_decided"}

    # A quota of one buyer meeting a day: two stands accepting a fresh buyer's requests at
    # once (different slots, tables and exhibitors): one is booked, the other refused.
    await client.put(f"{base}/meetings/quotas", json={"per_day": {"buyer": 1}}, headers=manager)
    fresh = await accredited(client, container, manager, market["id"])
    pending = []
    for n in range(2):
        other_headers, other_stand = await stand_of_new_creator(
            client, container, manager, market["id"]
        )
        made = await client.post(
            f"{base}/stands/{other_stand['id']}/meetings",
            json={"slots": [slot(11, 30 * n)]},
            headers=fresh,
        )
        pending.append((await as_principal(client, other_headers), UUID(made.json()["id"])))
    won, lost = await race(
        [
            service.accept(who, meeting_id, datetime.fromisoformat(slot(11, 30 * n)))
            for n, (who, meeting_id) in enumerate(pending)
        ]
    )
    assert won == 1
    assert lost == ["meeting_quota_reached"]
    fresh_id = await user_id(client, fresh)
    listed = (await client.get(f"{base}/meetings/mine", headers=fresh)).json()["asked"]
    assert sorted(m["state"] for m in listed) == ["booked", "requested"]
    assert all(m["professional_id"] == str(fresh_id) for m in listed)
