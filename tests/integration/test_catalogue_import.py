"""A creator imports a catalogue through one manifest over HTTP; the worker makes every good
row playable, bad rows say why and sink nothing."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import re
import shutil
import socket
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient, TestClient

from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from marketplace.imports.client import ImportOptions, log_in, run_import
from media.assets.tables import MediaAssetRow
from tests.helpers import PASSWORD, create_creator, sign_up_and_log_in
from tests.shared_apps import borrowed_app
from workers.broker import QUEUE
from workers.runtime import make_relay, start_worker

GOOD = 20
COLUMNS = [
    "title_fr",
    "title_gcf",
    "discipline",
    "languages",
    "year",
    "isrc",
    "credits",
    "visibility",
    "file",
    "kind",
    "preview_start_s",
    "preview_length_s",
]


@pytest.fixture(scope="module")
def catalogue_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twenty distinct one-second tracks, made in parallel (one ffmpeg each)."""
    folder = tmp_path_factory.mktemp("catalogue")
    processes = [
        subprocess.Popen(
            [
                *("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"),
                *("-f", "lavfi", "-i", f"sine=frequency={220 + 20 * n}:duration=1"),
                *("-ac", "2", "-c:a", "libmp3lame", "-b:a", "64k"),
                str(folder / f"track{n:02d}.mp3"),
            ]
        )
        for n in range(1, GOOD + 1)
    ]
    assert all(process.wait(timeout=60) == 0 for process in processes)
    return folder


def _manifest(folder: Path) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for n in range(1, GOOD + 1):
        writer.writerow(
            {
                "title_fr": f"Chanson {n}",
                "title_gcf": f"Chanté {n}",
                "discipline": "music" if n % 2 else "Musique",
                "languages": "fr;gcf",
                "year": "2021",
                "isrc": f"FR-Z03-21-{n:05d}",
                "credits": "Man Ya:performer;Ti Paul:composer",
                "visibility": "public",
                "file": f"track{n:02d}.mp3",
                "kind": "audio",
                "preview_start_s": "0",
                "preview_length_s": "5",
            }
        )
        if n == 5:  # a style that is not a discipline
            writer.writerow(
                {"title_fr": "Zouk", "discipline": "zouk", "file": "zouk.mp3", "kind": "audio"}
            )
        if n == 12:  # a mistyped ISRC
            writer.writerow(
                {
                    "title_fr": "Biguine",
                    "discipline": "music",
                    "isrc": "FR-Z03-21",
                    "file": "biguine.mp3",
                    "kind": "audio",
                }
            )
    return out.getvalue()


async def _deliver(broker: RedisBroker, worker: Worker, rounds: int = 6) -> None:
    """Relay the outbox and let the worker drain the queues, until nothing is left."""
    relay = make_relay(broker)
    for _ in range(rounds):
        if not await relay.drain():
            return
        for queue in (QUEUE, "media"):
            await asyncio.to_thread(lambda q=queue: broker.join(q, timeout=120_000))
        await asyncio.to_thread(worker.join)


@pytest.fixture
def import_worker(broker: RedisBroker, container: Container) -> Any:
    running = start_worker(broker, container, threads=4)
    yield running
    running.stop()


async def test_a_catalogue_of_twenty_works_imports_through_one_manifest(
    client: AsyncTestClient,
    import_worker: Worker,
    broker: RedisBroker,
    catalogue_dir: Path,
) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    files = {path.name: path.stat().st_size for path in catalogue_dir.glob("*.mp3")}
    body = {
        "creator_id": creator["id"],
        "format": "csv",
        "manifest": _manifest(catalogue_dir),
        "files": files,
    }

    # Someone else cannot import into this creator's profile, nor read the import.
    stranger = await sign_up_and_log_in(client)
    refused = await client.post("/api/imports", json=body, headers=stranger)
    assert refused.status_code == 404

    started = await client.post("/api/imports", json=body, headers=headers)
    assert started.status_code == 201, started.text
    report = started.json()
    rows = report["rows"]
    assert len(rows) == GOOD + 2
    assert report["counts"] == {"awaiting_file": GOOD, "invalid": 2}
    invalid = {row["row_number"]: row for row in rows if row["status"] == "invalid"}
    assert {row["error_code"] for row in invalid.values()} == {
        "unknown_discipline",
        "invalid_identifier",
    }
    assert invalid[6]["error_code"] == "unknown_discipline"
    assert invalid[6]["work_id"] is None
    assert invalid[6]["upload"] is None
    assert "zouk" in invalid[6]["error_message"]
    good = [row for row in rows if row["status"] == "awaiting_file"]
    assert all(row["work_id"] and row["upload"]["mode"] == "local" for row in good)
    assert (await client.get(f"/api/imports/{report['id']}", headers=stranger)).status_code == 404

    # Each good row is a draft work with the manifest's metadata.
    work = (await client.get(f"/api/works/{good[0]['work_id']}", headers=headers)).json()
    assert work["status"] == "draft"
    assert work["titles"] == {"fr": "Chanson 1", "gcf-MQ": "Chanté 1"}
    assert work["identifiers"] == {"isrc": "FRZ032100001"}
    assert work["languages"] == ["fr", "gcf-MQ"]
    assert [c["role"] for c in work["credits"]] == ["performer", "composer"]

    for row in good:
        data = (catalogue_dir / row["file"]).read_bytes()
        sent = await client.put(row["upload"]["content_url"], content=data, headers=headers)
        assert sent.status_code == 200, sent.text

    await _deliver(broker, import_worker)

    final = (await client.get(f"/api/imports/{report['id']}", headers=headers)).json()
    assert final["counts"] == {"invalid": 2, "ready": GOOD}, [
        (row["row_number"], row["status"], row["error_code"]) for row in final["rows"]
    ]
    assert final["done"] is True


async def test_missing_files_resends_and_json_manifests(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    manifest = json.dumps(
        [
            {
                "titles": {"fr": "Kont lannuit", "gcf": "Kont lannwit"},
                "discipline": "heritage",
                "credits": [{"name": "Man Ya", "role": "author"}],
                "file": "kont.mp3",
                "kind": "audio",
            },
            {
                "title_fr": "Sans fichier",
                "discipline": "music",
                "file": "absent.mp3",
                "kind": "audio",
            },
            {"title_fr": "Vide", "discipline": "music", "file": "vide.mp3", "kind": "audio"},
            {"title_fr": "Trop gros", "discipline": "books", "file": "livre.pdf", "kind": "book"},
        ]
    )
    body = {
        "creator_id": creator["id"],
        "format": "json",
        "manifest": manifest,
        "files": {"kont.mp3": 1234, "vide.mp3": 0, "livre.pdf": 10 * 1024**4},
        "idempotency_key": "catalogue-2024-06-01",
    }
    first = await client.post("/api/imports", json=body, headers=headers)
    assert first.status_code == 201, first.text
    rows = {row["row_number"]: row for row in first.json()["rows"]}
    assert rows[1]["status"] == "awaiting_file"
    assert rows[1]["upload"]["content_url"].endswith("/content")
    assert (rows[2]["status"], rows[2]["error_code"]) == ("invalid", "missing_file")
    assert (rows[3]["status"], rows[3]["error_code"]) == ("invalid", "empty_file")
    assert (rows[4]["status"], rows[4]["error_code"]) == ("invalid", "too_large")
    # A row refused by the upload leaves no draft work behind.
    works = (await client.get(f"/api/works?creator_id={creator['id']}", headers=headers)).json()
    assert [w["id"] for w in works["items"]] == [rows[1]["work_id"]]

    # The same manifest again (a retry after a dropped connection) is the same import.
    again = await client.post("/api/imports", json=body, headers=headers)
    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    works = (await client.get(f"/api/works?creator_id={creator['id']}", headers=headers)).json()
    assert len(works["items"]) == 1
    other = await client.post(
        "/api/imports",
        json={**body, "manifest": manifest.replace("Vide", "Plein")},
        headers=headers,
    )
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_key_reused"


async def test_an_unreadable_manifest_is_refused_whole(client: AsyncTestClient) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)

    async def send(manifest: str, fmt: str = "csv") -> Any:
        return await client.post(
            "/api/imports",
            json={"creator_id": creator["id"], "format": fmt, "manifest": manifest, "files": {}},
            headers=headers,
        )

    broken = await send("[{", "json")
    assert broken.status_code == 422
    assert broken.json()["error"]["code"] == "manifest_unreadable"
    unknown = await send("titre,discipline,file,kind\nA,music,a.mp3,audio\n")
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "unknown_column"
    nul = await send("title_fr,discipline,file,kind\nA\x00,music,a.mp3,audio\n")
    assert nul.status_code == 422
    assert nul.json()["error"]["code"] == "manifest_encoding"
    bad_format = await send("x", "xlsx")
    assert bad_format.status_code == 400
    anonymous = await client.post(
        "/api/imports",
        json={"creator_id": creator["id"], "format": "csv", "manifest": "x", "files": {}},
    )
    assert anonymous.status_code == 401


@pytest.fixture
async def cli_server(
    settings: Settings, redis_url: str, container: Container, broker: RedisBroker
) -> AsyncIterator[TestClient[Any]]:
    """The app in-process for the CLI's HTTP calls, with its own worker. The app, worker and
    relay share one container (one database engine: on SQLite, two engines in one process
    would wait on each other's write lock)."""
    app_container = build_container(settings, redis_url)
    worker = start_worker(broker, app_container, threads=4)
    try:
        with borrowed_app(app_container) as app, TestClient(app=app) as http:
            yield http
    finally:
        worker.stop()
        if app_container.redis is not None:
            with contextlib.suppress(Exception):
                await app_container.redis.aclose()


async def test_the_cli_sends_the_files_and_follows_every_row(
    cli_server: TestClient[Any], broker: RedisBroker, catalogue_dir: Path, tmp_path: Path
) -> None:
    http = cli_server
    folder = tmp_path / "album"
    folder.mkdir()
    for n in (1, 2, 3):
        shutil.copy(catalogue_dir / f"track{n:02d}.mp3", folder / f"piste {n}.mp3")
    (folder / "fake.mp3").write_text("<!doctype html><p>not a song</p>")
    header = "title_fr,discipline,file,kind,preview_length_s\n"
    rows = "".join(f"Piste {n},music,piste {n}.mp3,audio,5\n" for n in (1, 2, 3))
    (folder / "album.csv").write_text(header + rows + "Absente,music,absente.mp3,audio,5\n")
    (folder / "bad.json").write_text(
        json.dumps(
            [{"title_fr": "Faux", "discipline": "music", "file": "fake.mp3", "kind": "audio"}]
        )
    )
    email = "album@example.test"
    signup = {"email": email, "password": PASSWORD, "role": "creator"}
    assert http.post("/api/auth/signup", json=signup).status_code == 202
    token = log_in(http, email, PASSWORD)
    auth = {"authorization": f"Bearer {token}"}
    creator = http.post(
        "/api/creators", json={"kind": "structure", "name": "Lakou Records"}, headers=auth
    ).json()

    async def cli(manifest: str) -> tuple[int, list[str]]:
        lines: list[str] = []
        options = ImportOptions(folder / manifest, UUID(creator["id"]), timeout_s=120, poll_s=0.1)
        running = asyncio.create_task(
            asyncio.to_thread(run_import, http, token, options, lines.append)
        )
        relay = make_relay(broker)
        while not running.done():  # what `lakou relay` does on a server
            await relay.drain()
            await asyncio.sleep(0.1)
        return await running, lines

    code, lines = await cli("album.csv")
    assert code == 0, lines
    summary = "\n".join(lines)
    assert re.search(r"^\s+1  ready\s+piste 1\.mp3  Piste 1$", summary, re.M), summary
    assert re.search(r"^\s+4  invalid\s+absente\.mp3", summary, re.M), summary
    assert "missing_file" in summary
    assert lines[-1].endswith("1 invalid, 3 ready")

    # Running it again resumes the same import: nothing is created or sent twice.
    again, lines_again = await cli("album.csv")
    assert again == 0
    assert lines_again[0].split(":")[0] == lines[0].split(":")[0]
    # The server already counts the rows ready before the CLI sends anything: nothing to send.
    assert lines_again[0].endswith("1 invalid, 3 ready"), lines_again
    works = http.get(f"/api/works?creator_id={creator['id']}", headers=auth).json()["items"]
    assert len(works) == 3
    # One upload per work, each ready: no file was declared or sent a second time.
    uploads = await MediaAssetRow.select(MediaAssetRow.work_id, MediaAssetRow.status)
    assert sorted(str(row["work_id"]) for row in uploads) == sorted(w["id"] for w in works)
    assert {row["status"] for row in uploads} == {"ready"}

    rejected, bad_lines = await cli("bad.json")
    assert rejected == 1
    assert any("unsupported_format" in line for line in bad_lines), bad_lines


def test_the_cli_command_explains_what_is_missing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lakou.cli import main

    manifest = tmp_path / "works.csv"
    manifest.write_text("title_fr,discipline,file,kind\nA,music,a.mp3,audio\n")
    runner = CliRunner()
    creator = "--creator-id=" + str(UUID(int=1))
    no_login = runner.invoke(main, ["import-catalogue", str(manifest), creator])
    assert no_login.exit_code == 2
    assert "--email" in no_login.output
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    down = runner.invoke(
        main, ["import-catalogue", str(manifest), creator, "--token=x", f"--server={closed}"]
    )
    assert down.exit_code == 1
    assert "cannot talk to" in down.output
    (tmp_path / "works.txt").write_text("x")
    unknown = runner.invoke(
        main, ["import-catalogue", str(tmp_path / "works.txt"), creator, "--token=x"]
    )
    assert unknown.exit_code == 1
    assert "--format" in unknown.output
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("title_fr,discipline,file,kind\nBèlè,music,a.mp3,audio\n".encode("latin-1"))
    wrong = runner.invoke(main, ["import-catalogue", str(latin1), creator, "--token=x"])
    assert wrong.exit_code == 1
    assert "UTF-8" in wrong.output
