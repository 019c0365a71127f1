"""Shared fixtures: real PostgreSQL (or SQLite), real Redis, a clean database for every test.

`LAKOU_TEST_DATABASE=sqlite` runs the same suite on SQLite; the default is PostgreSQL at
`LAKOU_TEST_POSTGRES_URL` (127.0.0.1, database `lakou_test`, recreated once per session).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import hypothesis
import pytest
import redis
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from accounts.passwords import use_test_cost
from infra.db.migrations import migrate
from infra.modules import all_migrations, all_tables
from infra.settings import Settings
from lakou.bootstrap import Container, build_container, connect_database, enabled_modules
from tests.mail_server import SmtpServer
from tests.mailroom import Mailroom
from tests.shared_apps import borrowed_app

pytest_plugins = ["tests.fixtures_s3", "tests.fixtures_stripe"]

# Property tests judge what is generated, not how fast: on a 2-core machine running the suite
# (or CI beside other jobs) generation and examples can be slow, which is no failure.
hypothesis.settings.register_profile(
    "lakou", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("lakou")

# Tests make accounts by the hundred: argon2id at its smallest cost, same format and checks.
# (The servers that slow tests start as processes keep the production cost.)
use_test_cost()

DATABASE_KIND = os.environ.get("LAKOU_TEST_DATABASE", "postgres")
POSTGRES_URL = os.environ.get(
    "LAKOU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/lakou_test"
)
REDIS_URL = os.environ.get("LAKOU_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def pytest_report_header() -> str:
    return f"lakou: database={DATABASE_KIND} redis={REDIS_URL}"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="deselect the tests that never open the test database (make test's second pass)",
    )
    parser.addoption(
        "--every-language",
        action="store_true",
        help="run every browser journey in every interface language (default: one each, in turn)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser journeys last: Playwright's sync API runs an event loop in the main thread while
    # it is open, and asyncio.run() (the database fixtures) cannot start under it.
    items.sort(key=lambda item: "browser" in item.keywords)
    if config.getoption("--database-tests-only"):
        # The SQLite pass repeats only what can differ by engine: a test whose fixtures never
        # reach the migrated database (domain, parsing, settings...) gives the same answer twice.
        # `engine_neutral` tests open it but test what no engine changes (ffmpeg, tracing).
        kept = [
            item
            for item in items
            if ("migrated_database" in _fixtures_of(item) and "engine_neutral" not in item.keywords)
            or "engine_specific" in item.keywords
        ]
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
    if DATABASE_KIND == "postgres":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run without LAKOU_TEST_DATABASE=sqlite)")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)


def _fixtures_of(item: pytest.Item) -> tuple[str, ...]:
    return tuple(getattr(item, "fixturenames", ()))


async def _recreate_postgres_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name
        )
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def _test_environ(var_dir: Path, database_url: str) -> dict[str, str]:
    return {
        "LAKOU_ENV": "test",
        "LAKOU_VAR_DIR": str(var_dir),
        "LAKOU_SECRET_KEY": "test-secret-key-" + "x" * 32,
        "LAKOU_DATABASE_URL": database_url,
        "LAKOU_REDIS_URL": REDIS_URL,
        # The app opens a pool on its own event loop; other loops connect per query.
        "LAKOU_DATABASE_POOL_SIZE": "4",
    }


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The database URL (PostgreSQL) or template file (SQLite), migrated once."""
    if DATABASE_KIND == "postgres":
        asyncio.run(_recreate_postgres_database(POSTGRES_URL))
        url = POSTGRES_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'template.sqlite3'}"
    settings = Settings.from_env(_test_environ(tmp_path_factory.mktemp("var"), url))
    modules = enabled_modules(settings)
    asyncio.run(migrate(connect_database(settings, modules), all_migrations(modules)))
    return url


@pytest.fixture
def settings(migrated_database: str, tmp_path: Path) -> Settings:
    if DATABASE_KIND == "postgres":
        url = migrated_database
    else:
        copy = tmp_path / "lakou.sqlite3"
        shutil.copyfile(migrated_database.removeprefix("sqlite:///"), copy)
        url = f"sqlite:///{copy}"
    return Settings.from_env(_test_environ(tmp_path / "var", url))


@pytest.fixture
def redis_url() -> Iterator[str]:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
async def container(settings: Settings, redis_url: str) -> AsyncIterator[Container]:
    built = build_container(settings, redis_url)
    if DATABASE_KIND == "postgres":
        # DELETE beats TRUNCATE on tables this small (no new files, no fsync); children first,
        # all in one statement (one round trip instead of one per table).
        deletes = "".join(
            f'DELETE FROM "{table._meta.tablename}";'  # noqa: S608 - our own table names
            for table in reversed(all_tables(built.modules))
        )
        await built.engine.run_ddl(f"DO $$ BEGIN {deletes} END $$")
    yield built
    if built.redis is not None:
        await built.redis.aclose()


@pytest.fixture
async def client(container: Container) -> AsyncIterator[AsyncTestClient]:
    with borrowed_app(container) as app:
        async with AsyncTestClient(app=app) as test_client:
            yield test_client


@pytest.fixture(scope="session")
def broker() -> Iterator[RedisBroker]:
    # Actors bind to the global broker when first imported, so one broker serves the session.
    from workers.broker import install_broker

    broker = install_broker(REDIS_URL, namespace=f"lakou-test-{secrets.token_hex(4)}")
    yield broker
    broker.close()


@pytest.fixture
def worker(broker: RedisBroker, container: Container) -> Iterator[Worker]:
    from workers.runtime import start_worker

    running = start_worker(broker, container, threads=2)
    yield running
    running.stop()


@pytest.fixture
def mailroom(container: Container, smtp_server: SmtpServer) -> Mailroom:
    """The container's mail queue, delivered to a real SMTP server (`tests.mailroom`)."""
    from accounts.notifications.delivery import MailDelivery
    from infra.mail import SmtpTransport

    delivery = MailDelivery(SmtpTransport.from_url(smtp_server.url), container.settings.mail.sender)
    container.services.replace(delivery)
    return Mailroom(delivery, smtp_server)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a free loopback port; `smtp_server.url` is smtp://127.0.0.1:port."""
    server = SmtpServer().start()
    yield server
    server.stop()
