"""The screeners' pages: "Mes screeners", a screener's page with its player, and the rights
holder's report; someone else gets the not-found page."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from accounts.domain import Role
from lakou.bootstrap import Container
from tests.helpers import CSRF_INPUT, page_log_in
from tests.meeting_helpers import person
from tests.screener_helpers import (
    email_of,
    invitation_of,
    make_screener,
    open_view,
    work_with_media,
)


async def test_the_viewer_finds_their_screener_and_the_holder_its_report(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer, stranger = await person(container, client), await person(container, client)
    work_id = await work_with_media(client, container, owner)
    screener = await make_screener(client, owner, work_id, viewer, password="secret-pro")
    invitation_id = await invitation_of(client, viewer, screener["id"])
    assert (
        await open_view(client, viewer, invitation_id, password="secret-pro")
    ).status_code == 201
    viewer_email, owner_email = await email_of(client, viewer), await email_of(client, owner)

    await page_log_in(client, viewer_email)
    mine = await client.get("/screeners")
    assert mine.status_code == 200
    assert f"/screeners/{invitation_id}" in mine.text
    page = await client.get(f"/screeners/{invitation_id}")
    assert page.status_code == 200
    assert 'data-open-url="/api/screeners/invitations/' in page.text
    assert 'name="password"' in page.text
    assert "/static/screeners/screener.js" in page.text
    assert (await client.get(f"/screeners/envoyes/{screener['id']}/rapport")).status_code == 404

    await page_log_in(client, await email_of(client, stranger))
    assert (await client.get(f"/screeners/{invitation_id}")).status_code == 404

    await page_log_in(client, owner_email)
    report = await client.get(f"/screeners/envoyes/{screener['id']}/rapport")
    assert report.status_code == 200
    assert viewer_email in report.text
    assert f"/api/screeners/{screener['id']}/report.csv" in report.text
    follow = CSRF_INPUT.search(report.text)
    assert follow
    followed = await client.post(
        f"/screeners/envoyes/{screener['id']}/suivi/{invitation_id}",
        data={"alert": "1", "_csrf_token": follow.group(1)},
        follow_redirects=False,
    )
    assert followed.status_code == 303
    rows = (await client.get(f"/api/screeners/{screener['id']}/report", headers=owner)).json()
    assert rows[0]["alert"] is True
    assert "/rapport" in (await client.get("/screeners/envoyes")).text
    script = await client.get("/static/screeners/screener.js")
    assert script.status_code == 200
    assert "MutationObserver" in script.text
