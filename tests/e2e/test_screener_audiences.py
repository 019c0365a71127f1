"""Who a screener reaches: an organisation's members, a market's accredited professionals (of
one category) from an exhibitor's stand, an address without an account yet; and books, read
in the page or downloaded by setting."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from accounts.domain import Role
from accounts.tables import User
from lakou.bootstrap import Container
from marketplace.screeners.tables import InvitationRow
from media.watermark.documents import read_codewords
from tests.e2e.test_markets_api import open_market, organiser
from tests.helpers import PASSWORD
from tests.meeting_helpers import accredited, person, stand_of_new_creator
from tests.organisation_helpers import recording_notifier, verified_organisation
from tests.screener_helpers import (
    book_pdf,
    code,
    invitation_of,
    make_screener,
    open_view,
    screener_body,
    work_with_media,
)


async def test_an_exhibitor_invites_the_accredited_buyers_of_their_market(
    client: AsyncTestClient, container: Container
) -> None:
    recording_notifier(container)
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    exhibitor, stand = await stand_of_new_creator(client, container, manager, market["id"])
    buyer = await accredited(client, container, manager, market["id"], "buyer")
    press = await accredited(client, container, manager, market["id"], "press")
    work_id = await work_with_media(
        client, container, exhibitor, discipline="music", creator_id=stand["creator_id"]
    )
    placed = await client.put(
        f"/api/stands/{stand['id']}/works", json={"work_ids": [work_id]}, headers=exhibitor
    )
    assert placed.status_code == 200, placed.text
    audience = [{"kind": "market", "market_id": market["id"], "category": "buyer"}]
    made = await client.post(
        "/api/screeners",
        json=screener_body(work_id, stand_id=stand["id"], audiences=audience),
        headers=exhibitor,
    )
    assert made.status_code == 201, made.text
    assert made.json()["invited"] == 1
    invitation_id = await invitation_of(client, buyer, made.json()["id"])
    opened = await open_view(client, buyer, invitation_id)
    assert opened.status_code == 201, opened.text
    assert opened.json()["overlay"]["organisation"]
    assert (await client.get("/api/screeners/invited", headers=press)).json() == []
    # Another stand's exhibitor cannot send this stand's work.
    other, other_stand = await stand_of_new_creator(client, container, manager, market["id"])
    response = await client.post(
        "/api/screeners",
        json=screener_body(work_id, stand_id=other_stand["id"], audiences=audience),
        headers=other,
    )
    assert (response.status_code, code(response)) == (404, "not_found")
    wrong = [{"kind": "market", "market_id": market["id"], "category": "critics"}]
    response = await client.post(
        "/api/screeners",
        json=screener_body(work_id, stand_id=stand["id"], audiences=wrong),
        headers=exhibitor,
    )
    assert (response.status_code, code(response)) == (422, "invalid_category")


async def test_an_organisation_s_members_and_an_address_without_account_are_invited(
    client: AsyncTestClient, container: Container
) -> None:
    notifier = recording_notifier(container)
    owner = await person(container, client, Role.CREATOR)
    member = await verified_organisation(client, container, await person(container, client))
    work_id = await work_with_media(client, container, owner)
    audiences = [
        {"kind": "organisation", "organisation_id": member["X-Lakou-Organisation"]},
        {"kind": "people", "emails": ["Programmatrice@Festival.example"]},
    ]
    made = await client.post(
        "/api/screeners", json=screener_body(work_id, audiences=audiences), headers=owner
    )
    assert made.status_code == 201, made.text
    assert made.json()["invited"] == 2
    mailed = [sent for sent in notifier.sent if sent.to == "programmatrice@festival.example"]
    assert mailed
    assert mailed[0].params["link"].startswith("/screeners/")
    invitation_id = await invitation_of(client, member, made.json()["id"])
    assert (await open_view(client, member, invitation_id)).status_code == 201
    # Sending the same audience again invites nobody twice.
    again = await client.post(
        f"/api/screeners/{made.json()['id']}/audiences",
        json={"audiences": audiences},
        headers=owner,
    )
    assert again.json() == {"invited": 0}


async def test_a_book_is_read_in_the_page_or_downloaded_by_setting(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    reader = await person(container, client)
    book = await work_with_media(client, container, owner, kind="book", discipline="books")
    for allowed, disposition in ((False, "inline"), (True, "attachment")):
        screener = await make_screener(client, owner, book, reader, download_allowed=allowed)
        opened = (
            await open_view(client, reader, await invitation_of(client, reader, screener["id"]))
        ).json()
        assert opened["kind"] == "book"
        assert opened["playlist"] is None
        document = await client.get(opened["document"], headers=reader)
        assert document.status_code == 200, document.text
        # The reader's own copy: stamped with their line and one codeword, not the original.
        assert document.content != book_pdf()
        assert len(read_codewords(document.content)) == 1
        assert "Screener Lakou" in PdfReader(io.BytesIO(document.content)).pages[0].extract_text()
        assert document.headers["content-disposition"].startswith(disposition)


async def test_an_invitation_to_an_address_is_claimed_by_its_verified_account(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    work_id = await work_with_media(client, container, owner)
    made = await client.post(
        "/api/screeners", json=screener_body(work_id, "later@festival.example"), headers=owner
    )
    assert made.status_code == 201, made.text
    user = await container.identity.create_user(
        "later@festival.example", PASSWORD, "Later", Role.AUDIENCE
    )
    token = (await container.identity.issue_token(user, "api")).token
    headers = {"Authorization": f"Bearer {token}"}
    # Not before the address is confirmed: anyone could sign up with it.
    assert (await client.get("/api/screeners/invited", headers=headers)).json() == []
    await User.update({User.email_verified_at: datetime.now(UTC)}).where(User.id == user)
    invitation_id = await invitation_of(client, headers, made.json()["id"])
    assert (await open_view(client, headers, invitation_id)).status_code == 201
    claimed = await InvitationRow.select(InvitationRow.user_id).first()
    assert claimed is not None
    assert str(claimed["user_id"]) == str(user)
