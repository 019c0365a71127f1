"""Moving a programme session (API and its edit page): the room is booked for the new quarters
and freed of the old ones in one transaction, a refused move changes nothing, the people who
added it keep it and their .ics feed shows the new time (a higher SEQUENCE), a smaller room
must seat them, and only the market's team edits it."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.e2e.test_market_programme_api import _code, _hour, _market_room, _room, session_body
from tests.e2e.test_markets_api import _ports, organiser
from tests.e2e.test_markets_pages import _email, _post
from tests.helpers import page_log_in, sign_up_and_log_in

__all__ = ["_ports"]
MARTINIQUE = ZoneInfo("America/Martinique")


async def feed_event(client: AsyncTestClient, headers: dict[str, str]) -> icalendar.Event:
    agenda = (await client.get("/api/markets/agenda", headers=headers)).json()
    feed = await client.get("/" + agenda["feed_url"].split("/", 3)[3])
    event: icalendar.Event = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")[0]
    return event


async def test_a_move_keeps_the_room_rule_and_the_agenda_follows(
    client: AsyncTestClient, container: Container
) -> None:
    headers, base, room = await _market_room(client, container, 20)
    start, other_start = _hour(4), _hour(6)
    made = await client.post(f"{base}/sessions", json=session_body(room, start), headers=headers)
    assert made.status_code == 201, made.text
    other = await client.post(
        f"{base}/sessions", json=session_body(room, other_start), headers=headers
    )
    assert other.status_code == 201, other.text
    session = f"{base}/sessions/{made.json()['id']}"
    visitor = await sign_up_and_log_in(client, "audience")
    assert (await client.post(f"{session}/agenda", headers=visitor)).status_code == 201
    before = await feed_event(client, visitor)
    assert before["DTSTART"].dt == start

    # Onto the other session's second half hour: refused, and nothing moved or was freed.
    clash = await client.put(
        session, json=session_body(room, other_start + timedelta(minutes=30)), headers=headers
    )
    assert clash.status_code == 409
    assert _code(clash) == "room_taken"
    assert (await client.get(session)).json()["session"]["starts_at"][:16] == start.isoformat()[:16]
    squat = await client.post(f"{base}/sessions", json=session_body(room, start), headers=headers)
    assert _code(squat) == "room_taken"

    # Another organiser does not edit it.
    stranger = await organiser(client, container)
    later = session_body(room, _hour(8), minutes=90)
    assert (await client.put(session, json=later, headers=stranger)).status_code in (403, 404)

    moved = await client.put(session, json=later, headers=headers)
    assert moved.status_code == 200, moved.text
    after = await feed_event(client, visitor)
    assert after["DTSTART"].dt == _hour(8)
    assert after["DTEND"].dt == _hour(8) + timedelta(minutes=90)
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["UID"]) == str(before["UID"])  # the same event, moved
    view = (await client.get(session, headers=visitor)).json()
    assert view["in_agenda"] is True
    # The old hour is free for another session; the new one is not.
    freed = await client.post(f"{base}/sessions", json=session_body(room, start), headers=headers)
    assert freed.status_code == 201, freed.text
    taken = await client.post(
        f"{base}/sessions", json=session_body(room, _hour(9)), headers=headers
    )
    assert _code(taken) == "room_taken"

    # A room with fewer seats than the people holding it in their agenda is refused.
    tiny = await _room(client, base, headers, 1)
    assert (await client.post(f"{session}/agenda", headers=headers)).status_code == 201
    small = await client.put(session, json=session_body(tiny, _hour(8)), headers=headers)
    assert small.status_code == 409
    assert _code(small) == "room_too_small"


async def test_the_edit_page_moves_a_session_and_keeps_the_form_on_a_refusal(
    client: AsyncTestClient, container: Container
) -> None:
    headers, base, room = await _market_room(client, container, 20)
    market = (await client.get(base)).json()
    body = session_body(room, _hour(4), descriptions={"fr": "Rencontre.", "en": "A meeting."})
    made = await client.post(f"{base}/sessions", json=body, headers=headers)
    blocker = await client.post(
        f"{base}/sessions", json=session_body(room, _hour(6)), headers=headers
    )
    assert blocker.status_code == 201
    page = f"/marches/{market['slug']}/programme/{made.json()['id']}"
    edit = f"{page}/modifier"

    visitor = await sign_up_and_log_in(client, "audience")
    await page_log_in(client, await _email(client, visitor))
    assert 'id="edit-session"' not in (await client.get(page)).text
    assert (await client.get(edit)).status_code == 403
    client.cookies.clear()

    await page_log_in(client, await _email(client, headers))
    assert 'id="edit-session"' in (await client.get(page)).text
    form = await client.get(edit)
    assert form.status_code == 200
    local = _hour(4).astimezone(MARTINIQUE)
    assert f'value="{local:%Y-%m-%dT%H:%M}"' in form.text
    assert "Le bèlè aujourd&#39;hui" in form.text or "Le bèlè aujourd'hui" in form.text

    fields = {
        "room_id": room,
        "kind": "talk",
        "audience": "public",
        "title_fr": "Le bèlè, déplacé",
        "ends_at": f"{_hour(7).astimezone(MARTINIQUE):%Y-%m-%dT%H:%M}",
        "speakers": "Manuela Rémy",
    }
    clash = await _post(
        client, edit, edit, **fields, starts_at=f"{_hour(6).astimezone(MARTINIQUE):%Y-%m-%dT%H:%M}"
    )
    assert clash.status_code == 409
    assert "data-error" in clash.text
    assert 'value="Le bèlè, déplacé"' in clash.text  # the form is kept

    new_start = _hour(5).astimezone(MARTINIQUE)
    saved = await _post(
        client,
        edit,
        edit,
        **{**fields, "ends_at": f"{_hour(6).astimezone(MARTINIQUE):%Y-%m-%dT%H:%M}"},
        starts_at=f"{new_start:%Y-%m-%dT%H:%M}",
    )
    assert saved.status_code == 303, saved.text
    shown = (await client.get(f"{base}/sessions/{made.json()['id']}")).json()["session"]
    assert shown["starts_at"][:16] == _hour(5).isoformat()[:16]
    assert shown["titles"]["fr"] == "Le bèlè, déplacé"
    assert shown["descriptions"].get("en") == "A meeting."  # no field for it: kept
