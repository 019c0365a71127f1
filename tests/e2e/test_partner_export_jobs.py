"""Catalogue exports built by the worker: asked with a key (202 and a status URL), built by
the dramatiq actor into the storage, followed with progress, downloaded by a signed expiring
link, told to the key's maker; another organisation's export is a 404; a build killed after
storing its file begins again from scratch and leaves one file; bad input changes nothing."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import openpyxl
import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from accounts.notifications.tables import Notification
from lakou.bootstrap import Container
from marketplace.partners.catalogue_exports.events import EXPORT_REQUESTED, ExportRequested
from marketplace.partners.catalogue_exports.service import BUILD_TRIES, ExportJobService
from marketplace.partners.catalogue_exports.tables import ExportJobRow
from media.storage.port import ObjectStorage
from tests.helpers import deliver_events, published_work, sign_up_and_log_in
from tests.organisation_helpers import ensure_notifier, verified_organisation


async def _key(
    client: AsyncTestClient, container: Container, scopes: tuple[str, ...]
) -> tuple[dict[str, str], str]:
    owner = await sign_up_and_log_in(client, "audience")
    acting = await verified_organisation(client, container, owner)
    organisation = acting["X-Lakou-Organisation"]
    made = await client.post(
        f"/api/organisations/{organisation}/api-keys",
        json={"name": "Exports", "scopes": list(scopes)},
        headers=owner,
    )
    assert made.status_code == 201, made.text
    return {"Authorization": f"Bearer {made.json()['secret']}"}, organisation


def _code(response: Any) -> str:
    return str(response.json()["error"]["code"])


def _storage(container: Container) -> ObjectStorage:
    return container.services.get(ObjectStorage)  # type: ignore[type-abstract]


async def test_a_csv_export_is_built_by_the_worker_and_downloaded_by_its_signed_link(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    ensure_notifier(container)
    seller = await sign_up_and_log_in(client, "creator")
    await published_work(client, seller, titles={"fr": "Bèlè <b>Lanmou</b>"})
    key, _ = await _key(client, container, ("catalogue:read",))

    asked = await client.post("/api/partner/v1/works/exports", json={"format": "csv"}, headers=key)
    assert asked.status_code == 202, asked.text
    export = asked.json()
    assert export["status"] == "pending"
    assert asked.headers["location"] == export["status_url"]
    assert export["download_url"] is None

    await deliver_events(broker, worker)
    done = (await client.get(export["status_url"], headers=key)).json()
    assert done["status"] == "ready"
    assert done["works_done"] >= 1
    link = done["download_url"]
    assert link.startswith(f"/api/partner/v1/exports/{export['id']}/download?expires=")

    got = await client.get(link)  # the signed link alone, no key
    assert got.status_code == 200, got.text
    assert got.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(got.text)))
    assert rows[0][:3] == ["id", "creator_id", "title_fr"]
    assert "Bèlè <b>Lanmou</b>" in [row[2] for row in rows[1:]]

    tampered = await client.get(link[:-4] + ("0000" if not link.endswith("0000") else "1111"))
    assert (tampered.status_code, _code(tampered)) == (404, "export_link_invalid")
    later = link.replace("expires=", "expires=1")  # another time: the signature no longer fits
    assert (await client.get(later)).status_code == 404

    told = await Notification.select().where(Notification.kind == "partners.export_ready")
    assert len(told) == 1
    [stored] = list(_storage(container).keys("partners/exports/"))
    assert stored == f"partners/exports/{export['id']}.csv"


async def test_another_organisations_export_is_not_found_and_scopes_are_checked(
    client: AsyncTestClient, container: Container
) -> None:
    key, _ = await _key(client, container, ("catalogue:read",))
    other, _ = await _key(client, container, ("catalogue:read", "avails:read"))
    asked = await client.post("/api/partner/v1/works/exports", json={"format": "json"}, headers=key)
    assert asked.status_code == 202, asked.text
    status_url = asked.json()["status_url"]

    hidden = await client.get(status_url, headers=other)
    assert (hidden.status_code, _code(hidden)) == (404, "export_not_found")
    assert (await client.get("/api/partner/v1/exports", headers=other)).json() == []
    mine = (await client.get("/api/partner/v1/exports", headers=key)).json()
    assert [found["id"] for found in mine] == [asked.json()["id"]]

    refused = await client.post(
        "/api/partner/v1/avails/exports", json={"territory": "CA"}, headers=key
    )
    assert (refused.status_code, _code(refused)) == (403, "api_key_scope_missing")


async def test_bad_requests_are_refused_and_create_nothing(
    client: AsyncTestClient, container: Container
) -> None:
    key, _ = await _key(client, container, ("catalogue:read", "avails:read", "searches:write"))
    other, _ = await _key(client, container, ("searches:write",))
    theirs = await client.post(
        "/api/partner/v1/saved-searches", json={"name": "Films", "query": "film"}, headers=other
    )
    assert theirs.status_code == 201, theirs.text

    cases = [
        ("/api/partner/v1/works/exports", {"format": "xml"}, 400, None),
        ("/api/partner/v1/avails/exports", {"territory": "Atlantis"}, 422, "unknown_territory"),
        ("/api/partner/v1/avails/exports", {"territory": "CA", "medium": "theatrical"}, 422,
         "not_an_avails_medium"),
        ("/api/partner/v1/avails/exports",
         {"territory": "CA", "saved_search": theirs.json()["id"]}, 404, None),
    ]  # fmt: skip
    for path, body, status, code in cases:
        answer = await client.post(path, json=body, headers=key)
        assert answer.status_code == status, (body, answer.text)
        if code is not None:
            assert _code(answer) == code
    assert await ExportJobRow.count() == 0


async def test_at_most_three_exports_build_at_once_per_organisation(
    client: AsyncTestClient, container: Container
) -> None:
    key, _ = await _key(client, container, ("catalogue:read",))
    for _ in range(3):
        asked = await client.post(
            "/api/partner/v1/works/exports", json={"format": "csv"}, headers=key
        )
        assert asked.status_code == 202
    refused = await client.post(
        "/api/partner/v1/works/exports", json={"format": "csv"}, headers=key
    )
    assert (refused.status_code, _code(refused)) == (409, "too_many_exports")
    assert await ExportJobRow.count() == 3


async def test_a_build_killed_after_storing_begins_again_and_leaves_one_file(
    client: AsyncTestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_notifier(container)
    key, organisation = await _key(client, container, ("avails:read",))
    asked = await client.post(
        "/api/partner/v1/avails/exports", json={"territory": "CA US"}, headers=key
    )
    assert asked.status_code == 202, asked.text
    export_id = UUID(asked.json()["id"])
    event = EXPORT_REQUESTED.event(
        export_id, ExportRequested(export_id=export_id, organisation_id=UUID(organisation))
    )
    exports = container.services.get(ExportJobService)

    async def killed(*_: Any, **__: Any) -> None:
        raise SystemExit("the worker was killed")  # stands in for kill -9 before the commit

    with monkeypatch.context() as patched:
        patched.setattr(exports, "_notifier", lambda: type("Dead", (), {"notify": killed})())
        with pytest.raises(SystemExit):
            await exports.build(event)
    half = (await client.get(asked.json()["status_url"], headers=key)).json()
    assert half["status"] == "building"
    assert half["download_url"] is None

    assert await exports.build(event)  # the event delivered again
    [row] = await ExportJobRow.select(ExportJobRow.builds, ExportJobRow.status)
    assert (row["builds"], row["status"]) == (2, "ready")
    assert list(_storage(container).keys("partners/exports/")) == [
        f"partners/exports/{export_id}.xlsx"
    ]
    assert not await exports.build(event)  # ready: a third delivery does nothing

    link = (await client.get(asked.json()["status_url"], headers=key)).json()["download_url"]
    got = await client.get(link)
    assert got.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(got.content), read_only=True)["Movies"]
    header = next(sheet.iter_rows(values_only=True))
    assert header[0] == "DisplayName"


async def test_an_export_failing_on_its_last_try_is_marked_failed_with_its_error_code(
    client: AsyncTestClient, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_notifier(container)
    key, organisation = await _key(client, container, ("catalogue:read",))
    asked = await client.post("/api/partner/v1/works/exports", json={"format": "csv"}, headers=key)
    assert asked.status_code == 202, asked.text
    export_id = UUID(asked.json()["id"])
    event = EXPORT_REQUESTED.event(
        export_id, ExportRequested(export_id=export_id, organisation_id=UUID(organisation))
    )
    exports = container.services.get(ExportJobService)

    class StorageDown:
        """A stub standing in for an object storage that refuses every write (an outage)."""

        def put(self, *_: Any) -> None:
            raise OSError("the storage is unavailable")

    monkeypatch.setattr(exports, "_storage", StorageDown)
    for _ in range(BUILD_TRIES - 1):  # the actor's tries before its last: each one retried
        with pytest.raises(OSError, match="unavailable"):
            await exports.build(event)
        still = (await client.get(asked.json()["status_url"], headers=key)).json()
        assert (still["status"], still["error"]) == ("building", None)

    assert not await exports.build(event)  # the last try: settled, not raised for a retry
    failed = (await client.get(asked.json()["status_url"], headers=key)).json()
    assert (failed["status"], failed["error"]) == ("failed", "export_build_failed")
    assert failed["error_message"]
    assert failed["download_url"] is None
    [listed] = (await client.get("/api/partner/v1/exports", headers=key)).json()
    assert (listed["status"], listed["error"]) == ("failed", "export_build_failed")
    assert list(_storage(container).keys("partners/exports/")) == []

    assert not await exports.build(event)  # delivered once more: nothing is tried again
    [row] = await ExportJobRow.select(ExportJobRow.builds)
    assert row["builds"] == BUILD_TRIES
    # A failed export no longer holds one of the organisation's places: a new one is taken.
    again = await client.post("/api/partner/v1/works/exports", json={"format": "csv"}, headers=key)
    assert again.status_code == 202, again.text


async def test_an_export_left_building_after_its_last_try_is_closed_as_failed(
    client: AsyncTestClient, container: Container
) -> None:
    """A last try cut by the time limit or a killed worker raises nothing the build catches:
    the hourly chore closes an export no worker can still be building."""
    key, _ = await _key(client, container, ("catalogue:read",))
    asked = [
        await client.post("/api/partner/v1/works/exports", json={"format": "csv"}, headers=key)
        for _ in range(2)
    ]
    abandoned, recent = (UUID(answer.json()["id"]) for answer in asked)
    long_ago = datetime.now(UTC) - timedelta(hours=4)
    await ExportJobRow.update(
        {ExportJobRow.status: "building", ExportJobRow.builds: BUILD_TRIES,
         ExportJobRow.started_at: long_ago}
    ).where(ExportJobRow.id == abandoned)  # fmt: skip
    await ExportJobRow.update(  # its last try began a minute ago: it may still be running
        {ExportJobRow.status: "building", ExportJobRow.builds: BUILD_TRIES,
         ExportJobRow.started_at: datetime.now(UTC) - timedelta(minutes=1)}
    ).where(ExportJobRow.id == recent)  # fmt: skip

    assert await container.services.get(ExportJobService).close_abandoned() == 1
    closed = (await client.get(asked[0].json()["status_url"], headers=key)).json()
    assert (closed["status"], closed["error"]) == ("failed", "export_build_failed")
    running = (await client.get(asked[1].json()["status_url"], headers=key)).json()
    assert (running["status"], running["error"]) == ("building", None)
