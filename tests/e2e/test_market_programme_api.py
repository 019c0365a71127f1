"""A market's programme over the API: rooms and sessions that never overlap in a room, bad
input refused and changing nothing, accredited-only sessions hidden, the personal agenda with
its .ics feed, a session's .ics file, and a premiere's clock given by the server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.markets.programme.service import ProgrammeService
from tests.e2e.test_markets_api import _ports, open_market, organiser
from tests.helpers import published_work, sign_up_and_log_in
from tests.organisation_helpers import verified_organisation

__all__ = ["_ports"]  # the markets' autouse fixture (a notifier for the mails)


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


def _hour(hours: int) -> datetime:
    """A whole hour ahead of now, in UTC (a quarter-hour mark in Martinique too)."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return now + timedelta(hours=hours)


def session_body(room_id: str, starts: datetime, minutes: int = 60, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "room_id": room_id,
        "kind": "talk",
        "titles": {"fr": "Le bèlè aujourd'hui", "gcf": "Bèlè jòdi-a"},
        "descriptions": {"fr": "Rencontre avec des tanbouyè."},
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(minutes=minutes)).isoformat(),
        "speakers": [{"name": "Manuela Rémy"}],
    }
    body.update(extra)
    return body


async def _market_room(
    client: AsyncTestClient, container: Container, seats: int
) -> tuple[dict[str, str], str, str]:
    """An organiser's open market with a room: their headers, the market's API base, the room."""
    headers = await organiser(client, container)
    market = await open_market(client, headers)
    base = f"/api/markets/{market['id']}"
    return headers, base, await _room(client, base, headers, seats)


async def _room(client: AsyncTestClient, base: str, headers: dict[str, str], seats: int) -> str:
    made = await client.post(
        f"{base}/rooms", json={"name": "Salle Frantz Fanon", "seats": seats}, headers=headers
    )
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def test_sessions_never_overlap_in_a_room_and_bad_input_changes_nothing(
    client: AsyncTestClient, container: Container
) -> None:
    headers, base, room = await _market_room(client, container, 40)
    other_room = await _room(client, base, headers, 40)
    start = _hour(3)

    first = await client.post(f"{base}/sessions", json=session_body(room, start), headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["room"] == "Salle Frantz Fanon"
    overlapping = session_body(room, start + timedelta(minutes=45))
    taken = await client.post(f"{base}/sessions", json=overlapping, headers=headers)
    assert taken.status_code == 409
    assert _code(taken) == "room_taken"
    # Right after it in the same room, or at the same time in another room: fine.
    after = await client.post(
        f"{base}/sessions", json=session_body(room, start + timedelta(hours=1), 30), headers=headers
    )
    assert after.status_code == 201, after.text
    elsewhere = await client.post(
        f"{base}/sessions", json=session_body(other_room, start), headers=headers
    )
    assert elsewhere.status_code == 201

    bad = {
        "outside_window": session_body(room, start + timedelta(days=5)),
        "session_off_grid": session_body(room, start + timedelta(hours=4, minutes=7)),
        "invalid_session_times": session_body(room, start + timedelta(hours=5), minutes=-30),
        "title_required": session_body(room, start + timedelta(hours=5), titles={"en": "Bèlè"}),
        "premiere_needs_one_work": session_body(room, start + timedelta(hours=5), kind="premiere"),
        "invalid_session_kind": session_body(room, start + timedelta(hours=5), kind="party"),
        "invalid_window": session_body(
            room, start + timedelta(hours=5), starts_at="2030-01-01T10:00:00"
        ),
    }
    for code, body in bad.items():
        refused = await client.post(f"{base}/sessions", json=body, headers=headers)
        assert refused.status_code == 422, (code, refused.text)
        assert _code(refused) == code
    unknown_room = await client.post(
        f"{base}/sessions", json=session_body(first.json()["id"], start), headers=headers
    )
    assert unknown_room.status_code == 404
    assert len((await client.get(f"{base}/sessions")).json()) == 3

    # Someone outside the team: 403 on a public market; nothing written.
    visitor = await sign_up_and_log_in(client, "audience")
    assert (
        await client.post(f"{base}/rooms", json={"name": "Salle", "seats": 5}, headers=visitor)
    ).status_code == 403
    refused = await client.post(
        f"{base}/sessions", json=session_body(room, start + timedelta(hours=6)), headers=visitor
    )
    assert refused.status_code == 403
    assert (
        await client.post(f"{base}/rooms", json={"name": "Salle", "seats": 0}, headers=headers)
    ).status_code == 422

    # Moving the first session a quarter earlier frees and takes its room in one transaction;
    # cancelling it frees its hour for another session.
    session_id = first.json()["id"]
    moved = await client.put(
        f"{base}/sessions/{session_id}",
        json=session_body(room, start - timedelta(minutes=15)),
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    cancelled = await client.post(f"{base}/sessions/{session_id}/cancel", headers=headers)
    assert cancelled.json()["state"] == "cancelled"
    again = await client.post(f"{base}/sessions/{session_id}/cancel", headers=headers)
    assert again.status_code == 409
    replacement = await client.post(
        f"{base}/sessions", json=session_body(room, start - timedelta(minutes=15)), headers=headers
    )
    assert replacement.status_code == 201, replacement.text

    # The market's window grows by two days: sessions may take place on the new days.
    market = (await client.get(base)).json()
    fields = ("name", "edition", "descriptions", "sections", "opens_at", "slug")
    longer = {key: market[key] for key in fields}
    longer["closes_at"] = (
        datetime.fromisoformat(market["closes_at"]) + timedelta(days=2)
    ).isoformat()
    assert (await client.put(base, json=longer, headers=headers)).status_code == 200
    later = await client.post(
        f"{base}/sessions", json=session_body(room, start + timedelta(days=4)), headers=headers
    )
    assert later.status_code == 201, later.text


async def test_accredited_only_sessions_the_agenda_and_its_calendar_files(
    client: AsyncTestClient, container: Container
) -> None:
    headers, base, room = await _market_room(client, container, 1)
    start = _hour(2)
    private = await client.post(
        f"{base}/sessions",
        json=session_body(room, start, audience="accredited", titles={"fr": "Pitch <b>privé</b>"}),
        headers=headers,
    )
    assert private.status_code == 201, private.text
    session = f"{base}/sessions/{private.json()['id']}"

    buyer = await verified_organisation(
        client, container, await sign_up_and_log_in(client, "audience")
    )
    assert (await client.get(session)).status_code == 404
    assert (await client.get(session, headers=buyer)).status_code == 404
    assert (await client.post(f"{session}/agenda", headers=buyer)).status_code == 404
    assert (await client.get(f"{session}/ics", headers=buyer)).status_code == 404
    assert (await client.get(f"{base}/sessions", headers=buyer)).json() == []

    asked = await client.post(f"{base}/accreditations", json={"category": "buyer"}, headers=buyer)
    await client.post(f"{base}/accreditations/{asked.json()['id']}/grant", headers=headers)
    assert len((await client.get(f"{base}/sessions", headers=buyer)).json()) == 1
    joined = await client.post(f"{session}/agenda", headers=buyer)
    assert joined.status_code == 201, joined.text
    twice = await client.post(f"{session}/agenda", headers=buyer)
    assert _code(twice) == "already_in_agenda"
    # One seat: the organiser (the team sees it) finds the room full.
    full = await client.post(f"{session}/agenda", headers=headers)
    assert full.status_code == 409
    assert _code(full) == "session_full"
    view = (await client.get(session, headers=buyer)).json()
    assert view["in_agenda"] is True
    assert view["seats_left"] == 0

    agenda = (await client.get("/api/markets/agenda", headers=buyer)).json()
    assert [s["id"] for s in agenda["sessions"]] == [private.json()["id"]]
    feed_path = "/" + agenda["feed_url"].split("/", 3)[3]  # without the scheme and host
    feed = await client.get(feed_path)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    event = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Pitch <b>privé</b>"
    assert event["DTSTART"].params["TZID"] == "America/Martinique"
    assert event["DTSTART"].dt == start
    assert b"BEGIN:VTIMEZONE" in feed.content
    wrong_token = feed_path.rsplit("/", 1)[0] + "/nope.ics"
    assert (await client.get(wrong_token)).status_code == 404

    download = await client.get(f"{session}/ics", headers=buyer)
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    assert b"DTSTART;TZID=America/Martinique:" in download.content

    left = await client.delete(f"{session}/agenda", headers=buyer)
    assert left.status_code == 204
    assert (await client.delete(f"{session}/agenda", headers=buyer)).status_code == 404
    assert (await client.post(f"{session}/agenda", headers=headers)).status_code == 201


async def test_a_premiere_gives_the_servers_clock(
    client: AsyncTestClient, container: Container
) -> None:
    headers, base, room = await _market_room(client, container, 100)
    work = await published_work(client, await sign_up_and_log_in(client))
    start = _hour(1)
    made = await client.post(
        f"{base}/sessions",
        json=session_body(room, start, 90, kind="premiere", work_ids=[work]),
        headers=headers,
    )
    assert made.status_code == 201, made.text
    clock_url = f"{base}/sessions/{made.json()['id']}/premiere"

    before = (await client.get(clock_url)).json()
    assert before["phase"] == "countdown"
    assert 0 < before["seconds_to_start"] <= 3600
    assert before["work_id"] == work

    programme = container.services.get(ProgrammeService)
    programme.now = lambda: start + timedelta(minutes=12, seconds=30)
    during = (await client.get(clock_url)).json()
    assert during["phase"] == "live"
    assert during["position"] == 750.0
    assert during["server_now"].startswith(
        (start + timedelta(minutes=12)).strftime("%Y-%m-%dT%H:%M")
    )
    programme.now = lambda: start + timedelta(hours=2)
    assert (await client.get(clock_url)).json()["phase"] == "over"
    # Not a premiere: no clock.
    talk = await client.post(
        f"{base}/sessions", json=session_body(room, start + timedelta(hours=3)), headers=headers
    )
    assert (await client.get(f"{base}/sessions/{talk.json()['id']}/premiere")).status_code == 404
