"""The owner-only routes of offers and uploads: what the owner's call does, and that nobody
else's call does anything.

`GET /api/media/works/{id}`, `GET /api/offers/mine`, `DELETE /api/offers/{id}`,
`DELETE /api/works/{id}/offer` and `DELETE /api/uploads/{id}`, each called by the owner, by
another creator and anonymously.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from media.assets.tables import MediaAssetRow
from tests.helpers import (
    create_creator,
    create_work,
    deliver_events,
    priced,
    published_work,
    sign_up_and_log_in,
    staff_headers,
)
from tests.shared_apps import client_of

PART = 64 * 1024


async def _offer_ids_of_work(client: AsyncTestClient, work_id: str) -> list[str]:
    response = await client.get(f"/api/works/{work_id}/offers")
    assert response.status_code == 200, response.text
    return [offer["id"] for offer in response.json()]


async def _add_to_cart(client: AsyncTestClient, buyer: dict[str, str], offer_id: str) -> Any:
    return await client.post("/api/cart/items", json={"offer_id": offer_id}, headers=buyer)


async def _for_sale(client: AsyncTestClient) -> list[str]:
    found = await client.get("/api/search", params={"availability": "buy"})
    assert found.status_code == 200, found.text
    return [item["id"] for item in found.json()["items"]]


def _error_code(response: Any) -> str:
    return str(response.json()["error"]["code"])


# GET /api/offers/mine -----------------------------------------------------------------------


async def test_my_offers_lists_the_sellers_active_offers_only(client: AsyncTestClient) -> None:
    seller = await sign_up_and_log_in(client)
    first = await published_work(client, seller)
    second = await published_work(client, seller)
    work_offer = await priced(client, seller, first, price_cents=300)
    repriced = await priced(client, seller, second, price_cents=900)
    repriced = await priced(client, seller, second, price_cents=1200)  # replaces the 900 one
    bundle = await client.post(
        "/api/offers/bundles",
        json={"title": "Intégrale", "work_ids": [first, second], "pricing": "fixed",
              "price_cents": 1000},
        headers=seller,
    )  # fmt: skip
    assert bundle.status_code == 201, bundle.text
    other = await sign_up_and_log_in(client)
    others_offer = await priced(client, other, await published_work(client, other))

    mine = await client.get("/api/offers/mine", headers=seller)
    assert mine.status_code == 200, mine.text
    listed = {offer["id"]: offer for offer in mine.json()}
    # Both work offers (the current price only) and the bundle; nobody else's.
    assert set(listed) == {work_offer["id"], repriced["id"], bundle.json()["id"]}
    assert listed[repriced["id"]]["price_cents"] == 1200
    assert listed[bundle.json()["id"]]["kind"] == "bundle"
    assert {offer["seller_id"] for offer in listed.values()} == {work_offer["seller_id"]}

    # Another creator sees their own offers, never this seller's.
    theirs = await client.get("/api/offers/mine", headers=other)
    assert theirs.status_code == 200
    assert [offer["id"] for offer in theirs.json()] == [others_offer["id"]]

    anonymous = await client.get("/api/offers/mine")
    assert anonymous.status_code == 401
    assert _error_code(anonymous) == "not_authenticated"


async def _no_longer_sold(
    client: AsyncTestClient,
    broker: RedisBroker,
    worker: Worker,
    seller: dict[str, str],
    work_id: str,
    offer_id: str,
) -> None:
    """Gone from the work's page, the seller's list and search's "to buy" filter; no cart
    takes it any more."""
    await deliver_events(broker, worker)
    assert await _offer_ids_of_work(client, work_id) == []
    assert (await client.get("/api/offers/mine", headers=seller)).json() == []
    assert await _for_sale(client) == []
    buyer = await sign_up_and_log_in(client, role="audience")
    refused = await _add_to_cart(client, buyer, offer_id)
    assert refused.status_code == 404, refused.text
    assert (await client.get("/api/cart", headers=buyer)).json()["items"] == []


# DELETE /api/offers/{id} --------------------------------------------------------------------


async def test_the_seller_withdraws_an_offer_and_it_can_no_longer_be_bought(
    client: AsyncTestClient, worker: Worker, broker: RedisBroker
) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    offer = await priced(client, seller, work_id)
    await deliver_events(broker, worker)
    assert await _for_sale(client) == [work_id]

    withdrawn = await client.delete(f"/api/offers/{offer['id']}", headers=seller)
    assert withdrawn.status_code == 204, withdrawn.text
    await _no_longer_sold(client, broker, worker, seller, work_id, offer["id"])


async def test_a_bundle_withdrawn_leaves_the_works_own_offers_on_sale(
    client: AsyncTestClient,
) -> None:
    seller = await sign_up_and_log_in(client)
    first = await published_work(client, seller)
    second = await published_work(client, seller)
    own = await priced(client, seller, first)
    bundle = await client.post(
        "/api/offers/bundles",
        json={"title": "Les deux", "work_ids": [first, second], "pricing": "fixed",
              "price_cents": 1000},
        headers=seller,
    )  # fmt: skip
    assert bundle.status_code == 201, bundle.text

    withdrawn = await client.delete(f"/api/offers/{bundle.json()['id']}", headers=seller)
    assert withdrawn.status_code == 204, withdrawn.text
    assert await _offer_ids_of_work(client, first) == [own["id"]]
    assert await _offer_ids_of_work(client, second) == []
    buyer = await sign_up_and_log_in(client, role="audience")
    assert (await _add_to_cart(client, buyer, bundle.json()["id"])).status_code == 404
    assert (await _add_to_cart(client, buyer, own["id"])).status_code == 201


async def test_nobody_else_can_withdraw_an_offer(client: AsyncTestClient) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    offer = await priced(client, seller, work_id)
    other = await sign_up_and_log_in(client)

    by_other = await client.delete(f"/api/offers/{offer['id']}", headers=other)
    assert by_other.status_code == 404, by_other.text
    assert _error_code(by_other) == "not_found"
    anonymous = await client.delete(f"/api/offers/{offer['id']}")
    assert anonymous.status_code == 401
    unknown = await client.delete(f"/api/offers/{UUID(int=7)}", headers=seller)
    assert unknown.status_code == 404

    # Still on sale: listed on the work, in the seller's offers, and a buyer can take it.
    assert await _offer_ids_of_work(client, work_id) == [offer["id"]]
    assert [o["id"] for o in (await client.get("/api/offers/mine", headers=seller)).json()] == [
        offer["id"]
    ]
    buyer = await sign_up_and_log_in(client, role="audience")
    assert (await _add_to_cart(client, buyer, offer["id"])).status_code == 201


async def test_staff_can_withdraw_any_offer(client: AsyncTestClient, container: Container) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    offer = await priced(client, seller, work_id)
    staff = await staff_headers(client, container)
    assert (await client.delete(f"/api/offers/{offer['id']}", headers=staff)).status_code == 204
    assert await _offer_ids_of_work(client, work_id) == []


async def test_withdrawing_a_free_offer_closes_full_streaming_again(
    client: AsyncTestClient,
) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    free = await priced(client, seller, work_id, pricing="free")
    assert (await client.get(f"/api/works/{work_id}/playback")).json()["entitled"] is True

    withdrawn = await client.delete(f"/api/offers/{free['id']}", headers=seller)
    assert withdrawn.status_code == 204, withdrawn.text
    assert await _offer_ids_of_work(client, work_id) == []
    # No offer any more: nobody may stream the whole work for free.
    assert (await client.get(f"/api/works/{work_id}/playback")).json()["entitled"] is False


# DELETE /api/works/{id}/offer ---------------------------------------------------------------


async def test_the_owner_removes_a_works_price_and_it_can_no_longer_be_bought(
    client: AsyncTestClient, worker: Worker, broker: RedisBroker
) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    offer = await priced(client, seller, work_id)
    await deliver_events(broker, worker)
    assert await _for_sale(client) == [work_id]

    removed = await client.delete(f"/api/works/{work_id}/offer", headers=seller)
    assert removed.status_code == 204, removed.text
    await _no_longer_sold(client, broker, worker, seller, work_id, offer["id"])
    # There is nothing left to remove.
    again = await client.delete(f"/api/works/{work_id}/offer", headers=seller)
    assert again.status_code == 404
    # A new price puts it back on sale.
    back = await priced(client, seller, work_id, price_cents=500)
    assert await _offer_ids_of_work(client, work_id) == [back["id"]]


async def test_removing_a_free_price_closes_full_streaming_again(client: AsyncTestClient) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    await priced(client, seller, work_id, pricing="free")
    assert (await client.get(f"/api/works/{work_id}/playback")).json()["entitled"] is True

    removed = await client.delete(f"/api/works/{work_id}/offer", headers=seller)
    assert removed.status_code == 204, removed.text
    assert (await client.get(f"/api/works/{work_id}/playback")).json()["entitled"] is False


async def test_nobody_else_can_remove_a_works_price(client: AsyncTestClient) -> None:
    seller = await sign_up_and_log_in(client)
    work_id = await published_work(client, seller)
    offer = await priced(client, seller, work_id)
    creator = await create_creator(client, seller)
    draft = await create_work(client, seller, creator["id"])
    draft_offer = await priced(client, seller, draft["id"])
    other = await sign_up_and_log_in(client)

    # A published work is public: another creator is told it is not theirs...
    on_public = await client.delete(f"/api/works/{work_id}/offer", headers=other)
    assert on_public.status_code == 403, on_public.text
    assert _error_code(on_public) == "not_owner"
    # ...a draft is private: for them it does not exist.
    on_draft = await client.delete(f"/api/works/{draft['id']}/offer", headers=other)
    assert on_draft.status_code == 404, on_draft.text
    for work in (work_id, draft["id"]):
        anonymous = await client.delete(f"/api/works/{work}/offer")
        assert anonymous.status_code == 401

    # Both prices are still there and the published work can still be bought.
    assert await _offer_ids_of_work(client, work_id) == [offer["id"]]
    mine = {o["id"] for o in (await client.get("/api/offers/mine", headers=seller)).json()}
    assert mine == {offer["id"], draft_offer["id"]}
    buyer = await sign_up_and_log_in(client, role="audience")
    assert (await _add_to_cart(client, buyer, offer["id"])).status_code == 201


# Uploads ------------------------------------------------------------------------------------


@pytest.fixture
async def small_parts(settings: Settings, redis_url: str, container: Container) -> Container:
    # `container` cleaned the database; this one takes uploads in 64 KiB parts.
    media = dataclasses.replace(settings.media, part_size=PART)
    return build_container(dataclasses.replace(settings, media=media), redis_url)


@pytest.fixture
async def uploads_client(small_parts: Container) -> AsyncIterator[AsyncTestClient]:

    async with client_of(small_parts) as test_client:
        yield test_client


async def _begin(
    client: AsyncTestClient, headers: dict[str, str], work_id: str, size: int, **extra: Any
) -> dict[str, Any]:
    body = {"kind": "audio", "filename": "kont.flac", "size": size, **extra}
    response = await client.post(f"/api/works/{work_id}/uploads", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _send_part(
    client: AsyncTestClient, headers: dict[str, str], upload_id: str, number: int, size: int
) -> Any:
    return await client.put(
        f"/api/uploads/{upload_id}/parts/{number}", content=b"\x01" * size, headers=headers
    )


async def test_the_owner_sees_every_upload_of_a_work_newest_first(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, owner)
    work = await create_work(client, owner, creator["id"])
    other_work = await create_work(client, owner, creator["id"])
    audio = await _begin(client, owner, work["id"], 1000)
    cover = await _begin(
        client, owner, work["id"], 500, kind="image", role="cover", filename="pochette.png"
    )
    await _begin(client, owner, other_work["id"], 1000)

    listed = await client.get(f"/api/media/works/{work['id']}", headers=owner)
    assert listed.status_code == 200, listed.text
    assets = listed.json()
    assert [a["id"] for a in assets] == [cover["id"], audio["id"]]
    assert [(a["kind"], a["role"], a["original_name"]) for a in assets] == [
        ("image", "cover", "pochette.png"),
        ("audio", "main", "kont.flac"),
    ]
    assert {a["status"] for a in assets} == {"uploading"}
    assert {a["work_id"] for a in assets} == {work["id"]}

    staff = await staff_headers(client, container)
    by_staff = await client.get(f"/api/media/works/{work['id']}", headers=staff)
    assert by_staff.status_code == 200
    assert [a["id"] for a in by_staff.json()] == [cover["id"], audio["id"]]


async def test_nobody_else_sees_a_works_uploads(client: AsyncTestClient) -> None:
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, owner)
    draft = await create_work(client, owner, creator["id"])
    published = await create_work(client, owner, creator["id"])
    assert (
        await client.post(f"/api/works/{published['id']}/publish", headers=owner)
    ).status_code == 200
    for work in (draft, published):
        await _begin(client, owner, work["id"], 1000)
    other = await sign_up_and_log_in(client)

    # Even on a published work, the uploads (file names, errors, facts) are the owner's.
    for work in (draft, published):
        by_other = await client.get(f"/api/media/works/{work['id']}", headers=other)
        assert by_other.status_code == 404, by_other.text
        assert "kont.flac" not in by_other.text
        anonymous = await client.get(f"/api/media/works/{work['id']}")
        assert anonymous.status_code == 401
    unknown = await client.get(f"/api/media/works/{UUID(int=9)}", headers=owner)
    assert unknown.status_code == 404


async def test_the_owner_aborts_an_upload_and_its_parts_are_gone(
    uploads_client: AsyncTestClient, small_parts: Container
) -> None:
    client = uploads_client
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, owner)
    work = await create_work(client, owner, creator["id"])
    upload = await _begin(client, owner, work["id"], 3 * PART)
    assert upload["parts"] == 3
    for number in (1, 2):
        sent = await _send_part(client, owner, upload["id"], number, PART)
        assert sent.status_code == 200, sent.text
    staged = small_parts.settings.media.staging_dir / UUID(upload["id"]).hex
    assert sorted(path.name for path in staged.iterdir()) == ["00001.part", "00002.part"]

    aborted = await client.delete(f"/api/uploads/{upload['id']}", headers=owner)
    assert aborted.status_code == 204, aborted.text

    # The parts received are gone from the disk...
    assert not staged.exists()
    # ...the upload says so, takes no more parts and cannot be completed...
    state = await client.get(f"/api/uploads/{upload['id']}", headers=owner)
    assert state.status_code == 200
    assert state.json()["status"] == "aborted"
    assert state.json()["received_parts"] == []
    late = await _send_part(client, owner, upload["id"], 3, PART)
    assert late.status_code == 409
    assert _error_code(late) == "upload_closed"
    assert not staged.exists()
    # (completing answers the asset as it is, like a repeated completion: still aborted)
    done = await client.post(f"/api/uploads/{upload['id']}/complete", headers=owner)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "aborted"
    # ...and the work's media list shows it aborted.
    listed = (await client.get(f"/api/media/works/{work['id']}", headers=owner)).json()
    assert [(a["id"], a["status"]) for a in listed] == [(upload["id"], "aborted")]
    # Aborting again changes nothing and is not an error.
    again = await client.delete(f"/api/uploads/{upload['id']}", headers=owner)
    assert again.status_code == 204


async def test_nobody_else_can_abort_an_upload(
    uploads_client: AsyncTestClient, small_parts: Container
) -> None:
    client = uploads_client
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, owner)
    work = await create_work(client, owner, creator["id"])
    upload = await _begin(client, owner, work["id"], 2 * PART)
    assert (await _send_part(client, owner, upload["id"], 1, PART)).status_code == 200
    staged = small_parts.settings.media.staging_dir / UUID(upload["id"]).hex
    other = await sign_up_and_log_in(client)

    by_other = await client.delete(f"/api/uploads/{upload['id']}", headers=other)
    assert by_other.status_code == 404, by_other.text
    anonymous = await client.delete(f"/api/uploads/{upload['id']}")
    assert anonymous.status_code == 401

    # The owner's upload goes on where it was: part 1 kept, part 2 accepted, then complete.
    assert sorted(path.name for path in staged.iterdir()) == ["00001.part"]
    state = (await client.get(f"/api/uploads/{upload['id']}", headers=owner)).json()
    assert (state["status"], state["received_parts"], state["next_part"]) == ("uploading", [1], 2)
    assert (await _send_part(client, owner, upload["id"], 2, PART)).status_code == 200
    done = await client.post(f"/api/uploads/{upload['id']}/complete", headers=owner)
    assert done.status_code == 200, done.text
    assert done.json()["status"] in ("uploaded", "processing")


async def test_aborting_a_completed_upload_keeps_its_file(
    uploads_client: AsyncTestClient, small_parts: Container
) -> None:
    client = uploads_client
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, owner)
    work = await create_work(client, owner, creator["id"])
    upload = await _begin(client, owner, work["id"], PART)
    assert (await _send_part(client, owner, upload["id"], 1, PART)).status_code == 200
    done = await client.post(f"/api/uploads/{upload['id']}/complete", headers=owner)
    assert done.status_code == 200, done.text
    row = (
        await MediaAssetRow.select(MediaAssetRow.original_key)
        .where(MediaAssetRow.id == UUID(upload["id"]))
        .first()
    )
    assert row is not None
    assert small_parts.storage.exists(row["original_key"])

    # Too late to abort: whatever the answer, the stored file must survive it.
    await client.delete(f"/api/uploads/{upload['id']}", headers=owner)
    state = (await client.get(f"/api/media/{upload['id']}", headers=owner)).json()
    assert state["status"] != "aborted"
    assert small_parts.storage.exists(row["original_key"])
