"""Withdrawing an invitation: every link of it stops at once (the viewing's heartbeat and
playlist, the marked copy's playlists and segments, a new opening), the others' go on, sending
the audience again does not bring it back, and only the screener's maker may do it. Withdrawing
the work stops its screeners the same way, until it is published again."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

from accounts.domain import Role
from lakou.bootstrap import Container
from tests.meeting_helpers import person
from tests.screener_helpers import (
    code,
    email_of,
    invitation_of,
    make_screener,
    open_view,
    screener_body,
    work_with_media,
)


async def _links(
    client: AsyncTestClient, viewer: dict[str, str], invitation_id: str
) -> dict[str, Any]:
    """An opened view's links, down to one marked segment."""
    opened = await open_view(client, viewer, invitation_id)
    assert opened.status_code == 201, opened.text
    body: dict[str, Any] = opened.json()
    master = await client.get(body["playlist"], headers=viewer)
    assert master.status_code == 200, master.text
    variant = next(line for line in master.text.splitlines() if line.startswith("/media/marked/"))
    playlist = await client.get(variant)
    assert playlist.status_code == 200, playlist.text
    segment = next(line for line in playlist.text.splitlines() if ".m4s?" in line)
    assert (await client.get(segment)).status_code == 200
    return {**body, "variant": variant, "segment": segment}


async def test_a_withdrawn_invitation_s_links_stop_at_once(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    kept, withdrawn = await person(container, client), await person(container, client)
    stranger = await person(container, client, Role.CREATOR)
    work_id = await work_with_media(client, container, owner)
    screener = await make_screener(client, owner, work_id, kept, withdrawn, max_views=3)
    base = f"/api/screeners/{screener['id']}"
    kept_links = await _links(client, kept, await invitation_of(client, kept, screener["id"]))
    invitation_id = await invitation_of(client, withdrawn, screener["id"])
    links = await _links(client, withdrawn, invitation_id)

    # Nobody but the maker withdraws it: another creator and the viewer get 404.
    for someone in (stranger, withdrawn):
        refused = await client.post(f"{base}/invitations/{invitation_id}/revoke", headers=someone)
        assert (refused.status_code, code(refused)) == (404, "not_found")
    revoked = await client.post(f"{base}/invitations/{invitation_id}/revoke", headers=owner)
    assert revoked.status_code == 200, revoked.text
    again = await client.post(f"{base}/invitations/{invitation_id}/revoke", headers=owner)
    assert again.json() == revoked.json()

    beat = await client.post(
        links["heartbeat"], json={"event": "tick", "position_s": 3.0}, headers=withdrawn
    )
    assert (beat.status_code, code(beat)) == (403, "invitation_revoked")
    master = await client.get(links["playlist"], headers=withdrawn)
    assert (master.status_code, code(master)) == (403, "invitation_revoked")
    for url in (links["variant"], links["segment"]):
        served = await client.get(url)
        assert (served.status_code, code(served)) == (403, "link_withdrawn"), url
    reopened = await open_view(client, withdrawn, invitation_id)
    assert (reopened.status_code, code(reopened)) == (403, "invitation_revoked")
    assert (await client.get("/api/screeners/invited", headers=withdrawn)).json() == []

    # The other viewer watches on.
    assert (await client.get(kept_links["segment"])).status_code == 200
    beat = await client.post(
        kept_links["heartbeat"], json={"event": "tick", "position_s": 1.0}, headers=kept
    )
    assert beat.status_code == 200, beat.text

    # Sending the same people again invites nobody: the withdrawal stands.
    resent = await client.post(
        f"{base}/audiences",
        json={"audiences": [{"kind": "people", "emails": [await email_of(client, withdrawn)]}]},
        headers=owner,
    )
    assert resent.json() == {"invited": 0}
    report = (await client.get(f"{base}/report", headers=owner)).json()
    states = {row["invitation_id"]: row["revoked_at"] is not None for row in report}
    assert states[invitation_id] is True
    assert list(states.values()).count(True) == 1
    # Its view stays counted in the report.
    assert next(row["views"] for row in report if row["invitation_id"] == invitation_id) == 1


async def test_a_screener_stops_playing_when_its_work_is_withdrawn_and_plays_again_after(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    work_id = await work_with_media(client, container, owner)
    screener = await make_screener(client, owner, work_id, viewer, max_views=3)
    invitation_id = await invitation_of(client, viewer, screener["id"])
    links = await _links(client, viewer, invitation_id)
    published = await client.post(f"/api/works/{work_id}/publish", headers=owner)
    assert published.status_code == 200, published.text
    withdrawn = await client.post(f"/api/works/{work_id}/withdraw", headers=owner)
    assert withdrawn.status_code == 200, withdrawn.text

    beat = await client.post(
        links["heartbeat"], json={"event": "tick", "position_s": 1.0}, headers=viewer
    )
    assert (beat.status_code, code(beat)) == (403, "work_withdrawn")
    master = await client.get(links["playlist"], headers=viewer)
    assert (master.status_code, code(master)) == (403, "work_withdrawn")
    for url in (links["variant"], links["segment"]):
        served = await client.get(url)
        assert (served.status_code, code(served)) == (403, "link_withdrawn"), url
    reopened = await open_view(client, viewer, invitation_id)
    assert (reopened.status_code, code(reopened)) == (403, "work_withdrawn")
    # No new screener of it either.
    again = await client.post(
        "/api/screeners",
        json=screener_body(work_id, await email_of(client, viewer)),
        headers=owner,
    )
    assert (again.status_code, code(again)) == (409, "work_withdrawn")

    # Published again by its owner: the same links play again.
    assert (await client.post(f"/api/works/{work_id}/publish", headers=owner)).status_code == 200
    assert (await client.get(links["segment"])).status_code == 200
    assert (await client.get(links["playlist"], headers=viewer)).status_code == 200
