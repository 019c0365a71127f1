"""S3 that slows down, drops connections or stops answering, through a faulty proxy in front
of the moto server: uploads resume and nothing is ever half-published."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from marketplace.documents.tables import DocumentRow
from media.storage.port import StorageUnavailable
from media.storage.s3 import PART_SIZE, S3Storage
from tests.books import wait_until_books_balance
from tests.fault_purchases import finish_work, relay_until, work_on_sale, worker_for
from tests.faulty_proxy import FaultyProxy
from tests.fixtures_s3 import moto_s3_endpoint
from tests.helpers import create_creator, create_work, pay_with_test_payment, sign_up_and_log_in
from tests.integration.test_storage_contract import raw_client
from tests.shared_apps import client_of

__all__ = ["moto_s3_endpoint"]


@pytest.fixture
def proxy(moto_s3_endpoint: str) -> Iterator[FaultyProxy]:
    running = FaultyProxy(moto_s3_endpoint).start()
    yield running
    running.stop()


@pytest.fixture
def bucket() -> str:
    return f"lakou-faults-{uuid.uuid4().hex[:12]}"


def _through(proxy: FaultyProxy, bucket: str) -> S3Storage:
    return S3Storage(
        bucket=bucket,
        endpoint_url=proxy.url,
        access_key_id="testing",
        secret_access_key="testing",
        create_bucket=True,
    )


def _left_in(endpoint: str, bucket: str) -> list[str]:
    """Objects and unfinished multipart uploads, seen by a client that bypasses the proxy."""
    client = raw_client(endpoint)
    objects = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    uploads = client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
    return [item["Key"] for item in objects] + [f"multipart:{item['Key']}" for item in uploads]


def test_slow_downs_and_dropped_connections_are_retried_and_the_object_is_whole(
    proxy: FaultyProxy, bucket: str, moto_s3_endpoint: str
) -> None:
    store = _through(proxy, bucket)
    data = os.urandom(2 * PART_SIZE + 12_345)  # three parts
    proxy.slow_down(1)
    proxy.reset(1)
    proxy.pass_then_slow_down(2, 1)  # and one more in the middle of the parts

    store.put(
        "originals/whole",
        iter([data[i : i + 65_536] for i in range(0, len(data), 65_536)]),
        "video/mp4",
    )

    assert (proxy.counts["slow_down"], proxy.counts["reset"]) == (2, 1)
    body = raw_client(moto_s3_endpoint).get_object(Bucket=bucket, Key="originals/whole")
    assert body["Body"].read() == data
    assert _left_in(moto_s3_endpoint, bucket) == ["originals/whole"]


def test_s3_failing_in_the_middle_of_a_put_publishes_nothing(
    proxy: FaultyProxy, bucket: str, moto_s3_endpoint: str
) -> None:
    store = _through(proxy, bucket)
    data = os.urandom(2 * PART_SIZE + 1)
    # The upload starts and its first part lands; the second part's four tries (the first and
    # botocore's three retries) all fail.
    proxy.pass_then_slow_down(2, 4)

    with pytest.raises(StorageUnavailable):
        store.put("originals/half", iter([data]), "video/mp4")

    assert proxy.counts["slow_down"] == 4
    # No object, and the parts already sent were aborted (the abort went through).
    assert _left_in(moto_s3_endpoint, bucket) == []


@pytest.fixture
async def s3_container(
    settings: Settings, redis_url: str, container: Container, proxy: FaultyProxy, bucket: str
) -> AsyncIterator[Container]:
    # `container` cleaned the database; this one stores through the faulty proxy.
    built = build_container(settings, redis_url, storage=_through(proxy, bucket))
    yield built
    if built.redis is not None:
        await built.redis.aclose()


@pytest.fixture
async def s3_client(s3_container: Container) -> AsyncIterator[AsyncTestClient]:

    async with client_of(s3_container) as client:
        yield client


async def test_an_upload_resumes_after_s3_stopped_answering(
    s3_client: AsyncTestClient, proxy: FaultyProxy, bucket: str, moto_s3_endpoint: str
) -> None:
    import httpx

    client = s3_client
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    data = os.urandom(300_000)
    begun = await client.post(
        f"/api/works/{work['id']}/uploads",
        json={"kind": "audio", "filename": "live.flac", "size": len(data)},
        headers=headers,
    )
    assert begun.status_code == 201, begun.text
    upload = begun.json()
    assert upload["mode"] == "s3"
    # The browser sends its part straight to S3, with the presigned URL the app gave.
    part_url = upload["part_url_template"].replace("{n}", "1")
    signed = await client.get(part_url, headers=headers)
    assert signed.status_code == 200, signed.text
    async with httpx.AsyncClient() as browser:
        sent = await browser.put(signed.json()["url"], content=data)
    assert sent.status_code == 200, sent.text

    proxy.down = True
    stuck = await client.post(f"/api/uploads/{upload['id']}/complete", headers=headers)
    assert stuck.status_code == 503, stuck.text
    assert stuck.json()["error"]["code"] == "storage_unavailable"
    assert [
        key for key in _left_in(moto_s3_endpoint, bucket) if not key.startswith("multipart:")
    ] == []

    proxy.down = False
    done = await client.post(f"/api/uploads/{upload['id']}/complete", headers=headers)
    assert done.status_code == 200, done.text
    (stored,) = _left_in(moto_s3_endpoint, bucket)
    body = raw_client(moto_s3_endpoint).get_object(Bucket=bucket, Key=stored)
    assert body["Body"].read() == data


async def test_a_purchase_while_s3_is_away_balances_and_gets_its_receipt_once_s3_answers(
    s3_client: AsyncTestClient,
    s3_container: Container,
    proxy: FaultyProxy,
    broker: RedisBroker,
    bucket: str,
    moto_s3_endpoint: str,
) -> None:
    offer_id = await work_on_sale(s3_client)
    buyer = await sign_up_and_log_in(s3_client, role="audience")
    proxy.down = True
    with worker_for(broker, s3_container) as worker:
        order = await pay_with_test_payment(s3_client, buyer, offer_id)
        await relay_until(broker, lambda: proxy.counts["slow_down"] > 0)  # the receipt met it
        proxy.down = False
        await finish_work(broker, worker)
    settings = s3_container.settings
    await wait_until_books_balance(s3_container.engine, settings.payment.commission_bp)
    (receipt,) = await DocumentRow.select().where(DocumentRow.order_id == order["id"])
    assert _left_in(moto_s3_endpoint, bucket) == [receipt["storage_key"]]
