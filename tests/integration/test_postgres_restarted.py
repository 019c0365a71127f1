"""PostgreSQL restarted under a running Lakou: requests fail cleanly meanwhile (503, no trace),
and succeed again once it is back, without restarting Lakou (the pools recover)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from infra.db.migrations import migrate
from infra.modules import all_migrations
from infra.settings import Settings
from lakou.bootstrap import build_container, connect_database, enabled_modules
from tests.conftest import _test_environ
from tests.dedicated_postgres import PostgresServer
from tests.helpers import create_creator, create_work, sign_up_and_log_in

pytestmark = [pytest.mark.postgres_only]


@pytest.fixture
def dedicated_postgres() -> Iterator[PostgresServer]:
    server = PostgresServer().create()
    server.start()
    yield server
    server.remove()


@pytest.fixture
async def lakou_on_it(
    dedicated_postgres: PostgresServer, redis_url: str, tmp_path: Path
) -> AsyncIterator[AsyncTestClient]:
    from lakou.app import create_app

    settings = Settings.from_env(_test_environ(tmp_path / "var", dedicated_postgres.url))
    modules = enabled_modules(settings)
    await migrate(connect_database(settings, modules), all_migrations(modules))
    container = build_container(settings, redis_url)
    async with AsyncTestClient(app=create_app(container)) as client:
        yield client
    if container.redis is not None:
        await container.redis.aclose()


def _leaks(text: str) -> list[str]:
    return [word for word in ("Traceback", "asyncpg", "postgres", "127.0.0.1") if word in text]


async def test_requests_fail_cleanly_while_postgres_is_down_and_succeed_after(
    dedicated_postgres: PostgresServer, lakou_on_it: AsyncTestClient
) -> None:
    client = lakou_on_it
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    profile = f"/api/creators/{creator['id']}"
    assert (await client.get(profile)).status_code == 200

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
    page = await client.get("/", headers={"accept": "text/html", "accept-language": "es"})
    assert page.status_code == 503
    assert page.headers["content-type"].startswith("text/html")
    assert "Servicio" in page.text  # the visitor's language, without the database
    assert _leaks(page.text) == []

    dedicated_postgres.start()
    assert (await client.get(profile)).status_code == 200
    made = await create_work(client, seller, creator["id"])
    assert (await client.get(f"/api/works/{made['id']}", headers=seller)).status_code == 200
