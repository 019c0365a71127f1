"""`lakou backup` and `lakou restore`: a populated instance comes back whole, elsewhere.

A creator's work with real media (ffmpeg lavfi, transcoded by the worker), a paid order; a full
backup; a second work; an incremental backup that copies only the new objects; the chain
restored into an empty database and an empty storage. Every table's rows, every object and its
checksum, and a search for the second work agree. Local storage in one test, S3 (the moto
server) in the other; each on the suite's engine (PostgreSQL or SQLite).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.backup.archive import open_archive
from infra.backup.database import Database
from infra.settings import Settings, StorageBackend
from lakou.backup import run_backup, run_restore, storage_objects
from lakou.bootstrap import (
    Container,
    build_container,
    connect_database,
    enabled_modules,
    make_storage,
)
from media.storage.s3 import S3Storage
from tests.helpers import create_creator, create_work, deliver_events, sign_up_and_log_in
from tests.integration.test_media_pipeline import media_dir
from tests.shared_apps import client_of

__all__ = ["media_dir"]

DATABASE_KIND = os.environ.get("LAKOU_TEST_DATABASE", "postgres")
POSTGRES_URL = os.environ.get(
    "LAKOU_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/lakou_test"
)
ADDED_TITLE = "Chanté pou lanmè sovgad"
# Secrets an operator's environment holds; none may reach an archive.
SECRETS = {
    "LAKOU_SECRET_KEY": "backup-test-secret-key-" + "s" * 24,
    "LAKOU_S3_SECRET_ACCESS_KEY": "backup-test-s3-secret",
    "LAKOU_SMTP_PASSWORD": "backup-test-smtp-password",
    "LAKOU_DATABASE_URL": "postgresql://lakou:backup-test-db-password@db:5432/lakou",
}


@pytest.fixture(scope="module")
def second_tone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup") / "second.flac"
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi"),
            *("-i", "sine=frequency=660:duration=2", "-ac", "2", str(path)),
        ],
        check=True,
    )
    return path


async def _postgres_admin(statement: str) -> None:
    parts = urlsplit(POSTGRES_URL)
    connection = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def elsewhere(settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """Settings for an empty database, storage and search index: where the chain is restored."""
    var = tmp_path / "elsewhere"
    if DATABASE_KIND == "postgres":
        parts = urlsplit(POSTGRES_URL)
        name = f"{parts.path.lstrip('/')}_restored"
        url = urlunsplit(parts._replace(path=f"/{name}"))
        asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}"'))
        asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
    else:
        url = f"sqlite:///{var / 'restored.sqlite3'}"
    target = dataclasses.replace(
        settings,
        var_dir=var,
        database=dataclasses.replace(settings.database, url=url, pool_size=0),
        storage=dataclasses.replace(settings.storage, local_root=var / "storage"),
        search=dataclasses.replace(settings.search, tantivy_path=var / "search"),
    )
    yield target
    if DATABASE_KIND == "postgres":
        asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _migrate(settings: Settings) -> list[str]:
    from infra.db.migrations import migrate
    from infra.modules import all_migrations

    modules = enabled_modules(settings)
    return asyncio.run(migrate(connect_database(settings, modules), all_migrations(modules)))


def _select_all(table: str) -> str:
    return f'SELECT * FROM "{table}"'  # noqa: S608 - names read from the catalogue


def _rows(url: str) -> dict[str, list[str]]:
    """Every table's rows, order aside."""
    database = Database(url)
    tables = database.tables()

    async def postgres() -> dict[str, list[str]]:
        connection = await asyncpg.connect(url)
        try:
            found: dict[str, list[str]] = {}
            for table in tables:
                rows = await connection.fetch(_select_all(table))
                found[table] = sorted(repr(tuple(row)) for row in rows)
            return found
        finally:
            await connection.close()

    if database.engine == "postgres":
        return asyncio.run(postgres())
    import sqlite3

    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return {
            table: sorted(repr(row) for row in connection.execute(_select_all(table)))
            for table in tables
        }
    finally:
        connection.close()


def _objects(settings: Settings) -> dict[str, str]:
    """Every stored object's checksum, by key."""
    import hashlib

    objects = storage_objects(settings)
    found: dict[str, str] = {}
    for key in objects.keys():  # noqa: SIM118 - a storage, not a dict
        digest = hashlib.sha256()
        for chunk in objects.read(key):
            digest.update(chunk)
        found[key] = digest.hexdigest()
    return found


async def _upload(
    client: AsyncTestClient, headers: dict[str, str], work_id: str, path: Path
) -> None:
    data = path.read_bytes()
    declared = await client.post(
        f"/api/works/{work_id}/uploads",
        json={"kind": "audio", "filename": path.name, "size": len(data)},
        headers=headers,
    )
    assert declared.status_code == 201, declared.text
    upload_id = declared.json()["id"]
    sent = await client.put(f"/api/uploads/{upload_id}/content", content=data, headers=headers)
    assert sent.status_code < 300, sent.text


async def _populate(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, tone: Path
) -> dict[str, str]:
    """A creator's work with its media transcoded, on sale and bought: the seller's headers."""
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"])
    await _upload(client, seller, work["id"], tone)
    await deliver_events(broker, worker)
    published = await client.post(f"/api/works/{work['id']}/publish", headers=seller)
    assert published.status_code == 200, published.text
    offer = await client.put(
        f"/api/works/{work['id']}/offer",
        json={"pricing": "fixed", "price_cents": 900},
        headers=seller,
    )
    buyer = await sign_up_and_log_in(client, role="audience")
    await client.post("/api/cart/items", json={"offer_id": offer.json()["id"]}, headers=buyer)
    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200, paid.text
    await deliver_events(broker, worker)
    return seller


async def _add_work(
    client: AsyncTestClient,
    broker: RedisBroker,
    worker: Worker,
    seller: dict[str, str],
    tone: Path,
) -> None:
    creator = await create_creator(client, seller, name="Man Sovgad")
    work = await create_work(client, seller, creator["id"], titles={"fr": ADDED_TITLE})
    await _upload(client, seller, work["id"], tone)
    await deliver_events(broker, worker)
    published = await client.post(f"/api/works/{work['id']}/publish", headers=seller)
    assert published.status_code == 200, published.text
    await deliver_events(broker, worker)


async def _back_up_add_restore(
    source: Settings,
    target: Settings,
    client: AsyncTestClient,
    broker: RedisBroker,
    worker: Worker,
    tones: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    environ = {**SECRETS, "LAKOU_ENV": "test", "LAKOU_SITE_NAME": "Lakou sovgad"}
    seller = await _populate(client, broker, worker, tones[0])
    full, increment = tmp_path / "full", tmp_path / "increment"
    await asyncio.to_thread(run_backup, source, full, None, environ)
    await _add_work(client, broker, worker, seller, tones[1])
    await asyncio.to_thread(run_backup, source, increment, full, environ)

    first, second = open_archive(full), open_archive(increment)
    assert second.manifest.previous == first.manifest.id
    applied = await asyncio.to_thread(Database(source.database.url).migrations)
    assert applied
    assert list(second.manifest.migrations) == applied
    copied = [entry for entry in second.objects if entry.archive == second.manifest.id]
    kept = [entry for entry in second.objects if entry.archive == first.manifest.id]
    # The increment copies the second work's new media only; the first's (and identical bytes
    # under a new key, such as an HLS init segment) stay in the full backup.
    assert copied
    assert kept
    assert {entry.key for entry in first.objects} <= {entry.key for entry in kept}
    assert all(entry.sha256 not in {e.sha256 for e in first.objects} for entry in copied)
    assert len(list((increment / "objects").iterdir())) == len({e.sha256 for e in copied})

    for folder in (full, increment):
        for path in folder.rglob("*.json"):
            text = path.read_text("utf-8")
            assert not any(secret in text for secret in SECRETS.values()), path
    kept_settings = json.loads((increment / "settings.json").read_text("utf-8"))
    assert kept_settings["LAKOU_SITE_NAME"] == "Lakou sovgad"
    assert kept_settings["LAKOU_DATABASE_URL"] == "postgresql://lakou:***@db:5432/lakou"
    assert not {"LAKOU_SECRET_KEY", "LAKOU_S3_SECRET_ACCESS_KEY", "LAKOU_SMTP_PASSWORD"} & set(
        kept_settings
    )

    before_rows = await asyncio.to_thread(_rows, source.database.url)
    before_objects = await asyncio.to_thread(_objects, source)
    assert await asyncio.to_thread(_objects, target) == {}

    await asyncio.to_thread(run_restore, target, [full, increment], False, lambda: _migrate(target))

    assert await asyncio.to_thread(_rows, target.database.url) == before_rows
    assert await asyncio.to_thread(_objects, target) == before_objects

    restored = build_container(target, None)
    async with client_of(restored) as restored_client:
        found = await restored_client.get("/api/search", params={"q": "lanmè sovgad"})
        assert found.status_code == 200, found.text
        titles = json.dumps(found.json(), ensure_ascii=False)
        assert ADDED_TITLE in titles
        # A second restore into the now populated target is refused, naming --force.
        refused = await asyncio.to_thread(
            _refused, lambda: run_restore(target, [full, increment], False, lambda: [])
        )
        assert "--force" in refused


def _refused(action: Any) -> str:
    import click

    with pytest.raises(click.ClickException) as refused:
        action()
    return refused.value.message


async def test_backup_chain_restores_elsewhere_with_local_storage(
    client: AsyncTestClient,
    container: Container,
    worker: Worker,
    broker: RedisBroker,
    settings: Settings,
    elsewhere: Settings,
    media_dir: Path,
    second_tone: Path,
    tmp_path: Path,
) -> None:
    await _back_up_add_restore(
        settings,
        elsewhere,
        client,
        broker,
        worker,
        (media_dir / "tone.flac", second_tone),
        tmp_path / "archives",
    )


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        ("truncate", "does not match its checksum"),
        ("alter", "does not match its checksum"),
        ("remove", "is missing (truncated archive)"),
        ("add", "is not part of the archive"),
        ("unsealed", "SHA256SUMS is missing"),
    ],
)
async def test_a_damaged_archive_is_refused_and_nothing_is_restored(
    container: Container,
    settings: Settings,
    elsewhere: Settings,
    tmp_path: Path,
    damage: str,
    named: str,
) -> None:
    await asyncio.to_thread(
        container.storage.put, "documents/backup/cover.txt", [b"kaz " * 1000], "text/plain"
    )
    archive = tmp_path / "archive"
    await asyncio.to_thread(run_backup, settings, archive, None, {})
    (blob,) = (archive / "objects").iterdir()
    if damage == "truncate":
        blob.write_bytes(blob.read_bytes()[:100])
    elif damage == "alter":
        data = bytearray(blob.read_bytes())
        data[0] ^= 1
        blob.write_bytes(bytes(data))
    elif damage == "remove":
        blob.unlink()
    elif damage == "add":
        (archive / "objects" / "extra").write_bytes(b"?")
    else:
        (archive / "SHA256SUMS").unlink()

    message = await asyncio.to_thread(
        _refused, lambda: run_restore(elsewhere, [archive], False, lambda: [])
    )

    assert named in message
    assert str(archive) in message
    assert await asyncio.to_thread(Database(elsewhere.database.url).tables) == []
    assert await asyncio.to_thread(_objects, elsewhere) == {}


async def test_a_chain_out_of_order_is_refused(
    container: Container, settings: Settings, elsewhere: Settings, tmp_path: Path
) -> None:
    full, increment = tmp_path / "full", tmp_path / "increment"
    await asyncio.to_thread(run_backup, settings, full, None, {})
    await asyncio.to_thread(run_backup, settings, increment, full, {})

    alone = await asyncio.to_thread(
        _refused, lambda: run_restore(elsewhere, [increment], False, lambda: [])
    )
    reversed_chain = await asyncio.to_thread(
        _refused, lambda: run_restore(elsewhere, [full, increment, full], False, lambda: [])
    )

    assert "name the chain from its full backup on" in alone
    assert "oldest first" in reversed_chain
    assert await asyncio.to_thread(Database(elsewhere.database.url).tables) == []


def _on_s3(settings: Settings, endpoint: str, bucket: str) -> Settings:
    changed = dataclasses.replace(
        settings,
        storage=dataclasses.replace(
            settings.storage,
            backend=StorageBackend.S3,
            s3_endpoint_url=endpoint,
            s3_bucket=bucket,
            s3_access_key_id="test",
            s3_secret_access_key="test",
        ),
    )
    storage = make_storage(changed)
    assert isinstance(storage, S3Storage)
    storage.ensure_bucket()
    return changed


async def test_backup_chain_restores_elsewhere_with_s3_storage(
    container: Container,
    broker: RedisBroker,
    redis_url: str,
    settings: Settings,
    elsewhere: Settings,
    moto_s3_endpoint: str,
    media_dir: Path,
    second_tone: Path,
    tmp_path: Path,
) -> None:
    from workers.runtime import start_worker

    run = secrets.token_hex(4)
    source = _on_s3(settings, moto_s3_endpoint, f"lakou-backup-{run}")
    target = _on_s3(elsewhere, moto_s3_endpoint, f"lakou-restored-{run}")
    on_s3 = build_container(source, redis_url)
    worker = start_worker(broker, on_s3, threads=2)
    try:
        async with client_of(on_s3) as client:
            await _back_up_add_restore(
                source,
                target,
                client,
                broker,
                worker,
                (media_dir / "tone.flac", second_tone),
                tmp_path / "archives",
            )
    finally:
        worker.stop()
        if on_s3.redis is not None:
            await on_s3.redis.aclose()


async def test_the_commands_back_up_and_replace_a_populated_target_only_when_forced(
    container: Container, settings: Settings, elsewhere: Settings, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from lakou.cli import main

    await asyncio.to_thread(
        container.storage.put, "documents/backup/note.txt", [b"lakou"], "text/plain"
    )
    source_env = _environ(settings)
    target_env = _environ(elsewhere)
    archive = tmp_path / "archive"
    runner = CliRunner()

    backed_up = await asyncio.to_thread(
        runner.invoke, main, ["backup", "--to", str(archive)], env=source_env
    )
    assert backed_up.exit_code == 0, backed_up.output
    await asyncio.to_thread(_migrate, elsewhere)  # the target is no longer empty
    refused = await asyncio.to_thread(
        runner.invoke, main, ["restore", "--from", str(archive)], env=target_env
    )
    forced = await asyncio.to_thread(
        runner.invoke, main, ["restore", "--from", str(archive), "--force"], env=target_env
    )

    assert refused.exit_code != 0
    assert "--force" in refused.output
    assert forced.exit_code == 0, forced.output
    source_rows = await asyncio.to_thread(_rows, settings.database.url)
    assert await asyncio.to_thread(_rows, elsewhere.database.url) == source_rows
    assert await asyncio.to_thread(_objects, elsewhere) == await asyncio.to_thread(
        _objects, settings
    )


def _environ(settings: Settings) -> dict[str, str]:
    return {
        "LAKOU_ENV": "test",
        "LAKOU_VAR_DIR": str(settings.var_dir),
        "LAKOU_SECRET_KEY": "test-secret-key-" + "x" * 32,
        "LAKOU_DATABASE_URL": settings.database.url,
        "LAKOU_REDIS_URL": settings.redis.url or "",
        "LAKOU_STORAGE_PATH": str(settings.storage.local_root),
        "LAKOU_TANTIVY_PATH": str(settings.search.tantivy_path),
    }
