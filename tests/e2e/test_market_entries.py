"""A market's call for entries: the organiser's call, a creator's entry, the acceptance that
gives the creator a stand with the work (once, however often the event comes), the deadline,
and someone else's work."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from litestar.testing import AsyncTestClient

from calls.service import CallService
from calls.tables import CallRow
from infra.events.relay import _envelope
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.markets.entries.acceptance import AcceptedEntries
from marketplace.markets.tables import StandRow, StandWorkRow
from tests.e2e.test_markets_api import _ports, open_market, organiser
from tests.helpers import (
    CSRF_INPUT,
    create_creator,
    create_work,
    deliver_events,
    page_log_in,
    sign_up_and_log_in,
)
from tests.organisation_helpers import verified_organisation

__all__ = ["_ports"]

NOW = datetime.now(UTC).replace(microsecond=0)
MARTINIQUE = ZoneInfo("America/Martinique")
FORM = [{"key": "work", "kind": "work", "labels": {"fr": "Votre œuvre"}, "required": True}]


def entries_call(market_id: str) -> dict[str, Any]:
    return {
        "titles": {"fr": "Appel à exposants"},
        "opens_at": (NOW - timedelta(days=1)).isoformat(),
        "closes_at": (NOW + timedelta(days=2)).isoformat(),
        "eligibility": {"max_submissions": 5},
        "form": FORM,
        "grid": [{"key": "quality", "labels": {"fr": "Qualité"}, "weight": 1, "scale": 5}],
        "scope": {"kind": "market", "id": market_id},
    }


async def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


async def creator_with_work(client: AsyncTestClient) -> tuple[dict[str, str], str, str]:
    headers = await sign_up_and_log_in(client, "creator")
    creator = await create_creator(client, headers, disciplines=["music"])
    work = await create_work(client, headers, creator["id"])
    await _ok(await client.post(f"/api/works/{work['id']}/publish", headers=headers))
    return headers, str(creator["id"]), str(work["id"])


async def enter(
    client: AsyncTestClient, headers: dict[str, str], call_id: str, work_id: str
) -> Any:
    return await client.post(
        f"/api/calls/{call_id}/submissions",
        json={"answers": {"work": work_id}, "submit": True},
        headers=headers,
    )


async def _post(client: AsyncTestClient, page: str, url: str, **data: Any) -> Any:
    token = CSRF_INPUT.search((await client.get(page)).text)
    assert token, page
    return await client.post(
        url, data={**data, "_csrf_token": token.group(1)}, follow_redirects=False
    )


async def market_with_open_call(
    client: AsyncTestClient, container: Container
) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
    """An organiser's open market and its open call for entries: headers, market, call."""
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    call = await _ok(
        await client.post("/api/calls", json=entries_call(market["id"]), headers=manager), 201
    )
    await _ok(await client.post(f"/api/calls/{call['id']}/open", headers=manager))
    return manager, market, call


def past_deadline(container: Container) -> None:
    service = container.services.get(CallService)
    service._now = lambda: NOW + timedelta(days=3)  # type: ignore[method-assign]


async def test_an_accepted_entry_gives_the_creator_a_stand_with_the_work_once(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    manager, market, call = await market_with_open_call(client, container)
    creator, creator_id, work_id = await creator_with_work(client)
    declined_creator, _, declined_work = await creator_with_work(client)

    # Someone else's work is not found, and nothing is kept.
    intruder = await enter(client, declined_creator, call["id"], work_id)
    assert intruder.status_code == 404, intruder.text
    assert intruder.json()["error"]["code"] == "not_found"
    accepted = await _ok(await enter(client, creator, call["id"], work_id), 201)
    # A second entry of the same creator: its acceptance adds the work to the same stand.
    second_work = await create_work(client, creator, creator_id, titles={"fr": "Chanté Nwèl"})
    await _ok(await client.post(f"/api/works/{second_work['id']}/publish", headers=creator))
    second = await _ok(await enter(client, creator, call["id"], second_work["id"]), 201)
    declined = await _ok(await enter(client, declined_creator, call["id"], declined_work), 201)

    past_deadline(container)
    late_creator, _, late_work = await creator_with_work(client)
    late = await enter(client, late_creator, call["id"], late_work)
    assert late.status_code == 409, late.text
    assert late.json()["error"]["code"] == "call_closed"
    decisions = [
        {"submission_id": accepted["id"], "decision": "accepted"},
        {"submission_id": second["id"], "decision": "accepted"},
        {"submission_id": declined["id"], "decision": "declined"},
    ]
    await _ok(
        await client.post(
            f"/api/calls/{call['id']}/decisions", json={"decisions": decisions}, headers=manager
        )
    )
    await deliver_events(broker, worker)

    [stand] = await _ok(await client.get("/api/stands/mine", headers=creator))
    assert stand["creator_id"] == creator_id
    view = await _ok(await client.get(f"/api/markets/{market['id']}/stands/{stand['id']}"))
    assert sorted(w["id"] for w in view["works"]) == sorted([work_id, second_work["id"]])
    assert await _ok(await client.get("/api/stands/mine", headers=declined_creator)) == []

    # Every entry.accepted delivered again: no second stand, no work twice.
    await OutboxMessage.update({OutboxMessage.sent_at: None}).where(
        OutboxMessage.event_type == "entry.accepted"
    )
    await deliver_events(broker, worker)
    assert await StandRow.count().where(StandRow.market_id == market["id"]) == 1
    assert await StandWorkRow.count().where(StandWorkRow.stand_id == stand["id"]) == 2


async def _email(client: AsyncTestClient, headers: dict[str, str]) -> str:
    return str((await client.get("/api/auth/me", headers=headers)).json()["email"])


async def test_managers_open_a_call_for_entries_from_the_market_pages(
    client: AsyncTestClient, container: Container
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    page = f"/marches/{market['id']}/gestion/appels"
    stranger = await sign_up_and_log_in(client, "audience")
    await page_log_in(client, await _email(client, stranger))
    assert (await client.get(page)).status_code == 403  # a public market: refused, not hidden

    await page_log_in(client, await _email(client, manager))
    assert "Aucun appel pour ce marché." in (await client.get(page)).text
    past = (NOW - timedelta(days=1)).astimezone(MARTINIQUE).strftime("%Y-%m-%dT%H:%M")
    for deadline in ("demain", past):
        refused = await _post(client, page, page, title="Appel", deadline=deadline)
        assert refused.status_code == 422, refused.text
        assert 'role="alert"' in refused.text
    assert await CallRow.count().where(CallRow.scope_id == market["id"]) == 0

    deadline = (NOW + timedelta(days=5)).astimezone(MARTINIQUE).replace(hour=18, minute=0)
    opened = await _post(
        client,
        page,
        page,
        title="Exposer au Marché <Lakou>",
        title_gcf="Mawché Lakou",
        description="Musique, film, livres.",
        deadline=deadline.strftime("%Y-%m-%dT%H:%M"),
    )
    assert opened.status_code == 303, opened.text
    assert opened.headers["location"].endswith("/gestion")
    listed = await client.get(page)
    assert "Exposer au Marché &lt;Lakou&gt;" in listed.text

    public = await client.get(f"/marches/{market['slug']}", params={"tz": "Europe/Paris"})
    assert "Exposer au Marché &lt;Lakou&gt;" in public.text
    assert "18:00, heure de la Martinique" in public.text
    assert "Chez vous (Europe/Paris)" in public.text
    # 18:00 in Martinique is 23:00 in Paris in winter, midnight in summer.
    assert deadline.astimezone(ZoneInfo("Europe/Paris")).strftime("%H:%M") in public.text
    assert "Mawché Lakou" in public.text  # the Creole title, where given


async def test_an_entry_made_as_a_label_gives_the_label_a_stand(
    client: AsyncTestClient, container: Container, broker: Any, worker: Any
) -> None:
    manager, market, call = await market_with_open_call(client, container)
    person, _, work_id = await creator_with_work(client)
    label = await verified_organisation(
        client, container, person, name="Kréyòl Rekòd", partner_kind="label"
    )
    entry = await _ok(await enter(client, label, call["id"], work_id), 201)
    past_deadline(container)
    decision = [{"submission_id": entry["id"], "decision": "accepted"}]
    await _ok(
        await client.post(
            f"/api/calls/{call['id']}/decisions", json={"decisions": decision}, headers=manager
        )
    )
    await deliver_events(broker, worker)

    [stand] = await _ok(await client.get(f"/api/markets/{market['id']}/stands"))
    assert stand["exhibitor_kind"] == "label"
    assert stand["organisation_id"] == label["X-Lakou-Organisation"]
    assert stand["creator_id"] is None
    assert stand["work_ids"] == [work_id]


async def test_two_entries_of_one_creator_accepted_at_once_make_one_stand(
    client: AsyncTestClient, container: Container
) -> None:
    manager, market, call = await market_with_open_call(client, container)
    creator, creator_id, first_work = await creator_with_work(client)
    second_work = (await create_work(client, creator, creator_id, titles={"fr": "Lavwa"}))["id"]
    entries = [
        (await _ok(await enter(client, creator, call["id"], work), 201))["id"]
        for work in (first_work, second_work)
    ]
    past_deadline(container)
    decisions = [{"submission_id": entry, "decision": "accepted"} for entry in entries]
    await _ok(
        await client.post(
            f"/api/calls/{call['id']}/decisions", json={"decisions": decisions}, headers=manager
        )
    )
    rows = await OutboxMessage.select().where(OutboxMessage.event_type == "entry.accepted")
    events = [_envelope(row) for row in rows]
    accepted = container.services.get(AcceptedEntries)

    # Both deliveries race to open the creator's stand: the unique index lets one in; the
    # other fails (PostgreSQL) or waits its turn (SQLite's one writer), and a retry, as the
    # worker's, adds its work to the stand the first opened.
    outcomes = await asyncio.gather(
        *(accepted.on_entry_accepted(event) for event in events), return_exceptions=True
    )
    for event, outcome in zip(events, outcomes, strict=True):
        if isinstance(outcome, Exception):
            assert await accepted.on_entry_accepted(event) is True
    [stand] = await StandRow.select().where(StandRow.market_id == market["id"])
    works = await StandWorkRow.select(StandWorkRow.work_id).where(
        StandWorkRow.stand_id == stand["id"]
    )
    assert sorted(str(row["work_id"]) for row in works) == sorted([first_work, second_work])
