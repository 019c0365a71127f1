"""Screeners through the API: a rights holder makes one, the invited watch it through their own
links, and every bad input or refused access is a 4xx with its code that changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from litestar.testing import AsyncTestClient

from accounts.domain import Role
from lakou.bootstrap import Container
from marketplace.screeners.tables import ScreenerRow, ViewingRow
from marketplace.screeners.viewing import ViewingService
from media.assets.domain import AssetStatus
from tests.meeting_helpers import as_principal, person, race
from tests.organisation_helpers import recording_notifier
from tests.screener_helpers import (
    browser_key,
    code,
    email_of,
    invitation_of,
    make_screener,
    open_view,
    screener_body,
    work_with_media,
)


async def test_an_invited_viewer_watches_the_offered_renditions_through_their_own_links(
    client: AsyncTestClient, container: Container
) -> None:
    notifier = recording_notifier(container)
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    work_id = await work_with_media(client, container, owner)
    screener = await make_screener(client, owner, work_id, viewer, renditions=["360p"])
    assert screener["invited"] == 1
    assert screener["renditions"] == ["360p"]
    told = notifier.last("screeners.invited")
    invitation_id = await invitation_of(client, viewer, screener["id"])
    assert told.link == f"/screeners/{invitation_id}"

    opened = await open_view(client, viewer, invitation_id)
    assert opened.status_code == 201, opened.text
    body = opened.json()
    assert body["kind"] == "video"
    assert body["document"] is None
    assert body["overlay"]["name"] == (await email_of(client, viewer)).split("@")[0]
    master = await client.get(body["playlist"], headers=viewer)
    assert master.status_code == 200, master.text
    # Only the offered rung is listed, through the marked copy's links signed for this viewer.
    assert "720p" not in master.text
    assert "540p" not in master.text
    variant_url = next(line for line in master.text.splitlines() if "360p/index.m3u8" in line)
    assert variant_url.startswith("/media/marked/")
    assert f"h={invitation_id}" in variant_url
    variant = await client.get(variant_url)
    assert variant.status_code == 200
    segments = [line for line in variant.text.splitlines() if line.startswith("/media/marked/")]
    # Each 2-second segment is variant A or B, as this viewer's codeword spells it.
    assert segments[0].split("?")[0].endswith(("/360p/0A.m4s", "/360p/0B.m4s"))
    for url in segments:
        assert f"h={invitation_id}" in url
        assert (await client.get(url)).status_code in (200, 302)

    beat = await client.post(
        body["heartbeat"],
        json={"event": "tick", "position_s": 1.0, "played_s": 1.0},
        headers=viewer,
    )
    assert beat.status_code == 200, beat.text
    report = (await client.get(f"/api/screeners/{screener['id']}/report", headers=owner)).json()
    assert [row["views"] for row in report] == [1]
    # The rights holder's report is theirs only.
    assert (
        await client.get(f"/api/screeners/{screener['id']}/report", headers=viewer)
    ).status_code == 404


async def test_bad_screener_settings_are_refused_and_nothing_is_made(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    stranger = await person(container, client, Role.CREATOR)
    email = await email_of(client, viewer)
    work_id = await work_with_media(client, container, owner)
    now = datetime.now(UTC)
    refused = {
        "invalid_window": screener_body(
            work_id, email, closes_at=(now - timedelta(hours=1)).isoformat()
        ),
        "invalid_max_views": screener_body(work_id, email, max_views=0),
        "countries_unavailable": screener_body(work_id, email, countries=["MQ"]),
        "invalid_country": screener_body(work_id, email, countries=["Martinique"]),
        "unknown_rendition": screener_body(work_id, email, renditions=["4k"]),
        "download_books_only": screener_body(work_id, email, download_allowed=True),
        "invalid_session_policy": screener_body(work_id, email, session_policy="both"),
        "no_audience": screener_body(work_id, audiences=[]),
        "invalid_email": screener_body(work_id, "not-an-address"),
        "invalid_audience": screener_body(work_id, audiences=[{"kind": "everyone"}]),
        "invalid_password": screener_body(work_id, email, password="abc"),
    }
    for expected, body in refused.items():
        response = await client.post("/api/screeners", json=body, headers=owner)
        assert (response.status_code, code(response)) == (422, expected), (expected, response.text)
    # Somebody else's work is not found; a market audience needs the market's stand.
    response = await client.post(
        "/api/screeners", json=screener_body(work_id, email), headers=stranger
    )
    assert (response.status_code, code(response)) == (404, "not_found")
    market = screener_body(work_id, audiences=[{"kind": "market", "market_id": str(UUID(int=1))}])
    response = await client.post("/api/screeners", json=market, headers=owner)
    assert (response.status_code, code(response)) == (403, "market_audience_needs_stand")
    # A work still processing, or without media: 409.
    processing = await work_with_media(client, container, owner, status=AssetStatus.PROCESSING)
    response = await client.post(
        "/api/screeners", json=screener_body(processing, email), headers=owner
    )
    assert (response.status_code, code(response)) == (409, "work_processing")
    assert await ScreenerRow.count() == 0
    assert (await client.get("/api/screeners/invited", headers=viewer)).json() == []


async def test_access_is_refused_outside_the_window_over_the_cap_with_a_wrong_password_or_uninvited(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    stranger = await person(container, client)
    work_id = await work_with_media(client, container, owner)
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    waiting = await make_screener(client, owner, work_id, viewer, opens_at=later)
    response = await open_view(client, viewer, await invitation_of(client, viewer, waiting["id"]))
    assert (response.status_code, code(response)) == (403, "screener_not_open")

    guarded = await make_screener(
        client, owner, work_id, viewer, password="cinéma-2027", max_views=1
    )
    invitation_id = await invitation_of(client, viewer, guarded["id"])
    assert (await open_view(client, stranger, invitation_id)).status_code == 404
    response = await open_view(client, viewer, invitation_id)
    assert (response.status_code, code(response)) == (403, "password_required")
    response = await open_view(client, viewer, invitation_id, password="cinema-2027")
    assert (response.status_code, code(response)) == (403, "wrong_password")
    assert await ViewingRow.count() == 0
    first = await open_view(client, viewer, invitation_id, password="cinéma-2027")
    assert first.status_code == 201, first.text
    # Same browser later: resumed, no view spent; once the view is over, the cap holds.
    await ViewingRow.update(
        {ViewingRow.last_seen_at: datetime.now(UTC) - timedelta(hours=2)}
    ).where(ViewingRow.id == UUID(first.json()["viewing_id"]))
    response = await open_view(client, viewer, invitation_id, password="cinéma-2027")
    assert (response.status_code, code(response)) == (403, "view_limit_reached")

    await ScreenerRow.update(
        {ScreenerRow.closes_at: datetime.now(UTC) - timedelta(minutes=1)}
    ).where(ScreenerRow.id == UUID(guarded["id"]))
    response = await open_view(client, viewer, invitation_id, password="cinéma-2027")
    assert (response.status_code, code(response)) == (403, "screener_closed")
    playlist = await client.get(first.json()["playlist"], headers=viewer)
    assert (playlist.status_code, code(playlist)) == (403, "screener_closed")


async def test_links_are_bound_to_their_viewer(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer, other = await person(container, client), await person(container, client)
    work_id = await work_with_media(client, container, owner)
    screener = await make_screener(client, owner, work_id, viewer, other)
    opened = (
        await open_view(client, viewer, await invitation_of(client, viewer, screener["id"]))
    ).json()
    for who in (other, owner):
        replayed = await client.get(opened["playlist"], headers=who)
        assert (replayed.status_code, code(replayed)) == (403, "not_your_link")
        beat = await client.post(
            opened["heartbeat"], json={"event": "tick", "position_s": 0}, headers=who
        )
        assert (beat.status_code, code(beat)) == (403, "not_your_link")
    forged = opened["playlist"].replace("/viewings/", "/viewings/0")
    response = await client.get(forged, headers=viewer)
    assert (response.status_code, code(response)) == (403, "invalid_link")
    assert (await client.get(opened["playlist"])).status_code == 401


async def test_a_second_browser_is_refused_or_ends_the_first_by_setting(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    work_id = await work_with_media(client, container, owner)
    strict = await make_screener(client, owner, work_id, viewer, max_views=3)
    invitation_id = await invitation_of(client, viewer, strict["id"])
    laptop, phone = browser_key(), browser_key()
    assert (await open_view(client, viewer, invitation_id, laptop)).status_code == 201
    response = await open_view(client, viewer, invitation_id, phone)
    assert (response.status_code, code(response)) == (409, "screener_in_use")
    again = await open_view(client, viewer, invitation_id, laptop)
    assert again.json()["resumed"] is True
    assert await ViewingRow.count() == 1

    relaxed = await make_screener(
        client, owner, work_id, viewer, max_views=3, session_policy="end_first"
    )
    invitation_id = await invitation_of(client, viewer, relaxed["id"])
    first = (await open_view(client, viewer, invitation_id, laptop)).json()
    second = await open_view(client, viewer, invitation_id, phone)
    assert second.status_code == 201, second.text
    beat = await client.post(
        first["heartbeat"], json={"event": "tick", "position_s": 3}, headers=viewer
    )
    assert (beat.status_code, code(beat)) == (409, "viewing_ended")
    playlist = await client.get(second.json()["playlist"], headers=viewer)
    assert playlist.status_code == 200


async def test_two_browsers_opening_at_once_under_refuse_second_give_one_view(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer_headers = await person(container, client)
    work_id = await work_with_media(client, container, owner)
    screener = await make_screener(client, owner, work_id, viewer_headers, max_views=5)
    invitation_id = UUID(await invitation_of(client, viewer_headers, screener["id"]))
    viewer = await as_principal(client, viewer_headers)
    viewings = container.services.get(ViewingService)
    attempts = [
        viewings.open(
            viewer,
            invitation_id,
            password=None,
            browser_key=browser_key(),
            country=None,
            device="x",
        )
        for _ in range(4)
    ]
    won, lost = await race(attempts)
    assert won == 1
    assert lost == ["screener_in_use"] * 3
    assert await ViewingRow.count() == 1
