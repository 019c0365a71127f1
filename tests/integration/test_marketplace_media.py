"""A bought work streams in full and downloads a limited number of times; a refund ends it.

Real ffmpeg, Redis, dramatiq worker and outbox relay; the test-payment gateway.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from tests.helpers import (
    create_creator,
    create_work,
    deliver_events,
    sign_up_and_log_in,
    staff_headers,
)
from tests.integration.test_media_pipeline import PART, _upload_in_parts, media_dir
from tests.shared_apps import client_of

__all__ = ["media_dir"]
DOWNLOAD_LIMIT = 2


@pytest.fixture
async def shop(
    settings: Settings, redis_url: str, container: Container
) -> AsyncIterator[Container]:
    changed = dataclasses.replace(
        settings,
        media=dataclasses.replace(settings.media, part_size=PART),
        payment=dataclasses.replace(settings.payment, download_limit=DOWNLOAD_LIMIT),
    )
    built = build_container(changed, redis_url)
    yield built
    if built.redis is not None:
        await built.redis.aclose()


@pytest.fixture
async def shop_client(shop: Container) -> AsyncIterator[AsyncTestClient]:

    async with client_of(shop) as test_client:
        yield test_client


@pytest.fixture
def shop_worker(broker: RedisBroker, shop: Container) -> Iterator[Worker]:
    from workers.runtime import start_worker

    running = start_worker(broker, shop, threads=2)
    yield running
    running.stop()


async def _ready_published_work(
    client: AsyncTestClient, broker: RedisBroker, worker: Worker, seller: dict[str, str], path: Path
) -> str:
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"])
    await _upload_in_parts(client, seller, work["id"], path)
    await deliver_events(broker, worker)
    published = await client.post(f"/api/works/{work['id']}/publish", headers=seller)
    assert published.status_code == 200, published.text
    return str(work["id"])


async def test_bought_work_streams_in_full_downloads_counted_and_refund_revokes(
    shop_client: AsyncTestClient,
    shop: Container,
    shop_worker: Worker,
    broker: RedisBroker,
    media_dir: Path,
) -> None:
    client = shop_client
    seller = await sign_up_and_log_in(client)
    work_id = await _ready_published_work(
        client, broker, shop_worker, seller, media_dir / "tone.flac"
    )
    offer = (
        await client.put(
            f"/api/works/{work_id}/offer",
            json={"pricing": "fixed", "price_cents": 1200},
            headers=seller,
        )
    ).json()
    buyer = await sign_up_and_log_in(client, role="audience")

    before = (await client.get(f"/api/works/{work_id}/playback", headers=buyer)).json()
    assert before["full"] is None
    assert (
        await client.post(
            f"/api/library/{work_id}/downloads", json={"format": "download_mp3"}, headers=buyer
        )
    ).status_code == 404

    await client.post("/api/cart/items", json={"offer_id": offer["id"]}, headers=buyer)
    order = (await client.post("/api/checkout", json={"country": "GP"}, headers=buyer)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200
    await deliver_events(broker, shop_worker)

    playback = (await client.get(f"/api/works/{work_id}/playback", headers=buyer)).json()
    assert playback["entitled"] is True
    master = await client.get(playback["full"]["hls_master"])
    assert master.status_code == 200
    assert "#EXTM3U" in master.text
    # Buyers' download entries carry no direct link: downloads go through the library's count.
    assert all("url" not in item for item in playback["full"]["downloads"])
    full_token = playback["full"]["hls_master"].split("/")[2]
    assert (await client.get(f"/media/{full_token}/download.mp3")).status_code == 404

    library = (await client.get("/api/library", headers=buyer)).json()
    assert {item["role"] for item in library[0]["formats"]} == {"download_mp3", "download_flac"}
    links: list[dict[str, Any]] = []
    for _ in range(DOWNLOAD_LIMIT):
        response = await client.post(
            f"/api/library/{work_id}/downloads", json={"format": "download_flac"}, headers=buyer
        )
        assert response.status_code == 201, response.text
        links.append(response.json())
    assert [link["downloads_left"] for link in links] == [1, 0]
    # The library shows the allowance used up.
    (item,) = (await client.get("/api/library", headers=buyer)).json()
    assert (item["downloads_used"], item["downloads_allowed"]) == (DOWNLOAD_LIMIT, DOWNLOAD_LIMIT)
    file = await client.get(links[0]["url"])
    assert file.status_code == 200
    assert file.content[:4] == b"fLaC"
    over = await client.post(
        f"/api/library/{work_id}/downloads", json={"format": "download_flac"}, headers=buyer
    )
    assert over.status_code == 429
    assert over.json()["error"]["code"] == "download_limit_reached"
    unknown = await client.post(
        f"/api/library/{work_id}/downloads", json={"format": "original"}, headers=buyer
    )
    assert unknown.status_code in (404, 429)

    staff = await staff_headers(client, shop)
    refunded = await client.post(f"/api/orders/{order['id']}/refunds", json={}, headers=staff)
    assert refunded.status_code == 200, refunded.text
    after = (await client.get(f"/api/works/{work_id}/playback", headers=buyer)).json()
    assert after["full"] is None
    assert (
        await client.post(
            f"/api/library/{work_id}/downloads", json={"format": "download_mp3"}, headers=buyer
        )
    ).status_code == 404
