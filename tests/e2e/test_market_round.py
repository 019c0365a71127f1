"""The hosted-buyer round over the API: the managers open it for a meeting day, accredited
buyers rank stands and exhibitors rank buyers (each their own list), the managers run it once
and the scheduler's meetings are booked as accepted requests are: no person or table twice in a
slot, quotas held, mutual wishes first; a second run adds nothing (on both engines)."""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID, uuid4

import pytest
from litestar.testing import AsyncTestClient

from infra.db.values import as_json
from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from marketplace.markets.meetings.tables import MeetingRow
from marketplace.markets.personal_data import erase, export
from marketplace.markets.round.run import RoundRunner
from marketplace.markets.round.service import RoundService
from tests.e2e.test_markets_api import market_body, open_market, organiser
from tests.meeting_helpers import (
    accredited,
    as_principal,
    code,
    meeting_day,
    meeting_hours,
    person,
    race,
    slot,
    stand_of_new_creator,
    user_id,
)
from tests.organisation_helpers import ensure_notifier


@pytest.fixture(autouse=True)
def _ports(container: Container) -> None:
    ensure_notifier(container)


async def opened_round(
    client: AsyncTestClient, manager: dict[str, str], market_id: str, **extra: object
) -> None:
    await meeting_hours(client, manager, market_id)
    body = {"day": meeting_day().isoformat(), **extra}
    made = await client.post(f"/api/markets/{market_id}/round", json=body, headers=manager)
    assert made.status_code == 201, made.text


async def round_with_stands(
    client: AsyncTestClient, container: Container, stands: int
) -> tuple[dict[str, str], dict[str, Any], list[tuple[dict[str, str], dict[str, Any]]]]:
    """An open market with meeting hours tomorrow and its round open: the manager, the market,
    and `stands` creators' stands (each exhibitor's headers and stand)."""
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    made = [
        await stand_of_new_creator(client, container, manager, market["id"]) for _ in range(stands)
    ]
    await opened_round(client, manager, market["id"])
    return manager, market, made


async def test_the_managers_open_the_round_and_strangers_are_refused(
    client: AsyncTestClient, container: Container
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    base = f"/api/markets/{market['id']}/round"
    stranger = await person(container, client)
    day = {"day": meeting_day().isoformat()}

    assert (await client.post(base, json=day, headers=stranger)).status_code == 403
    no_hours = await client.post(base, json=day, headers=manager)
    assert no_hours.status_code == 422
    assert code(no_hours) == "round_day_without_hours"
    await meeting_hours(client, manager, market["id"])
    bad = await client.post(base, json={**day, "categories": ["pirate"]}, headers=manager)
    assert code(bad) == "invalid_category"
    made = await client.post(base, json=day, headers=manager)
    assert made.status_code == 201, made.text
    assert made.json()["categories"] == ["buyer"]
    assert made.json()["state"] == "open"
    again = await client.post(base, json=day, headers=manager)
    assert again.status_code == 409
    assert code(again) == "round_exists"
    assert (await client.get(base, headers=stranger)).status_code == 403
    assert (await client.post(f"{base}/run", headers=stranger)).status_code == 403

    # A draft market's round stays hidden from people outside its team.
    draft = await client.post("/api/markets", json=market_body(), headers=manager)
    hidden = f"/api/markets/{draft.json()['id']}/round"
    assert (await client.post(hidden, json=day, headers=stranger)).status_code == 404
    assert (await client.get(f"{hidden}/wishes", headers=stranger)).status_code == 404


async def test_wishes_are_saved_replaced_and_kept_to_their_owner(
    client: AsyncTestClient, container: Container
) -> None:
    manager, market, [(exhibitor, stand_a), (_, stand_b)] = await round_with_stands(
        client, container, 2
    )
    base = f"/api/markets/{market['id']}"
    buyer = await accredited(client, container, manager, market["id"])
    programmer = await accredited(client, container, manager, market["id"], "programmer")
    stranger = await person(container, client)

    refused = await client.get(f"{base}/round/wishes", headers=stranger)
    assert (refused.status_code, code(refused)) == (403, "accreditation_required")
    excluded = await client.get(f"{base}/round/wishes", headers=programmer)
    assert (excluded.status_code, code(excluded)) == (403, "round_category_excluded")

    shown = (await client.get(f"{base}/round/wishes", headers=buyer)).json()
    assert shown["wishes"] == []
    assert {item["id"] for item in shown["offered"]} == {stand_a["id"], stand_b["id"]}
    url = f"{base}/round/wishes"
    first = await client.put(url, json={"stands": [stand_a["id"], stand_b["id"]]}, headers=buyer)
    assert first.status_code == 200, first.text
    await client.put(url, json={"stands": [stand_b["id"], stand_a["id"]]}, headers=buyer)
    for wrong in ([stand_a["id"], stand_a["id"]], [str(UUID(int=7))]):
        bad = await client.put(url, json={"stands": wrong}, headers=buyer)
        assert (bad.status_code, code(bad)) == (422, "invalid_round_wishes")
    kept = (await client.get(url, headers=buyer)).json()["wishes"]
    assert kept == [stand_b["id"], stand_a["id"]]

    # The stand's side: its exhibitors rank the professionals taking part, nobody else.
    stand_url = f"/api/stands/{stand_a['id']}/round/wishes"
    buyer_id = str(await user_id(client, buyer))
    offered = (await client.get(stand_url, headers=exhibitor)).json()["offered"]
    assert [item["id"] for item in offered] == [buyer_id]
    body = {"professionals": [buyer_id]}
    assert (await client.put(stand_url, json=body, headers=stranger)).status_code == 403
    assert (await client.get(stand_url, headers=buyer)).status_code == 403
    outsider = {"professionals": [str(await user_id(client, programmer))]}
    bad = await client.put(stand_url, json=outsider, headers=exhibitor)
    assert (bad.status_code, code(bad)) == (422, "invalid_round_wishes")
    saved = await client.put(stand_url, json=body, headers=exhibitor)
    assert saved.json()["wishes"] == [buyer_id]
    counts = (await client.get(f"{base}/round", headers=manager)).json()
    assert (counts["buyer_lists"], counts["stand_lists"]) == (1, 1)

    # Two saves at once: one list stays, no error.
    service = container.services.get(RoundService)
    who = await as_principal(client, buyer)
    lists = [[UUID(stand_a["id"])], [UUID(stand_b["id"])]]
    won, lost = await race([service.rank_stands(who, UUID(market["id"]), w) for w in lists])
    assert (won, lost) == (2, [])
    assert len((await client.get(url, headers=buyer)).json()["wishes"]) == 1


async def test_a_run_books_mutual_pairs_first_within_quotas_and_only_once(
    client: AsyncTestClient, container: Container
) -> None:
    manager, market, [(exhibitor_a, stand_a), (exhibitor_b, stand_b)] = await round_with_stands(
        client, container, 2
    )
    base = f"/api/markets/{market['id']}"
    quotas = await client.put(
        f"{base}/meetings/quotas", json={"per_day": {"buyer": 1}}, headers=manager
    )
    assert quotas.status_code == 200, quotas.text
    nothing = await client.post(f"{base}/round/run", headers=manager)
    assert (nothing.status_code, code(nothing)) == (422, "round_no_wishes")
    buyers = [await accredited(client, container, manager, market["id"]) for _ in range(3)]
    ids = [str(await user_id(client, headers)) for headers in buyers]
    wishes = [[stand_b["id"], stand_a["id"]], [stand_a["id"]], [stand_b["id"]]]
    for headers, stands in zip(buyers, wishes, strict=True):
        saved = await client.put(f"{base}/round/wishes", json={"stands": stands}, headers=headers)
        assert saved.status_code == 200, saved.text
    # Stand A wants the first buyer, whose own first choice is B: quota 1, the mutual pair wins.
    for stand, headers, ranked in (
        (stand_a, exhibitor_a, [ids[0], ids[1]]),
        (stand_b, exhibitor_b, [ids[2]]),
    ):
        url = f"/api/stands/{stand['id']}/round/wishes"
        saved = await client.put(url, json={"professionals": ranked}, headers=headers)
        assert saved.status_code == 200, saved.text

    ran = await client.post(f"{base}/round/run", headers=manager)
    assert ran.status_code == 200, ran.text
    assert ran.json() == {"written": 3, "mutual_met": 3, "mutual_bound": 3, "skipped": []}

    rows = await MeetingRow.select().where(MeetingRow.market_id == UUID(market["id"]))
    pairs = {(str(row["professional_id"]), str(row["stand_id"])) for row in rows}
    assert pairs == {(ids[0], stand_a["id"]), (ids[1], stand_a["id"]), (ids[2], stand_b["id"])}
    assert {row["state"] for row in rows} == {"booked"}
    assert {row["day"] for row in rows} == {meeting_day().isoformat()}
    people = Counter((row["professional_id"], row["slot_start"]) for row in rows)
    tables = Counter((row["table_id"], row["slot_start"]) for row in rows)
    assert max(people.values()) == 1
    assert max(tables.values()) == 1
    events = await OutboxMessage.select().where(OutboxMessage.event_type == "meeting.booked")
    assert len([e for e in events if str(e["aggregate_id"]) in {str(r["id"]) for r in rows}]) == 3

    # Each side sees it as an accepted meeting; the table is taken at that slot.
    mine = (await client.get(f"{base}/meetings/mine", headers=buyers[0])).json()
    assert [(m["stand_id"], m["state"]) for m in mine["asked"]] == [(stand_a["id"], "booked")]
    received = (await client.get(f"{base}/meetings/mine", headers=exhibitor_a)).json()["received"]
    assert len(received) == 2
    free = (await client.get(f"{base}/stands/{stand_a['id']}/meetings/free")).json()
    assert len(free) == 4

    # Running again adds nothing; the lists are closed.
    again = await client.post(f"{base}/round/run", headers=manager)
    assert (again.status_code, code(again)) == (409, "round_already_run")
    late = await client.put(f"{base}/round/wishes", json={"stands": []}, headers=buyers[2])
    assert (late.status_code, code(late)) == (409, "round_already_run")
    assert await MeetingRow.count().where(MeetingRow.market_id == UUID(market["id"])) == 3
    shown = (await client.get(f"{base}/round", headers=manager)).json()
    assert shown["state"] == "done"
    assert shown["result"]["written"] == 3


async def test_two_runs_at_once_book_once_and_a_seat_taken_meanwhile_is_skipped(
    client: AsyncTestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = await organiser(client, container)
    market = await open_market(client, manager)
    base = f"/api/markets/{market['id']}"
    exhibitor, stand = await stand_of_new_creator(client, container, manager, market["id"])
    # One slot at the stand's only table.
    await meeting_hours(client, manager, market["id"], 9, 10)
    day = {"day": meeting_day().isoformat()}
    assert (await client.post(f"{base}/round", json=day, headers=manager)).status_code == 201
    early = await accredited(client, container, manager, market["id"])
    nine = slot(9)
    asked = await client.post(
        f"{base}/stands/{stand['id']}/meetings", json={"slots": [nine]}, headers=early
    )
    assert asked.status_code == 201, asked.text
    buyer = await accredited(client, container, manager, market["id"])
    await client.put(f"{base}/round/wishes", json={"stands": [stand["id"]]}, headers=buyer)
    runner = container.services.get(RoundRunner)
    gathered = runner._board

    async def then_the_exhibitor_accepts(*args: Any) -> Any:
        board = await gathered(*args)
        # The seat goes to the request after the run read it free.
        accepted = await client.post(
            f"/api/meetings/{asked.json()['id']}/accept",
            json={"slot_start": nine},
            headers=exhibitor,
        )
        assert accepted.status_code == 200, accepted.text
        return board

    monkeypatch.setattr(runner, "_board", then_the_exhibitor_accepts)
    who = await as_principal(client, manager)
    won, lost = await race([runner.run(who, UUID(market["id"])) for _ in range(2)])
    assert (won, lost) == (1, ["round_already_run"])

    result = (await client.get(f"{base}/round", headers=manager)).json()["result"]
    buyer_id = str(await user_id(client, buyer))
    assert result["written"] == 0
    assert [(s["professional_id"], s["reason"]) for s in result["skipped"]] == [
        (buyer_id, "slot_taken")
    ]
    rows = await MeetingRow.select().where(MeetingRow.stand_id == UUID(stand["id"]))
    assert [str(row["professional_id"]) for row in rows] == [str(await user_id(client, early))]


async def test_a_buyers_round_wishes_are_exported_then_erased_from_both_sides(
    client: AsyncTestClient, container: Container
) -> None:
    manager, market, [(exhibitor, stand)] = await round_with_stands(client, container, 1)
    base = f"/api/markets/{market['id']}"
    buyer = await accredited(client, container, manager, market["id"])
    await client.put(f"{base}/round/wishes", json={"stands": [stand["id"]]}, headers=buyer)
    buyer_id = await user_id(client, buyer)
    stand_url = f"/api/stands/{stand['id']}/round/wishes"
    ranked = {"professionals": [str(buyer_id)]}
    assert (await client.put(stand_url, json=ranked, headers=exhibitor)).status_code == 200

    data = await export(container.services, buyer_id)
    assert [as_json(row["wishes"]) for row in data["round_wishes"]] == [[stand["id"]]]
    await erase(container.services, buyer_id, uuid4())
    assert (await export(container.services, buyer_id))["round_wishes"] == []
    assert (await client.get(stand_url, headers=exhibitor)).json()["wishes"] == []
