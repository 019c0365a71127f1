"""Viewing reports: heartbeats become watched time (never more than the wall clock allowed),
completion, pauses, seeks, countries and devices, per viewer; a CSV; a notification when a
chosen person opens the screener; `screener.viewed` in the outbox once per view."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from litestar.testing import AsyncTestClient

from accounts.domain import Role
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.screeners.viewing import ViewingService
from tests.meeting_helpers import person
from tests.organisation_helpers import recording_notifier
from tests.screener_helpers import (
    DURATION_S,
    browser_key,
    email_of,
    invitation_of,
    make_screener,
    open_view,
    work_with_media,
)

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


async def test_the_report_counts_what_each_viewer_watched_capped_by_the_wall_clock(
    client: AsyncTestClient, container: Container
) -> None:
    notifier = recording_notifier(container)
    owner = await person(container, client, Role.CREATOR)
    viewer, idle = await person(container, client), await person(container, client)
    viewer_email = await email_of(client, viewer)
    work_id = await work_with_media(client, container, owner)
    screener = await make_screener(
        client, owner, work_id, viewer, idle, max_views=2, alert_emails=[viewer_email]
    )
    invitation_id = await invitation_of(client, viewer, screener["id"])
    clock = Clock()
    container.services.get(ViewingService)._now = clock
    opened = await client.post(
        f"/api/screeners/invitations/{invitation_id}/open",
        json={"browser": browser_key()},
        headers={**viewer, "User-Agent": FIREFOX},
    )
    assert opened.status_code == 201, opened.text
    beat_url = opened.json()["heartbeat"]

    async def beat(event: str, position: float, played: float) -> float:
        response = await client.post(
            beat_url,
            json={"event": event, "position_s": position, "played_s": played},
            headers=viewer,
        )
        assert response.status_code == 200, response.text
        return float(response.json()["watched_s"])

    clock.advance(15)
    assert await beat("tick", 15, 15) == 15
    clock.advance(5)
    # A player claiming a minute played in five seconds is credited five (and the slack).
    assert await beat("pause", 20, 60) == 22
    clock.advance(30)
    assert await beat("seek", 300, 0) == 22
    clock.advance(10)
    assert await beat("tick", 310, 10) == 32

    rows = (await client.get(f"/api/screeners/{screener['id']}/report", headers=owner)).json()
    by_email = {row["email"]: row for row in rows}
    watched = by_email[viewer_email]
    assert watched["views"] == 1
    assert watched["watched_s"] == 32
    assert watched["completion"] == round(310 / DURATION_S, 4)
    assert (watched["pauses"], watched["seeks"]) == (1, 1)
    assert watched["devices"] == ["Firefox · Linux"]
    assert by_email[await email_of(client, idle)]["views"] == 0

    exported = await client.get(f"/api/screeners/{screener['id']}/report.csv", headers=owner)
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert {row["email"]: row["watched_s"] for row in table}[viewer_email] == "32"

    # The holder chose to be told when this viewer watches: once per view.
    alerts = [sent for sent in notifier.sent if sent.kind == "screeners.watched"]
    assert len(alerts) == 1
    assert alerts[0].link.endswith("/rapport")
    viewed = await OutboxMessage.count().where(OutboxMessage.event_type == "screener.viewed")
    assert viewed == 1


async def test_the_holder_chooses_whom_to_follow(
    client: AsyncTestClient, container: Container
) -> None:
    notifier = recording_notifier(container)
    owner = await person(container, client, Role.CREATOR)
    viewer = await person(container, client)
    work_id = await work_with_media(client, container, owner)
    screener = await make_screener(client, owner, work_id, viewer)
    invitation_id = await invitation_of(client, viewer, screener["id"])
    base = f"/api/screeners/{screener['id']}/invitations/{invitation_id}/alert"
    assert (await client.put(base, json={"alert": True}, headers=viewer)).status_code == 404
    assert (await client.put(base, json={"alert": True}, headers=owner)).json() == {"alert": True}
    assert (await open_view(client, viewer, invitation_id)).status_code == 201
    assert [sent.kind for sent in notifier.sent].count("screeners.watched") == 1
