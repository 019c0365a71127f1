"""The programme's pages over HTTP: the manager's forms (a refusal shown on the page, the form
kept), a session with its agenda button, the agenda in two time zones, a premiere's page."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.e2e.test_market_programme_api import _hour, _market_room
from tests.e2e.test_markets_api import _ports
from tests.e2e.test_markets_pages import _email, _post
from tests.helpers import page_log_in, sign_up_and_log_in

__all__ = ["_ports"]
MARTINIQUE = ZoneInfo("America/Martinique")


async def test_the_manager_programmes_a_session_and_a_visitor_adds_it_to_the_agenda(
    client: AsyncTestClient, container: Container
) -> None:
    headers, base, room = await _market_room(client, container, 20)
    market = (await client.get(base)).json()
    programme = f"/marches/{market['slug']}/programme"
    await page_log_in(client, await _email(client, headers))
    starts = _hour(4).astimezone(MARTINIQUE)
    form = {
        "room_id": room,
        "kind": "talk",
        "audience": "public",
        "title_fr": "Le <script>bèlè</script>",
        "title_gcf-MQ": "Bèlè jòdi-a",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "speakers": "Manuela Rémy\nEdmond Mondésir",
    }
    off_grid = await _post(
        client,
        programme,
        f"{programme}/seances",
        **{**form, "starts_at": starts.strftime("%Y-%m-%dT%H:07")},
    )
    assert off_grid.status_code == 422, off_grid.text
    assert "quart d&#39;heure" in off_grid.text or "quart d'heure" in off_grid.text
    assert 'value="Bèlè jòdi-a"' in off_grid.text  # the form is kept
    made = await _post(client, programme, f"{programme}/seances", **form)
    assert made.status_code == 303, made.text
    session_page = made.headers["location"]
    shown = await client.get(session_page)
    assert "Le &lt;script&gt;bèlè&lt;/script&gt;" in shown.text
    assert "<script>bèlè" not in shown.text
    assert "Bèlè jòdi-a" in shown.text
    assert "Edmond Mondésir" in shown.text
    assert 'id="cancel-session"' in shown.text  # the manager's button

    client.cookies.clear()
    visitor = await sign_up_and_log_in(client, "audience")
    await page_log_in(client, await _email(client, visitor))
    joined = await _post(client, session_page, f"{session_page}/agenda", action="add")
    assert joined.status_code == 303
    again = await _post(client, session_page, f"{session_page}/agenda", action="add")
    assert again.status_code == 409
    assert "déjà dans votre agenda" in again.text
    agenda = await client.get("/marches/agenda", params={"tz": "Europe/Paris"})
    assert agenda.status_code == 200
    assert "Le &lt;script&gt;bèlè&lt;/script&gt;" in agenda.text
    local = starts.astimezone(ZoneInfo("Europe/Paris"))
    assert local.strftime("%H:%M") in agenda.text  # the visitor's own time
    assert starts.strftime("%H:%M") in agenda.text  # and Martinique's
    assert "/api/markets/agenda/feeds/" in agenda.text
    assert 'id="cancel-session"' not in (await client.get(session_page)).text
    refused = await _post(client, session_page, f"{session_page}/annuler")
    assert refused.status_code == 403
    left = await _post(client, session_page, f"{session_page}/agenda", action="remove")
    assert left.status_code == 303
    assert "Aucune séance dans votre agenda" in (await client.get("/marches/agenda")).text

    # The manager cancels it: the page says so, and the room is free for another session.
    client.cookies.clear()
    await page_log_in(client, await _email(client, headers))
    cancelled = await _post(client, session_page, f"{session_page}/annuler")
    assert cancelled.status_code == 303
    assert "data-cancelled" in (await client.get(session_page)).text
    assert (await _post(client, programme, f"{programme}/seances", **form)).status_code == 303
