"""PostgreSQL restarted under a running Lakou: requests fail cleanly meanwhile (503, no trace),
and succeed again once it is back, without restarting Lakou (the pools recover)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.db.migrations import migrate
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.bootstrap import Container, build_container, connect_database, enabled_modules
from tests.books import wait_until_books_balance
from tests.conftest import _test_environ
from tests.dedicated_postgres import PostgresServer
from tests.fault_purchases import worker_for
from tests.helpers import (
    create_creator,
    create_work,
    deliver_events,
    priced,
    published_work,
    sign_up_and_log_in,
)
from tests.shared_apps import client_of

pytestmark = [pytest.mark.postgres_only]


@pytest.fixture
def dedicated_postgres() -> Iterator[PostgresServer]:
    server = PostgresServer().create()
    server.start()
    yield server
    server.remove()


@pytest.fixture
async def lakou_container(
    dedicated_postgres: PostgresServer, redis_url: str, tmp_path: Path
) -> AsyncIterator[Container]:
    settings = Settings.from_env(_test_environ(tmp_path / "var", dedicated_postgres.url))
    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    container = build_container(settings, redis_url)
    yield container
    if container.redis is not None:
        await container.redis.aclose()


@pytest.fixture
async def lakou_on_it(lakou_container: Container) -> AsyncIterator[AsyncTestClient]:

    async with client_of(lakou_container) as client:
        yield client


def _leaks(text: str) -> list[str]:
    return [word for word in ("Traceback", "asyncpg", "postgres", "127.0.0.1") if word in text]


async def test_requests_fail_cleanly_while_postgres_is_down_and_succeed_after(
    dedicated_postgres: PostgresServer,
    lakou_container: Container,
    lakou_on_it: AsyncTestClient,
    broker: RedisBroker,
) -> None:
    client = lakou_on_it
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    profile = f"/api/creators/{creator['id']}"
    assert (await client.get(profile)).status_code == 200
    buyer = await sign_up_and_log_in(client, role="audience")
    offer = await priced(client, seller, await published_work(client, seller))
    added = await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    assert added.status_code == 201, added.text
    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    pay = {"client_secret": order["payment"]["client_secret"], "outcome": "succeed"}
    payment = f"/api/orders/{order['id']}/test-payment"

    dedicated_postgres.stop("immediate")
    for attempt in range(3):  # every pooled connection is dead: each request says so cleanly
        read = await client.get(profile)
        assert read.status_code == 503, (attempt, read.text)
        assert read.json()["error"]["code"] == "database_unavailable"
        assert read.headers["retry-after"]
        assert _leaks(read.text) == []
    write = await client.post(
        "/api/works", json={"creator_id": creator["id"], "titles": {"fr": "X"}}, headers=seller
    )
    assert write.status_code == 503, write.text
    refused = await client.post(payment, json=pay, headers=buyer)
    assert refused.status_code == 503, refused.text
    page = await client.get("/", headers={"accept": "text/html", "accept-language": "es"})
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "Servicio" in page.text  # the visitor's language, without the database
    assert _leaks(page.text) == []

    dedicated_postgres.start()
    assert (await client.get(profile)).status_code == 200
    made = await create_work(client, seller, creator["id"])
    assert (await client.get(f"/api/works/{made['id']}", headers=seller)).status_code == 200
    paid = await client.post(payment, json=pay, headers=buyer)
    assert paid.status_code == 200, paid.text
    with worker_for(broker, lakou_container) as worker:
        await deliver_events(broker, worker)
    commission_bp = lakou_container.settings.payment.commission_bp
    await wait_until_books_balance(lakou_container.engine, commission_bp)
    assert (await client.get(f"/api/orders/{order['id']}", headers=buyer)).json()["status"] in (
        "paid",
        "fulfilled",
    )
