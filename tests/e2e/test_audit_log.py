"""The audit log: staff actions recorded with their transaction, read, filtered and exported.

Real database, Redis, worker and outbox relay: a refund and a payout run go through the same
HTTP routes staff use, and the entries are read back through the staff API, CSV and page.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from accounts.audit.port import AuditTrail
from accounts.audit.tables import AuditEntryRow
from accounts.audit.trail import PiccoloAuditTrail
from accounts.domain import Role
from infra.db import unit_of_work
from infra.db.unit_of_work import PiccoloUnitOfWork
from lakou.bootstrap import Container
from marketplace.revenue.tables import PayoutRunRow
from tests.helpers import (
    PASSWORD,
    deliver_events,
    log_in,
    page_log_in,
    priced,
    published_work,
    sign_up_and_log_in,
    staff_headers,
)


class Boom(Exception):
    """Fails a transaction on purpose."""


async def _staff(client: AsyncTestClient, container: Container) -> tuple[dict[str, str], UUID]:
    headers = await staff_headers(client, container)
    me = (await client.get("/api/auth/me", headers=headers)).json()
    return headers, UUID(me["id"])


async def _entries(client: AsyncTestClient, headers: dict[str, str], **query: str) -> Any:
    response = await client.get("/api/staff/audit", params=query, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def _paid_order(
    client: AsyncTestClient, worker: Worker, broker: RedisBroker
) -> dict[str, Any]:
    seller = await sign_up_and_log_in(client)
    offer = await priced(client, seller, await published_work(client, seller))
    buyer = await sign_up_and_log_in(client, role="audience")
    await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200, paid.text
    await deliver_events(broker, worker)
    return dict(order)


async def test_a_staff_refund_leaves_one_entry_with_its_actor_and_values(
    client: AsyncTestClient, container: Container, worker: Worker, broker: RedisBroker
) -> None:
    order = await _paid_order(client, worker, broker)
    staff, staff_id = await _staff(client, container)
    refund = await client.post(
        f"/api/orders/{order['id']}/refunds", json={"amount_cents": 300}, headers=staff
    )
    assert refund.status_code == 200, refund.text

    page = await _entries(client, staff, action="order.")
    assert len(page["items"]) == 1
    entry = page["items"][0]
    assert entry["actor_id"] == str(staff_id)
    assert entry["actor_name"] == "Staff"
    assert entry["action"] == "order.refunded"
    assert (entry["object_type"], entry["object_id"]) == ("order", order["id"])
    assert entry["before"] == {"status": "fulfilled", "refunded_cents": 0}
    assert entry["after"] == {
        "status": "partially_refunded",
        "refunded_cents": 300,
        "refund_asked_cents": 300,
    }
    assert entry["request_id"] == refund.headers["x-request-id"]
    assert entry["client_ip"]

    # A refused refund (more than is left) changes nothing and records nothing.
    refused = await client.post(
        f"/api/orders/{order['id']}/refunds", json={"amount_cents": 10_000}, headers=staff
    )
    assert refused.status_code == 422
    assert len((await _entries(client, staff, action="order."))["items"]) == 1


async def test_a_payout_run_leaves_one_entry_with_its_actor(
    client: AsyncTestClient, container: Container
) -> None:
    staff, staff_id = await _staff(client, container)
    run = await client.post(
        "/api/revenue/payout-runs", json={"min_payout_cents": 2500}, headers=staff
    )
    assert run.status_code == 202, run.text

    items = (await _entries(client, staff, object_type="payout_run"))["items"]
    assert [(e["action"], e["object_id"], e["actor_id"]) for e in items] == [
        ("payout_run.requested", run.json()["id"], str(staff_id))
    ]
    assert items[0]["before"] == {}
    assert items[0]["after"] == {"status": "requested", "min_payout_cents": 2500}


async def test_an_entry_commits_and_rolls_back_with_the_change_it_records(
    container: Container,
) -> None:
    trail = container.services.get(AuditTrail)
    kept, lost = str(uuid4()), str(uuid4())
    async with PiccoloUnitOfWork(container.engine):
        await trail.record(
            actor_id=None, action="test.committed", object_type="thing", object_id=kept
        )

    async def record_then_fail() -> None:
        async with PiccoloUnitOfWork(container.engine):
            await trail.record(
                actor_id=None, action="test.rolled_back", object_type="thing", object_id=lost
            )
            assert await AuditEntryRow.count().where(AuditEntryRow.object_id == lost) == 1
            raise Boom

    with pytest.raises(Boom):
        await record_then_fail()
    assert await AuditEntryRow.count().where(AuditEntryRow.object_id == kept) == 1
    assert await AuditEntryRow.count().where(AuditEntryRow.object_id == lost) == 0


async def test_a_payout_run_whose_commit_fails_leaves_no_entry(
    client: AsyncTestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff, _ = await _staff(client, container)

    async def outbox_down(events: Any) -> None:
        raise Boom  # the last step of the transaction, after the entry was written

    monkeypatch.setattr(unit_of_work, "append_to_outbox", outbox_down)
    failed = await client.post("/api/revenue/payout-runs", json={}, headers=staff)
    assert failed.status_code == 500
    assert await AuditEntryRow.count() == 0
    assert await PayoutRunRow.count() == 0


async def _seed(container: Container) -> dict[str, Any]:
    """Entries of two actors, actions and organisations, on two days (clock of our choice)."""
    alice = await container.identity.create_user(
        "alice@example.test", PASSWORD, "Alice", Role.STAFF
    )
    bob = await container.identity.create_user("bob@example.test", PASSWORD, "Bob", Role.STAFF)
    organisation = uuid4()
    days = iter(datetime(2026, 3, day, 15, tzinfo=UTC) for day in (1, 1, 2, 2, 3))
    trail = PiccoloAuditTrail(clock=lambda: next(days))
    await trail.record(
        actor_id=alice,
        action="order.refunded",
        object_type="order",
        object_id="o-1",
        before={"status": "paid"},
        after={"status": "refunded"},
    )
    await trail.record(
        actor_id=bob,
        action="payout_run.requested",
        object_type="payout_run",
        object_id="r-1",
        after={"status": "requested"},
    )
    await trail.record(
        actor_id=alice,
        action="organisation.verified",
        object_type="organisation",
        object_id=str(organisation),
        organisation_id=organisation,
        before={"status": "pending"},
        after={"status": "verified"},
    )
    await trail.record(
        actor_id=bob,
        action="order.refunded",
        object_type="order",
        object_id="o-2",
        before={"status": "paid"},
        after={"status": "refunded"},
    )
    await trail.record(actor_id=None, action="orders.purged", object_type="order",
                       object_id="o-3")  # fmt: skip
    return {"alice": alice, "bob": bob, "organisation": organisation}


def _ids(page: Any) -> list[str]:
    return [item["object_id"] for item in page["items"]]


async def test_staff_filter_the_log_and_page_through_it_newest_first(
    client: AsyncTestClient, container: Container
) -> None:
    seeded = await _seed(container)
    staff = await log_in(client, "alice@example.test")

    assert _ids(await _entries(client, staff)) == [
        "o-3", "o-2", str(seeded["organisation"]), "r-1", "o-1"
    ]  # fmt: skip
    assert _ids(await _entries(client, staff, actor=str(seeded["alice"]))) == [
        str(seeded["organisation"]),
        "o-1",
    ]
    # A prefix: "order." is not "orders.", and "_" is a character, not a wildcard.
    assert _ids(await _entries(client, staff, action="order.")) == ["o-2", "o-1"]
    assert _ids(await _entries(client, staff, action="payout_")) == ["r-1"]
    assert _ids(await _entries(client, staff, action="order_")) == []
    assert _ids(await _entries(client, staff, object_type="order", object_id="o-2")) == ["o-2"]
    assert _ids(await _entries(client, staff, organisation=str(seeded["organisation"]))) == [
        str(seeded["organisation"])
    ]
    # Days in Martinique: 15:00 UTC is 11:00 there.
    assert _ids(await _entries(client, staff, **{"from": "2026-03-02", "to": "2026-03-02"})) == [
        "o-2",
        str(seeded["organisation"]),
    ]
    named = (await _entries(client, staff, object_id="r-1"))["items"][0]
    assert named["actor_name"] == "Bob"

    first = await _entries(client, staff, limit="2")
    assert _ids(first) == ["o-3", "o-2"]
    second = await _entries(client, staff, limit="2", cursor=first["next_cursor"])
    assert _ids(second) == [str(seeded["organisation"]), "r-1"]
    third = await _entries(client, staff, limit="2", cursor=second["next_cursor"])
    assert _ids(third) == ["o-1"]
    assert third["next_cursor"] is None


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"actor": "not-a-uuid"}, "invalid_actor"),
        ({"action": "DROP TABLE"}, "invalid_action"),
        ({"from": "yesterday"}, "invalid_date"),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "invalid_period"),
        ({"limit": "500"}, "invalid_limit"),
        ({"cursor": "%%%"}, "invalid_cursor"),
    ],
)
async def test_a_bad_filter_is_a_422_naming_it(
    client: AsyncTestClient, container: Container, query: dict[str, str], code: str
) -> None:
    staff = await staff_headers(client, container)
    for path in ("/api/staff/audit", "/api/staff/audit.csv"):
        if path.endswith(".csv") and code in ("invalid_limit", "invalid_cursor"):
            continue  # the export takes neither
        response = await client.get(path, params=query, headers=staff)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == code


async def test_only_staff_read_the_log(client: AsyncTestClient, container: Container) -> None:
    for path in ("/api/staff/audit", "/api/staff/audit.csv"):
        assert (await client.get(path)).status_code == 401
        for role in ("audience", "creator"):  # the roles anyone can sign up for
            someone = await sign_up_and_log_in(client, role=role)
            refused = await client.get(path, headers=someone)
            assert refused.status_code == 403
            assert refused.json()["error"]["code"] == "staff_only"
    # Guards come first: a non-staff caller learns nothing from a bad filter either.
    creator = await sign_up_and_log_in(client)
    assert (await client.get("/api/staff/audit?actor=x", headers=creator)).status_code == 403


async def test_the_csv_export_escapes_formulas(
    client: AsyncTestClient, container: Container
) -> None:
    actor = await container.identity.create_user(
        "formula@example.test", PASSWORD, '=HYPERLINK("http://evil")', Role.STAFF
    )
    await PiccoloAuditTrail().record(
        actor_id=actor,
        action="order.refunded",
        object_type="order",
        object_id="=cmd|' /C calc'!A0",
        after={"note": "=1+1"},
    )
    staff = await log_in(client, "formula@example.test")
    response = await client.get("/api/staff/audit.csv", params={"action": "order."}, headers=staff)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"  # once (fuzzing)
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:4] == ["occurred_at", "actor_id", "actor_name", "action"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["actor_name"] == '\'=HYPERLINK("http://evil")'
    assert row["object_id"] == "'=cmd|' /C calc'!A0"
    assert row["after"] == '{"note":"=1+1"}'  # JSON starts with "{": never a formula
    for value in rows[1]:
        assert not value.startswith(("=", "+", "-", "@")), value


async def test_the_journal_page_shows_entries_with_their_diff(
    client: AsyncTestClient, container: Container
) -> None:
    seeded = await _seed(container)
    await page_log_in(client, "alice@example.test")
    page = await client.get("/staff/journal", params={"action": "organisation."})
    assert page.status_code == 200
    assert "organisation.verified" in page.text
    assert "Alice" in page.text
    assert "<del>&#34;pending&#34;</del>" in page.text or '<del>"pending"</del>' in page.text
    assert "order.refunded" not in page.text
    assert 'value="organisation."' in page.text  # the form keeps the filter
    assert str(seeded["organisation"]) in page.text

    english = await client.get("/staff/journal", params={"action": "nothing.", "lang": "en"})
    assert "No entry matches these filters." in english.text
    bad = await client.get("/staff/journal", params={"from": "hier", "lang": "fr"})
    assert bad.status_code == 422
    assert "Date invalide" in bad.text


async def test_the_journal_page_is_for_staff_only(
    client: AsyncTestClient, container: Container
) -> None:
    anonymous = await client.get("/staff/journal", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/connexion?next=/staff/journal")
    await sign_up_and_log_in(client, email="curious@example.test")
    await page_log_in(client, "curious@example.test")
    refused = await client.get("/staff/journal")
    assert refused.status_code == 403
    assert "réservé à l'équipe Lakou" in refused.text
