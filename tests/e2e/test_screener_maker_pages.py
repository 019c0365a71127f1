"""The rights holder's screener forms over HTTP: "Nouveau screener" makes one and invites
people, a refused form keeps its values and makes nothing, and the settings page edits only
one's own screener."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from litestar.testing import AsyncTestClient

from accounts.domain import Role
from infra.i18n.context import DEFAULT_TIME_ZONE
from lakou.bootstrap import Container
from marketplace.screeners.tables import ScreenerRow
from tests.helpers import CSRF_INPUT, page_log_in
from tests.meeting_helpers import person
from tests.organisation_helpers import recording_notifier
from tests.screener_helpers import email_of, invitation_of, make_screener, work_with_media

NEW = "/screeners/envoyes/nouveau"


def _local(days: float) -> str:
    moment = datetime.now(UTC) + timedelta(days=days)
    return moment.astimezone(ZoneInfo(DEFAULT_TIME_ZONE)).strftime("%Y-%m-%dT%H:%M")


def _token(text: str) -> str:
    found = CSRF_INPUT.search(text)
    assert found
    return found.group(1)


async def test_a_rights_holder_makes_a_screener_from_the_form(
    client: AsyncTestClient, container: Container
) -> None:
    notifier = recording_notifier(container)
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    work_id = await work_with_media(client, container, owner)
    viewer_email = await email_of(client, viewer)
    await page_log_in(client, await email_of(client, owner))
    assert NEW in (await client.get("/screeners/envoyes")).text
    page = await client.get(NEW)
    assert page.status_code == 200
    assert f'<option value="{work_id}"' in page.text
    # No country header here: the field is shown, disabled, with the reason.
    assert 'aria-describedby="countries-off"' in page.text
    assert "LAKOU_COUNTRY_HEADER" in page.text
    form = {
        "_csrf_token": _token(page.text),
        "work_id": work_id,
        "emails": f"{viewer_email}\nprogrammatrice@festival.example",
        "closes_at": _local(7),
        "max_views": "3",
        "password": "secret-pro",
        "session_policy": "end_first",
    }

    refused = await client.post(NEW, data={**form, "max_views": "0"})
    assert refused.status_code == 422
    assert "Le nombre de visionnages par personne va de 1 à 50." in refused.text
    assert "programmatrice@festival.example" in refused.text  # the values are kept
    assert "secret-pro" not in refused.text
    assert await ScreenerRow.count() == 0
    assert not notifier.sent

    made = await client.post(NEW, data=form, follow_redirects=False)
    assert made.status_code == 303
    screener_id = made.headers["location"].split("/")[3]
    assert made.headers["location"] == f"/screeners/envoyes/{screener_id}/rapport"
    screener = (await client.get(f"/api/screeners/{screener_id}", headers=owner)).json()
    assert (screener["max_views"], screener["password"], screener["session_policy"]) == (
        3,
        True,
        "end_first",
    )
    assert await invitation_of(client, viewer, screener_id)
    assert [s for s in notifier.sent if s.to == "programmatrice@festival.example"]


async def test_the_settings_page_edits_one_s_own_screener_only(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer, stranger = await person(container, client), await person(container, client)
    work_id = await work_with_media(client, container, owner)
    screener = await make_screener(client, owner, work_id, viewer, password="secret-pro")
    settings = f"/screeners/envoyes/{screener['id']}/reglages"

    await page_log_in(client, await email_of(client, stranger))
    assert (await client.get(settings)).status_code == 404

    await page_log_in(client, await email_of(client, owner))
    page = await client.get(settings)
    assert page.status_code == 200
    assert 'name="remove_password"' in page.text
    form = {
        "_csrf_token": _token(page.text),
        "opens_at": _local(-0.01),
        "closes_at": _local(3),
        "max_views": "5",
        "session_policy": "refuse_second",
        "remove_password": "1",
    }
    refused = await client.post(settings, data={**form, "closes_at": _local(-1)})
    assert refused.status_code == 422
    assert 'value="5"' in refused.text
    unchanged = (await client.get(f"/api/screeners/{screener['id']}", headers=owner)).json()
    assert (unchanged["max_views"], unchanged["password"]) == (1, True)

    saved = await client.post(settings, data=form, follow_redirects=False)
    assert saved.status_code == 303
    changed = (await client.get(f"/api/screeners/{screener['id']}", headers=owner)).json()
    assert (changed["max_views"], changed["password"]) == (5, False)
