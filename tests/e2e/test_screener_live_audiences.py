"""Audiences stay live: a professional accredited by the market (in the screener's category), or
someone joining the organisation, after the screener was sent is invited by the worker and can
watch; another category, a closed screener, a withdrawn person or a second delivery invite no
one more."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from litestar.testing import AsyncTestClient

from accounts.domain import Role
from infra.events.envelope import EventEnvelope
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.screeners.audiences import LiveAudiences
from marketplace.screeners.tables import InvitationRow, ScreenerRow
from tests.e2e.test_markets_api import open_market, organiser
from tests.helpers import deliver_events, sign_up_and_log_in
from tests.meeting_helpers import accredited, person, stand_of_new_creator
from tests.organisation_helpers import recording_notifier, verified_organisation
from tests.screener_helpers import (
    invitation_of,
    open_view,
    screener_body,
    work_with_media,
)


async def _invited(client: AsyncTestClient, who: dict[str, str]) -> list[str]:
    listed = (await client.get("/api/screeners/invited", headers=who)).json()
    return [item["screener"]["id"] for item in listed]


async def test_a_buyer_accredited_after_the_screener_was_sent_is_invited(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    notifier = recording_notifier(container)
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    exhibitor, stand = await stand_of_new_creator(client, container, manager, market["id"])
    await accredited(client, container, manager, market["id"], "buyer")
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
    screener_id = made.json()["id"]
    # Sent again: the audience is kept once.
    again = await client.post(
        f"/api/screeners/{screener_id}/audiences",
        json={"audiences": audience},
        headers=exhibitor,
    )
    assert again.json() == {"invited": 0}
    await deliver_events(broker, worker)

    late = await accredited(client, container, manager, market["id"], "buyer")
    press = await accredited(client, container, manager, market["id"], "press")
    await deliver_events(broker, worker)
    assert await _invited(client, late) == [screener_id]
    assert await _invited(client, press) == []
    told = notifier.last("screeners.invited")
    assert told.link == f"/screeners/{await invitation_of(client, late, screener_id)}"
    opened = await open_view(client, late, await invitation_of(client, late, screener_id))
    assert opened.status_code == 201, opened.text
    assert opened.json()["overlay"]["organisation"]
    count = await InvitationRow.count().where(InvitationRow.screener == screener_id)
    # Delivered again (a relay crash between enqueueing and marking sent): nobody twice.
    row = await (
        OutboxMessage.select()
        .where(OutboxMessage.event_type == "accreditation.granted")
        .order_by(OutboxMessage.id, ascending=False)
        .first()
    )
    assert row is not None
    payload = row["payload"]
    payload = json.loads(payload) if isinstance(payload, str) else payload
    envelope = EventEnvelope(
        UUID(str(row["id"])),
        row["event_type"],
        UUID(str(row["aggregate_id"])),
        payload,
        row["occurred_at"],
    )
    assert await container.services.get(LiveAudiences).on_joined(envelope) is False
    assert await InvitationRow.count().where(InvitationRow.screener == screener_id) == count

    # Once the screener's window has closed, a new accreditation invites no one.
    await ScreenerRow.update({ScreenerRow.closes_at: ScreenerRow.created_at}).where(
        ScreenerRow.id == screener_id
    )
    later = await accredited(client, container, manager, market["id"], "buyer")
    await deliver_events(broker, worker)
    assert await _invited(client, later) == []


async def test_someone_joining_the_organisation_is_invited_unless_withdrawn(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    notifier = recording_notifier(container)
    owner = await person(container, client, Role.CREATOR)
    admin = await verified_organisation(client, container, await person(container, client))
    organisation_id = admin["X-Lakou-Organisation"]
    work_id = await work_with_media(client, container, owner)
    audiences = [{"kind": "organisation", "organisation_id": organisation_id}]
    made = await client.post(
        "/api/screeners", json=screener_body(work_id, audiences=audiences), headers=owner
    )
    assert made.status_code == 201, made.text
    screener_id = made.json()["id"]
    await deliver_events(broker, worker)

    async def join(email: str) -> dict[str, str]:
        sent = await client.post(
            f"/api/organisations/{organisation_id}/invitations",
            json={"email": email, "role": "member"},
            headers=admin,
        )
        assert sent.status_code == 201, sent.text
        token = str(notifier.last("organisations.invitation").params["link"]).rsplit("/", 1)[-1]
        newcomer = await sign_up_and_log_in(client, "audience", email=email)
        accepted = await client.post(
            "/api/organisations/invitations/accept", json={"token": token}, headers=newcomer
        )
        assert accepted.status_code == 200, accepted.text
        return newcomer

    newcomer = await join("nouvelle.recrue@example.test")
    await deliver_events(broker, worker)
    assert await _invited(client, newcomer) == [screener_id]
    invitation_id = await invitation_of(client, newcomer, screener_id)
    assert (await open_view(client, newcomer, invitation_id)).status_code == 201

    # Withdrawn, they stay withdrawn even if the organisation's events come again.
    revoked = await client.post(
        f"/api/screeners/{screener_id}/invitations/{invitation_id}/revoke", headers=owner
    )
    assert revoked.status_code == 200
    second = await join("deuxieme.recrue@example.test")
    await deliver_events(broker, worker)
    assert await _invited(client, second) == [screener_id]
    assert await _invited(client, newcomer) == []
