"""The disk fills up during an upload: a clear 507, nothing half-written, and the upload
resumes once there is room again."""

from __future__ import annotations

import errno
import os
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path

import pytest
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from marketplace.documents.tables import DocumentRow
from media.storage.local import LocalFolderStorage
from media.storage.port import StoredObject
from tests.books import wait_until_books_balance
from tests.fault_purchases import finish_work, relay_until, work_on_sale, worker_for
from tests.helpers import (
    create_creator,
    create_work,
    pay_with_test_payment,
    sign_up_and_log_in,
)
from tests.shared_apps import client_of

FILE = os.urandom(300_000)


class DiskFillsUp(LocalFolderStorage):
    """The real local adapter on a disk with `room` bytes left: writing past them fails with
    ENOSPC, as the kernel would. The fault is injected at the storage port because no real disk
    can be filled on a shared test machine."""

    def __init__(self, root: Path, room: int | None) -> None:
        super().__init__(root)
        self.room = room
        self.refused = 0  # writes that met the full disk

    def put(self, key: str, chunks: Iterable[bytes], content_type: str) -> StoredObject:
        return super().put(key, self._until_full(chunks), content_type)

    def _until_full(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        written = 0
        for chunk in chunks:
            written += len(chunk)
            if self.room is not None and written > self.room:
                self.refused += 1
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            yield chunk


@pytest.fixture
def disk(settings: Settings) -> DiskFillsUp:
    return DiskFillsUp(settings.storage.local_root, room=100_000)


@pytest.fixture
async def full_container(
    settings: Settings, redis_url: str, container: Container, disk: DiskFillsUp
) -> AsyncIterator[Container]:
    # `container` cleaned the database; this one differs by its storage only.
    built = build_container(settings, redis_url, storage=disk)
    yield built
    if built.redis is not None:
        await built.redis.aclose()


@pytest.fixture
async def full_client(full_container: Container) -> AsyncIterator[AsyncTestClient]:

    async with client_of(full_container) as client:
        yield client


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.is_dir() else []


async def _begin(client: AsyncTestClient, headers: dict[str, str]) -> dict[str, object]:
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    begun = await client.post(
        f"/api/works/{work['id']}/uploads",
        json={"kind": "audio", "filename": "live.flac", "size": len(FILE)},
        headers=headers,
    )
    assert begun.status_code == 201, begun.text
    return dict(begun.json())


async def test_a_full_disk_at_completion_answers_507_and_the_upload_resumes(
    full_client: AsyncTestClient, disk: DiskFillsUp
) -> None:
    headers = await sign_up_and_log_in(full_client)
    upload = await _begin(full_client, headers)
    base = f"/api/uploads/{upload['id']}"
    assert (await full_client.put(f"{base}/parts/1", content=FILE, headers=headers)).is_success

    full = await full_client.post(f"{base}/complete", headers=headers)
    assert full.status_code == 507, full.text
    assert full.json()["error"]["code"] == "storage_full"
    assert _files(disk.root) == []  # no object, no temporary file, no sidecar
    state = (await full_client.get(base, headers=headers)).json()
    assert (state["status"], state["received_parts"]) == ("uploading", [1])

    disk.room = None  # an operator made room
    done = await full_client.post(f"{base}/complete", headers=headers)
    assert done.status_code == 200, done.text
    (stored,) = list(disk.keys())
    assert b"".join(disk.read_range(stored)) == FILE


async def test_a_full_disk_during_a_one_request_upload_answers_507_and_keeps_nothing(
    full_client: AsyncTestClient, disk: DiskFillsUp, settings: Settings
) -> None:
    headers = await sign_up_and_log_in(full_client)
    upload = await _begin(full_client, headers)

    full = await full_client.put(str(upload["content_url"]), content=FILE, headers=headers)
    assert full.status_code == 507, full.text
    assert full.json()["error"]["code"] == "storage_full"
    assert _files(disk.root) == []
    assert _files(settings.media.staging_dir) == []


async def test_a_purchase_while_the_disk_is_full_balances_and_gets_its_receipt_once_there_is_room(
    full_client: AsyncTestClient,
    full_container: Container,
    disk: DiskFillsUp,
    broker: RedisBroker,
) -> None:
    offer_id = await work_on_sale(full_client)
    buyer = await sign_up_and_log_in(full_client, role="audience")
    disk.room = 10  # no receipt fits
    with worker_for(broker, full_container) as worker:
        order = await pay_with_test_payment(full_client, buyer, offer_id)
        await relay_until(broker, lambda: disk.refused > 0)  # the receipt met the full disk
        disk.room = None
        await finish_work(broker, worker)
    settings = full_container.settings
    await wait_until_books_balance(full_container.engine, settings.payment.commission_bp)
    (receipt,) = await DocumentRow.select().where(DocumentRow.order_id == order["id"])
    assert disk.exists(receipt["storage_key"])
