"""A bought film's language versions download from the library like its other formats: listed
one by one, each download counted against the purchase's allowance, over it the usual 429;
someone who did not buy the film gets the usual 404.

Real ffmpeg, Redis, dramatiq worker and outbox relay; the test-payment gateway.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from tests.helpers import (
    create_creator,
    create_work,
    deliver_events,
    page_log_in,
    sign_up_and_log_in,
)
from tests.integration.test_language_versions import tracks_dir
from tests.integration.test_marketplace_media import (
    DOWNLOAD_LIMIT,
    shop,
    shop_client,
    shop_worker,
)
from tests.integration.test_media_pipeline import _upload_in_parts, media_dir

__all__ = ["media_dir", "shop", "shop_client", "shop_worker", "tracks_dir"]
CREOLE = "audio:gcf-MQ:version"
ENGLISH_SUBTITLES = "subtitles:en:subtitles"


async def _film_with_versions(
    client: AsyncTestClient,
    broker: RedisBroker,
    worker: Worker,
    seller: dict[str, str],
    media: Path,
    tracks: Path,
) -> str:
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"], discipline="film")
    await _upload_in_parts(client, seller, work["id"], media / "clip.mp4", kind="video")
    await deliver_events(broker, worker)
    await _upload_in_parts(
        client, seller, work["id"], tracks / "gcf.m4a", role="audio_track", language="gcf"
    )
    await _upload_in_parts(
        client,
        seller,
        work["id"],
        tracks / "en.vtt",
        kind="subtitle",
        role="subtitle",
        language="en",
    )
    await deliver_events(broker, worker)
    published = await client.post(f"/api/works/{work['id']}/publish", headers=seller)
    assert published.status_code == 200, published.text
    return str(work["id"])


async def _buy(client: AsyncTestClient, buyer: dict[str, str], offer_id: str) -> None:
    await client.post("/api/cart/items", json={"offer_id": offer_id}, headers=buyer)
    order = (await client.post("/api/checkout", json={"country": "MQ"}, headers=buyer)).json()
    paid = await client.post(
        f"/api/orders/{order['id']}/test-payment",
        json={"client_secret": order["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200, paid.text


def _download(client: AsyncTestClient, headers: dict[str, str], work_id: str, role: str) -> Any:
    return client.post(f"/api/library/{work_id}/downloads", json={"format": role}, headers=headers)


async def test_a_buyer_downloads_the_creole_version_counted_like_the_other_formats(
    shop_client: AsyncTestClient,
    shop_worker: Worker,
    broker: RedisBroker,
    media_dir: Path,
    tracks_dir: Path,
) -> None:
    client = shop_client
    seller = await sign_up_and_log_in(client)
    work_id = await _film_with_versions(client, broker, shop_worker, seller, media_dir, tracks_dir)
    offer = (
        await client.put(
            f"/api/works/{work_id}/offer",
            json={"pricing": "fixed", "price_cents": 800},
            headers=seller,
        )
    ).json()
    buyer = await sign_up_and_log_in(client, role="audience", email="version-buyer@example.test")
    stranger = await sign_up_and_log_in(client, role="audience")
    assert (await _download(client, buyer, work_id, CREOLE)).status_code == 404
    await _buy(client, buyer, offer["id"])
    await deliver_events(broker, shop_worker)

    # The work page offers each version through the library's count, with no direct link.
    playback = (await client.get(f"/api/works/{work_id}/playback", headers=buyer)).json()
    offered = {item["role"]: item for item in playback["full"]["versions"]}
    assert set(offered) == {CREOLE, ENGLISH_SUBTITLES}
    assert all("url" not in item for item in offered.values())
    # The library lists them beside the film's own formats.
    (owned,) = (await client.get("/api/library", headers=buyer)).json()
    formats = {item["role"]: item for item in owned["formats"]}
    assert {CREOLE, ENGLISH_SUBTITLES} <= set(formats)
    assert formats[CREOLE]["content_type"] == "audio/mp4"
    assert formats[CREOLE]["name"] == "Kréyòl"
    assert owned["downloads_used"] == 0
    # The library page has a button for each, named in the reader's language.
    await page_log_in(client, "version-buyer@example.test")
    page = (await client.get("/bibliotheque")).text
    assert f'data-download-format="{CREOLE}"' in page
    assert "Audio Kréyòl (M4A)" in page
    assert "Sous-titres English (WebVTT)" in page
    page = (await client.get("/bibliotheque?lang=gcf")).text
    assert "Odyo Kréyòl (M4A)" in page
    client.cookies.clear()

    creole = await _download(client, buyer, work_id, CREOLE)
    assert creole.status_code == 201, creole.text
    assert creole.json()["downloads_left"] == DOWNLOAD_LIMIT - 1
    file = await client.get(creole.json()["url"])
    assert file.status_code == 200
    assert file.headers["content-type"].startswith("audio/mp4")
    assert file.headers["content-disposition"].startswith("attachment;")
    assert file.content[4:8] == b"ftyp"
    (owned,) = (await client.get("/api/library", headers=buyer)).json()
    assert owned["downloads_used"] == 1
    # The download token opens the version's file and nothing else of it.
    token = creole.json()["url"].split("/")[2]
    assert (await client.get(f"/media/{token}/hls/audio/index.m3u8")).status_code == 404

    subtitles = await _download(client, buyer, work_id, ENGLISH_SUBTITLES)
    assert subtitles.status_code == 201, subtitles.text
    assert subtitles.json()["downloads_left"] == 0
    assert (await client.get(subtitles.json()["url"])).text.startswith("WEBVTT")
    over = await _download(client, buyer, work_id, CREOLE)
    assert over.status_code == 429
    assert over.json()["error"]["code"] == "download_limit_reached"

    # Someone who did not buy it gets the library's 404, and no link.
    refused = await _download(client, stranger, work_id, CREOLE)
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "not_found"
    assert "url" not in refused.json()


async def test_a_version_the_film_does_not_have_is_not_offered_and_not_counted(
    shop_client: AsyncTestClient,
    shop_worker: Worker,
    broker: RedisBroker,
    media_dir: Path,
    tracks_dir: Path,
) -> None:
    client = shop_client
    seller = await sign_up_and_log_in(client)
    work_id = await _film_with_versions(client, broker, shop_worker, seller, media_dir, tracks_dir)
    offer = (
        await client.put(
            f"/api/works/{work_id}/offer",
            json={"pricing": "fixed", "price_cents": 800},
            headers=seller,
        )
    ).json()
    buyer = await sign_up_and_log_in(client, role="audience")
    await _buy(client, buyer, offer["id"])
    await deliver_events(broker, shop_worker)
    for role in ("audio:es:version", "audio:gcf-MQ:commentary", "subtitles:gcf-MQ:subtitles"):
        missing = await _download(client, buyer, work_id, role)
        assert missing.status_code == 404, role
        assert missing.json()["error"]["code"] == "format_not_offered"
    (owned,) = (await client.get("/api/library", headers=buyer)).json()
    assert owned["downloads_used"] == 0
