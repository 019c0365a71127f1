"""Two partners accept overlapping exclusive offers at the same instant, on PostgreSQL: the
second acceptance is made to arrive while the first one is between its check and its commit,
and must wait for the work's rights lock, then see the first deal and be refused.

Without the lock the second would read the same "nothing holds this window" and both deals
would be accepted (this test fails then: it was checked by disabling `FOR UPDATE`)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any
from uuid import UUID

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from accounts.domain import Principal, Role
from infra.errors import Conflict
from lakou.bootstrap import Container
from marketplace.licensing.deals.domain import DealState
from marketplace.licensing.deals.service import DealService
from marketplace.licensing.errors import LicensingError
from tests.conftest import DATABASE_KIND
from tests.helpers import sign_up_and_log_in
from tests.integration.test_licensing_deals import DEALS, _ask, _film_with_mandate, _offer
from tests.organisation_helpers import verified_organisation

pytestmark = pytest.mark.skipif(
    DATABASE_KIND != "postgres", reason="row locks: SQLite serialises writers anyway"
)
DEADLINE_S = 30


async def _waiting_on_a_lock(dsn: str) -> bool:
    connection = await asyncpg.connect(dsn)
    try:
        waiting = await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    finally:
        await connection.close()
    return bool(waiting)


async def test_two_exclusive_acceptances_at_once_one_wins(
    client: AsyncTestClient, container: Container, migrated_database: str
) -> None:
    owner, work_id, _ = await _film_with_mandate(client)
    partners = [
        await verified_organisation(client, container, await sign_up_and_log_in(client))
        for _ in range(2)
    ]
    deals = []
    for partner in partners:
        deal = (await client.post(DEALS, json=_ask(work_id), headers=partner)).json()["id"]
        await client.post(f"{DEALS}/{deal}/offer", json=_offer(), headers=owner)
        deals.append(deal)

    service = container.services.get(DealService)
    repository = service._repo
    read_holding = repository.holding
    # Thread events: the test client runs the app on a loop of its own.
    first_checked = threading.Event()
    second_read = threading.Event()
    calls = 0

    async def holding(work_id: Any, other_than: Any) -> Any:
        """The first acceptance waits, between its read and its commit, until the second
        is blocked on the lock (or, without a lock, has read the same rows)."""
        nonlocal calls
        calls += 1
        found = await read_holding(work_id, other_than)
        if calls == 1:
            first_checked.set()
            # Polling a condition the database alone knows, with a deadline.
            for _ in range(DEADLINE_S * 50):
                if second_read.is_set() or await _waiting_on_a_lock(migrated_database):
                    break
                await asyncio.sleep(0.02)
            else:
                raise AssertionError("the second acceptance neither waited nor read")
        else:
            second_read.set()
        return found

    me = [(await client.get("/api/auth/me", headers=p)).json() for p in partners]
    who = [
        Principal(user_id=UUID(m["id"]), email=m["email"], display_name="", role=Role.AUDIENCE)
        for m in me
    ]
    repository.holding = holding  # type: ignore[method-assign]
    try:
        # Straight to the service, on this loop: the test client handles one request at a time.
        first = asyncio.create_task(service.accept(who[0], UUID(deals[0])))
        assert await asyncio.to_thread(first_checked.wait, DEADLINE_S)
        with pytest.raises(Conflict) as refused:
            await service.accept(who[1], UUID(deals[1]))
        won = await first
    finally:
        repository.holding = read_holding  # type: ignore[method-assign]
    assert won.state is DealState.ACCEPTED
    assert refused.value.error is LicensingError.EXCLUSIVE_CONFLICT
    states = [
        (await client.get(f"{DEALS}/{d}", headers=p)).json()["state"]
        for d, p in zip(deals, partners, strict=True)
    ]
    assert states == ["accepted", "offered"]
