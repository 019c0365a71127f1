"""Screeners serve media's marked copies: making a screener asks the worker for them once, the
opening answers "preparing" (spending nothing, trying no password) until they are ready, a
failed preparation says so until the maker saves the settings again, a screener older than its
marks gets them at its next opening, and `lakou trace` names the invited person behind a copy."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

from click.testing import CliRunner
from litestar.testing import AsyncTestClient

from accounts.domain import Role
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.screeners.domain import SessionPolicy
from marketplace.screeners.editing import ScreenerEditor, SettingsChange
from marketplace.screeners.tables import ScreenerRow, ViewingRow
from media.watermark.cli import trace
from media.watermark.preparation import MarkedPreparation
from media.watermark.service import MarkedCopies
from media.watermark.tables import MarkedCopyRow, MarkedRenditionRow
from tests.meeting_helpers import as_principal, person
from tests.screener_helpers import (
    code,
    email_of,
    invitation_of,
    make_screener,
    open_view,
    work_with_media,
)

REQUESTED = "media.marked_renditions_requested"


async def _asset_of(screener_id: str) -> UUID:
    row = (
        await ScreenerRow.select(ScreenerRow.asset_id).where(ScreenerRow.id == screener_id).first()
    )
    assert row is not None
    return UUID(str(row["asset_id"]))


async def _requests(asset_id: UUID) -> int:
    return await OutboxMessage.count().where(
        (OutboxMessage.event_type == REQUESTED) & (OutboxMessage.aggregate_id == asset_id)
    )


async def test_the_screener_says_preparing_until_the_worker_made_the_viewers_copy(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    work_id = await work_with_media(client, container, owner, marked=False)
    screener = await make_screener(client, owner, work_id, viewer, password="secret-word")
    asset_id = await _asset_of(screener["id"])
    # A second screener of the same work asks nothing more: one preparation per media.
    await make_screener(client, owner, work_id, viewer)
    assert await _requests(asset_id) == 1
    invitation_id = await invitation_of(client, viewer, screener["id"])

    # No password yet and still no 403: the page retries without spending tries or views.
    for _ in range(3):
        early = await open_view(client, viewer, invitation_id)
        assert (early.status_code, code(early)) == (409, "screener_preparing")
    assert await ViewingRow.count() == 0
    assert await _requests(asset_id) == 1

    # What the `media.prepare_marked` actor does with the request's id.
    assert await container.services.get(MarkedPreparation).prepare(asset_id) == "ready"
    opened = await open_view(client, viewer, invitation_id, password="secret-word")
    assert opened.status_code == 201, opened.text
    master = await client.get(opened.json()["playlist"], headers=viewer)
    assert "/media/marked/" in master.text


async def test_a_failed_preparation_is_asked_again_when_the_maker_saves_the_settings(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    work_id = await work_with_media(client, container, owner, marked=False)
    screener = await make_screener(client, owner, work_id, viewer)
    asset_id = await _asset_of(screener["id"])
    await MarkedRenditionRow.update({MarkedRenditionRow.state: "failed"}).where(
        MarkedRenditionRow.asset_id == asset_id
    )
    invitation_id = await invitation_of(client, viewer, screener["id"])
    failed = await open_view(client, viewer, invitation_id)
    assert (failed.status_code, code(failed)) == (409, "screener_failed")
    assert await _requests(asset_id) == 1  # a viewer's opening does not loop a failing job

    change = SettingsChange(
        opens_at=None,
        closes_at=datetime.now(UTC) + timedelta(days=3),
        max_views=2,
        countries=(),
        download_allowed=False,
        session_policy=SessionPolicy.REFUSE_SECOND,
    )
    editor = container.services.get(ScreenerEditor)
    await editor.change_settings(await as_principal(client, owner), UUID(screener["id"]), change)
    assert await _requests(asset_id) == 2
    assert await container.services.get(MarkedCopies).state(asset_id) == "preparing"
    again = await open_view(client, viewer, invitation_id)
    assert (again.status_code, code(again)) == (409, "screener_preparing")


async def test_a_screener_older_than_its_marks_gets_them_at_the_next_opening(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    work_id = await work_with_media(client, container, owner, marked=False)
    screener = await make_screener(client, owner, work_id, viewer)
    asset_id = await _asset_of(screener["id"])
    # As a screener made while the unmarked fallback served: no marked rows at all.
    await MarkedRenditionRow.delete().where(MarkedRenditionRow.asset_id == asset_id)
    await MarkedCopyRow.delete().where(MarkedCopyRow.asset_id == asset_id)
    invitation_id = await invitation_of(client, viewer, screener["id"])

    asked = await open_view(client, viewer, invitation_id)
    assert (asked.status_code, code(asked)) == (409, "screener_preparing")
    assert await container.services.get(MarkedPreparation).prepare(asset_id) == "ready"
    opened = await open_view(client, viewer, invitation_id)
    assert opened.status_code == 201, opened.text
    # The viewer's codeword was issued at that opening: their playlist is theirs.
    master = await client.get(opened.json()["playlist"], headers=viewer)
    assert master.status_code == 200, master.text
    assert f"h={invitation_id}" in master.text


async def test_lakou_trace_names_the_reader_a_leaked_book_was_stamped_for(
    client: AsyncTestClient, container: Container, tmp_path: Path
) -> None:
    owner = await person(container, client, Role.CREATOR)
    readers = [await person(container, client) for _ in range(2)]
    book = await work_with_media(client, container, owner, kind="book", discipline="books")
    screener = await make_screener(client, owner, book, *readers, download_allowed=True)
    invitation_id = await invitation_of(client, readers[1], screener["id"])
    opened = (await open_view(client, readers[1], invitation_id)).json()
    leaked = tmp_path / "leaked.pdf"
    leaked.write_bytes((await client.get(opened["document"], headers=readers[1])).content)

    result = await asyncio.to_thread(
        CliRunner().invoke, trace, [str(leaked)], obj=container.services
    )
    assert result.exit_code == 0, result.output
    assert f"match: holder {invitation_id}" in result.output
    assert f"<{await email_of(client, readers[1])}>" in result.output
    assert screener["id"] in result.output
