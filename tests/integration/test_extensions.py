"""Extensions are real plug-ins: a wheel installed beside Lakou, enabled by name.

The test extension (tests/extension_shelf) is built into a wheel and installed into a temporary
folder put on the path for these tests only. Enabled, every part of it plugs in without a line
of core code changing; disabled, none of it exists, and its tables stay as they were.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib
import io
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from uuid import UUID

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.db.migrations import migrate
from infra.modules import all_migrations
from infra.settings import Settings, SettingsError
from lakou.bootstrap import Container, build_container, enabled_modules
from marketplace.revenue.domain.splits import owner_holder_id
from tests.extension_wheel import build_wheel, install_wheel
from tests.helpers import create_creator, create_work, deliver_events, sign_up_and_log_in
from tests.shared_apps import client_of
from workers.routes import routes_for


@pytest.fixture(scope="module")
def shelf_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("extension")
    site = install_wheel(build_wheel(folder), folder / "site")
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    yield site
    sys.path.remove(str(site))
    for name in [name for name in sys.modules if name.split(".")[0] == "lakou_shelf"]:
        del sys.modules[name]


def _with_extensions(settings: Settings, *names: str, **variables: str) -> Settings:
    return dataclasses.replace(
        settings,
        extensions=names,
        variables={**settings.variables, "LAKOU_EXTENSIONS": ",".join(names), **variables},
    )


async def _clean_shelf(built: Container) -> None:
    # One PostgreSQL database serves the whole session: start from empty extension tables.
    for spec in built.modules:
        if spec.name == "shelf":
            for table in spec.tables:
                await table.delete(force=True)


@pytest.fixture
async def shelf_container(
    settings: Settings, redis_url: str, container: Container, shelf_site: Path
) -> AsyncIterator[Container]:
    built = build_container(
        _with_extensions(settings, "shelf", LAKOU_SHELF_MAX_PINS="2"), redis_url
    )
    await migrate(built.engine, all_migrations(built.modules))
    await _clean_shelf(built)
    yield built
    if built.redis is not None:
        await built.redis.aclose()


@pytest.fixture
async def shelf_client(shelf_container: Container) -> AsyncIterator[AsyncTestClient]:
    async with client_of(shelf_container) as test_client:
        yield test_client


@pytest.fixture
def shelf_worker(broker: RedisBroker, shelf_container: Container) -> Iterator[Worker]:
    from workers.runtime import start_worker

    running = start_worker(broker, shelf_container, threads=2)
    yield running
    running.stop()


async def test_an_enabled_extension_plugs_in_everywhere(
    shelf_client: AsyncTestClient,
    shelf_container: Container,
    broker: RedisBroker,
    shelf_worker: Worker,
) -> None:
    client = shelf_client
    creator = await sign_up_and_log_in(client)
    profile = await create_creator(client, creator)
    work = await create_work(client, creator, profile["id"])

    # Its API, behind its guard, with its own setting (two pins at most).
    anonymous = await client.post("/api/shelf/pins", json={"work_id": work["id"]})
    assert anonymous.status_code == 401
    for _ in range(2):
        pinned = await client.post("/api/shelf/pins", json={"work_id": work["id"]}, headers=creator)
        assert pinned.status_code == 201, pinned.text
    full = await client.post("/api/shelf/pins", json={"work_id": work["id"]}, headers=creator)
    assert full.status_code == 409
    assert full.json()["error"]["code"] == "shelf_full"
    # No catalogue: its messages stay French in every language, its codes the same.
    english = {**creator, "Accept-Language": "en"}
    full_en = await client.post("/api/shelf/pins", json={"work_id": work["id"]}, headers=english)
    assert full_en.json()["error"]["code"] == "shelf_full"
    assert full_en.json()["error"]["message"] == "Une étagère garde au plus 2 œuvres."
    mine = await client.get("/api/shelf/pins", headers=creator)
    assert mine.json()["work_ids"] == [work["id"], work["id"]]
    assert "/api/shelf/pins" in (await client.get("/api/docs/openapi.json")).json()["paths"]

    # Its page, its template and its menu entry.
    page = await client.get("/etagere")
    assert page.status_code == 200
    assert "Mon étagère" in page.text
    home = await client.get("/")
    assert 'href="/etagere"' in home.text
    assert "Étagère" in home.text
    # In English, the core's text is translated and the extension's stays French.
    page_en = await client.get("/etagere", headers={"Accept-Language": "en"})
    assert '<html lang="en">' in page_en.text
    assert "Mon étagère" in page_en.text
    assert "Étagère" in (await client.get("/", headers={"Accept-Language": "en"})).text

    # Its consumer hears `work.published` through the relay and its own actor.
    published = await client.post(f"/api/works/{work['id']}/publish", headers=creator)
    assert published.status_code == 200
    await deliver_events(broker, shelf_worker)
    seen = await client.get("/api/shelf/seen", headers=creator)
    assert seen.json()["work_ids"] == [work["id"]]
    assert "shelf.note_published" in set(broker.get_declared_actors())

    # Its periodic job runs beside the relay's chores.
    jobs = {job.name: job for spec in shelf_container.modules for job in spec.jobs}
    retention = jobs["shelf feed retention"]
    assert await retention.run(shelf_container.services.get(retention.service)) == 0


async def test_a_disabled_extension_leaves_nothing_behind_but_its_data(
    shelf_client: AsyncTestClient, shelf_container: Container, settings: Settings, redis_url: str
) -> None:
    creator = await sign_up_and_log_in(shelf_client)
    work_id = "0190c0de-0000-7000-8000-0000000000aa"
    pinned = await shelf_client.post("/api/shelf/pins", json={"work_id": work_id}, headers=creator)
    assert pinned.status_code == 201

    # The same database, the extension installed but not enabled.
    core = build_container(settings, redis_url)
    assert "shelf" not in {spec.name for spec in core.modules}
    async with client_of(core) as client:
        assert (await client.get("/etagere")).status_code == 404
        assert (await client.get("/api/shelf/pins", headers=creator)).status_code == 404
        assert 'href="/etagere"' not in (await client.get("/")).text
    actors = {route.actor for routes in routes_for(core.modules).values() for route in routes}
    assert not any(actor.startswith("shelf.") for actor in actors)
    assert not any(job.name.startswith("shelf") for spec in core.modules for job in spec.jobs)
    # Its table was left as it was.
    rows = await core.engine.run_ddl("SELECT id, work_id FROM lakou_shelf_pins")
    kept = {str(row["id"]): str(row["work_id"]) for row in rows}
    assert kept[pinned.json()["id"]] == work_id
    if core.redis is not None:
        await core.redis.aclose()


def test_unknown_extensions_and_missing_dependencies_stop_start_up_by_name(
    settings: Settings, shelf_site: Path
) -> None:
    with pytest.raises(SettingsError, match="nope"):
        enabled_modules(_with_extensions(settings, "nope"))
    with pytest.raises(SettingsError, match="'shelf-digest' needs shelf"):
        enabled_modules(_with_extensions(settings, "shelf-digest"))
    # Declared dependencies order extensions too, whatever order they are listed in.
    names = [
        spec.name for spec in enabled_modules(_with_extensions(settings, "shelf-digest", "shelf"))
    ]
    assert names.index("shelf") < names.index("shelf-digest")
    assert names.index("catalogue") < names.index("shelf")


@pytest.mark.slow
def test_an_extension_adds_its_command_to_lakou(
    shelf_container: Container, settings: Settings, shelf_site: Path
) -> None:
    environ = {key: value for key, value in os.environ.items() if not key.startswith("LAKOU_")}
    environ |= dict(settings.variables) | {"PYTHONPATH": str(shelf_site)}

    def lakou(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "lakou.cli", *args],
            env=environ | extra,
            capture_output=True,
            text=True,
            timeout=60,
        )

    enabled = lakou("shelf-stats", LAKOU_EXTENSIONS="shelf")
    assert enabled.returncode == 0, enabled.stderr
    assert enabled.stdout.strip() == "0 pin(s)"
    disabled = lakou("shelf-stats")
    assert disabled.returncode != 0
    assert "No such command" in disabled.stderr
    unknown = lakou("migrate", LAKOU_EXTENSIONS="nope")
    assert unknown.returncode != 0
    assert "nope" in unknown.stderr


async def test_an_extension_sells_its_own_item_through_the_orders_port(
    shelf_client: AsyncTestClient,
    shelf_container: Container,
    broker: RedisBroker,
    shelf_worker: Worker,
) -> None:
    client = shelf_client
    seller = await sign_up_and_log_in(client)
    made = await client.post(
        "/api/shelf/passes", json={"title": "Pass soutien", "price_cents": 300}, headers=seller
    )
    assert made.status_code == 201, made.text
    pass_id = made.json()["id"]

    buyer = await sign_up_and_log_in(client, role="audience")
    item = {"item_kind": "shelf.pass", "item_id": pass_id}
    added = await client.post("/api/cart/items", json=item, headers=buyer)
    assert added.status_code == 201, added.text
    [in_cart] = added.json()["items"]
    assert (in_cart["title"], in_cart["kind"], in_cart["offer_id"]) == (
        "Pass soutien",
        "pass",
        None,
    )
    # Both forms at once, or neither: a clear 4xx.
    both = await client.post("/api/cart/items", json={**item, "offer_id": pass_id}, headers=buyer)
    assert both.status_code == 422
    assert both.json()["error"]["code"] == "invalid_item"
    unknown = {"item_kind": "nobody.sells", "item_id": pass_id}
    assert (await client.post("/api/cart/items", json=unknown, headers=buyer)).status_code == 404

    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    [line] = order["lines"]
    assert (line["item_kind"], line["item_id"], line["gross_cents"]) == ("shelf.pass", pass_id, 300)
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200, paid.text
    await deliver_events(broker, shelf_worker)

    # The extension granted it; the ledger paid its seller (no work's split sheet shares it).
    assert (await client.get("/api/shelf/passes/mine", headers=buyer)).json()["pass_ids"] == [
        pass_id
    ]
    settled = (await client.get(f"/api/orders/{order['id']}", headers=buyer)).json()
    assert settled["status"] == "fulfilled"
    holder = owner_holder_id(await _user_id(client, seller))
    statement = await client.get(f"/api/revenue/holders/{holder}/statement.csv", headers=seller)
    assert statement.status_code == 200, statement.text
    rows = list(csv.DictReader(io.StringIO(statement.text)))
    # 300 gross, 23 VAT (8.5 % included), no card fee on the test gateway, 10 % commission.
    net = 300 - line["vat_cents"]
    share = net - net // 10
    assert [(row["entry_kind"], row["amount_eur"]) for row in rows] == [
        ("holder_share", f"{share // 100}.{share % 100:02d}")
    ]
    assert rows[0]["order"] == order["id"]
    assert rows[0]["work"] == ""


async def _user_id(client: AsyncTestClient, headers: dict[str, str]) -> UUID:
    return UUID((await client.get("/api/auth/me", headers=headers)).json()["id"])
