"""The scheduling API as people use it: staff open a calendar, a person books a table for
themself, nobody else sees or cancels it, bad input changes nothing, the .ics URL follows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import uuid4

import icalendar
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from scheduling.tables import ScheduleBooking, ScheduleCalendar, ScheduleWindow
from tests.helpers import page_log_in, sign_up_and_log_in, staff_headers

DAY = date.today() + timedelta(days=21)
NINE_IN_MARTINIQUE = datetime.combine(DAY, time(13), tzinfo=UTC)


async def _calendar_with_a_table(client: AsyncTestClient, staff: dict[str, str]) -> dict[str, Any]:
    created = await client.post(
        "/api/scheduling/calendars",
        json={"scope_kind": "venue", "scope_id": str(uuid4()), "name": "Salle des fêtes"},
        headers=staff,
    )
    assert created.status_code == 201, created.text
    calendar = created.json()
    base = f"/api/scheduling/calendars/{calendar['id']}"
    window = await client.post(
        f"{base}/windows",
        json={"day": DAY.isoformat(), "starts": "09:00", "ends": "15:30"},
        headers=staff,
    )
    assert window.status_code == 201, window.text
    table = await client.post(
        f"{base}/resources", json={"kind": "table", "name": "Table 7"}, headers=staff
    )
    assert table.status_code == 201, table.text
    return {"calendar": calendar, "table": table.json()}


async def test_a_person_books_a_table_sees_it_in_the_agenda_and_cancels_it(
    client: AsyncTestClient, container: Container
) -> None:
    made = await _calendar_with_a_table(client, await staff_headers(client, container))
    table_id = made["table"]["id"]
    me = await sign_up_and_log_in(client, role="audience")

    slots = (await client.get(f"/api/scheduling/resources/{table_id}/slots", headers=me)).json()
    assert len(slots) == 13
    assert slots[0]["local_start"].startswith(f"{DAY.isoformat()}T09:00:00-04:00")
    booked = await client.post(
        f"/api/scheduling/resources/{table_id}/bookings",
        json={"slot_start": slots[0]["starts_at"], "label": "Rencontre"},
        headers=me,
    )
    assert booked.status_code == 201, booked.text
    again = await client.post(
        f"/api/scheduling/resources/{table_id}/bookings",
        json={"slot_start": slots[0]["starts_at"]},
        headers=await sign_up_and_log_in(client, role="audience"),
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "slot_taken"
    left = (await client.get(f"/api/scheduling/resources/{table_id}/slots", headers=me)).json()
    assert len(left) == 12

    agenda = (await client.get("/api/scheduling/agenda", headers=me)).json()
    assert [item["label"] for item in agenda] == ["Rencontre"]
    assert agenda[0]["with_resources"] == ["Table 7"]
    booking_id = next(b["id"] for b in booked.json() if b["resource_id"] == table_id)

    stranger = await sign_up_and_log_in(client, role="audience")
    refused = await client.delete(f"/api/scheduling/bookings/{booking_id}", headers=stranger)
    assert refused.status_code == 404
    cancelled = await client.delete(f"/api/scheduling/bookings/{booking_id}", headers=me)
    assert cancelled.status_code == 200
    assert {b["status"] for b in cancelled.json()} == {"cancelled"}
    twice = await client.delete(f"/api/scheduling/bookings/{booking_id}", headers=me)
    assert twice.status_code == 409


async def test_only_managers_open_calendars_and_bad_input_changes_nothing(
    client: AsyncTestClient, container: Container
) -> None:
    person = await sign_up_and_log_in(client, role="creator")
    refused = await client.post(
        "/api/scheduling/calendars",
        json={"scope_kind": "venue", "scope_id": str(uuid4()), "name": "Le mien"},
        headers=person,
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_a_manager"
    staff = await staff_headers(client, container)
    for body, code in (
        (
            {
                "scope_kind": "market",
                "scope_id": str(uuid4()),
                "name": "X",
                "time_zone": "Mars/Base",
            },
            "unknown_time_zone",
        ),
        (
            {"scope_kind": "venue", "scope_id": str(uuid4()), "name": "X", "slot_minutes": 1},
            "bad_slot_length",
        ),
    ):
        answer = await client.post("/api/scheduling/calendars", json=body, headers=staff)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["code"] == code
    assert await ScheduleCalendar.count() == 0

    made = await _calendar_with_a_table(client, staff)
    base = f"/api/scheduling/calendars/{made['calendar']['id']}"
    overlap = await client.post(
        f"{base}/windows",
        json={"day": DAY.isoformat(), "starts": "15:00", "ends": "18:00"},
        headers=staff,
    )
    assert overlap.status_code == 422
    assert overlap.json()["error"]["code"] == "windows_overlap"
    malformed = await client.post(
        f"{base}/windows",
        json={"day": DAY.isoformat(), "starts": "25:00", "ends": "26:00"},
        headers=staff,
    )
    assert malformed.status_code == 400
    assert await ScheduleWindow.count() == 1
    outside = await client.post(
        f"/api/scheduling/resources/{made['table']['id']}/bookings",
        json={"slot_start": (NINE_IN_MARTINIQUE - timedelta(hours=1)).isoformat()},
        headers=person,
    )
    assert outside.status_code == 422
    assert outside.json()["error"]["code"] == "not_a_slot"
    assert await ScheduleBooking.count() == 0


async def test_the_feed_url_serves_the_agenda_until_rotated_and_the_page_shows_it(
    client: AsyncTestClient, container: Container
) -> None:
    made = await _calendar_with_a_table(client, await staff_headers(client, container))
    me = await sign_up_and_log_in(client, role="audience")
    await client.post(
        f"/api/scheduling/resources/{made['table']['id']}/bookings",
        json={"slot_start": NINE_IN_MARTINIQUE.isoformat(), "label": "Bèlè"},
        headers=me,
    )
    url = (await client.get("/api/scheduling/agenda/feed", headers=me)).json()["url"]
    path = url[url.index("/api/") :]

    feed = await client.get(path)  # no session: calendar apps fetch it on their own

    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["Bèlè"]
    rotated = (await client.post("/api/scheduling/agenda/feed/rotate", headers=me)).json()["url"]
    assert (await client.get(path)).status_code == 404
    assert (await client.get(rotated[rotated.index("/api/") :])).status_code == 200

    email = (await client.get("/api/auth/me", headers=me)).json()["email"]
    await page_log_in(client, email)
    page = await client.get("/agenda")
    assert page.status_code == 200
    assert "Bèlè" in page.text
    assert rotated[rotated.index("/api/") :] in page.text
