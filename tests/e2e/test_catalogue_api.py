"""The catalogue's JSON API over HTTP, with the real app, database and outbox."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from litestar import Litestar
from litestar.testing import AsyncTestClient

from infra.events.tables import OutboxMessage
from lakou.bootstrap import Container
from tests.helpers import create_creator, create_work, sign_up_and_log_in, staff_headers

Headers = dict[str, str]


async def publish(
    client: AsyncTestClient[Litestar], headers: Headers, work_id: str
) -> dict[str, Any]:
    response = await client.post(f"/api/works/{work_id}/publish", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def withdraw(
    client: AsyncTestClient[Litestar], headers: Headers, work_id: str, reason: str | None = None
) -> dict[str, Any]:
    response = await client.post(
        f"/api/works/{work_id}/withdraw", json={"reason": reason}, headers=headers
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def listed(
    client: AsyncTestClient[Litestar], headers: Headers | None = None, **params: Any
) -> list[str]:
    response = await client.get("/api/works", params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def error_code(response: Any) -> str:
    body = response.json()
    assert body["error"]["request_id"], body
    return str(body["error"]["code"])


async def outbox_types(aggregate_id: str) -> list[str]:
    rows = await (
        OutboxMessage.select(OutboxMessage.event_type)
        .where(OutboxMessage.aggregate_id == UUID(aggregate_id))
        .order_by(OutboxMessage.occurred_at)
    )
    return [row["event_type"] for row in rows]


# ---------------------------------------------------------------------------------------------
# The whole journey


async def test_create_read_patch_publish_and_list(client: AsyncTestClient[Litestar]) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers, disciplines=["music", "heritage"])
    work = await create_work(
        client,
        headers,
        creator["id"],
        descriptions={"fr": "Un bèlè sous la lune", "acf": "An bèlè anba lalin"},
        languages=["gcf", "fr"],
        year=2021,
        duration_s=215,
        identifiers={"isrc": "fr-z03-14-00001"},
        credits=[{"name": "Léna Tanbouyé", "role": "performer", "isni": "0000 0001 2281 955X"}],
    )
    assert work["status"] == "draft"
    assert work["creator_id"] == creator["id"]
    assert work["descriptions"] == {"fr": "Un bèlè sous la lune", "gcf-MQ": "An bèlè anba lalin"}
    assert work["languages"] == ["gcf-MQ", "fr"]
    assert work["identifiers"] == {"isrc": "FRZ031400001"}
    assert work["credits"][0]["isni"] == "000000012281955X"
    assert work["published_at"] is None

    read = await client.get(f"/api/works/{work['id']}", headers=headers)
    assert read.status_code == 200, read.text
    assert read.json() == work
    assert (await client.get(f"/api/works/{work['id']}")).status_code == 404
    assert await listed(client) == []

    patched = await client.patch(
        f"/api/works/{work['id']}", json={"year": 2022, "visibility": "public"}, headers=headers
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["year"] == 2022
    for unchanged in (
        "titles",
        "descriptions",
        "languages",
        "credits",
        "identifiers",
        "duration_s",
    ):
        assert body[unchanged] == work[unchanged], unchanged

    published = await publish(client, headers, work["id"])
    assert published["status"] == "published"
    assert published["published_at"] is not None
    again = await publish(client, headers, work["id"])  # a double click changes nothing
    assert again["published_at"] == published["published_at"]

    assert await listed(client) == [work["id"]]
    anonymous = await client.get(f"/api/works/{work['id']}")
    assert anonymous.status_code == 200
    assert anonymous.json()["year"] == 2022


async def test_bad_input_is_a_4xx_that_changes_nothing(client: AsyncTestClient[Litestar]) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    base = {"creator_id": creator["id"], "titles": {"fr": "Titre"}, "discipline": "music"}
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"identifiers": {"isrc": "FR-Z03-14-0001"}}, 422, "invalid_identifier"),
        ({"titles": {}}, 422, "missing_title"),
        ({"titles": {"fr": "x" * 301}}, 422, "invalid_localised_text"),
        ({"languages": ["kreyol"]}, 422, "unsupported_language"),
        ({"year": 999}, 422, "invalid_year"),
        ({"duration_s": 0}, 422, "invalid_duration"),
        ({"discipline": "poetry"}, 400, "validation_error"),
        ({"titel": {"fr": "typo"}}, 400, "validation_error"),
    ]
    for change, status, code in cases:
        response = await client.post("/api/works", json={**base, **change}, headers=headers)
        assert response.status_code == status, (change, response.text)
        assert error_code(response) == code, change

    empty = await client.patch(f"/api/works/{UUID(int=1)}", json={}, headers=headers)
    assert empty.status_code == 404
    assert await listed(client, headers) == []


async def test_patch_rules(client: AsyncTestClient[Litestar]) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"], year=2020)
    url = f"/api/works/{work['id']}"

    empty = await client.patch(url, json={}, headers=headers)
    assert empty.status_code == 422
    assert error_code(empty) == "empty_update"

    invalid = await client.patch(url, json={"identifiers": {"isbn": "123"}}, headers=headers)
    assert invalid.status_code == 422
    assert error_code(invalid) == "invalid_identifier"

    cleared = await client.patch(url, json={"year": None}, headers=headers)
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["year"] is None
    assert cleared.json()["titles"] == work["titles"]
    assert await outbox_types(work["id"]) == ["work.created", "work.updated"]


# ---------------------------------------------------------------------------------------------
# Filters and pagination


async def test_filters_by_creator_discipline_and_status(client: AsyncTestClient[Litestar]) -> None:
    lena = await sign_up_and_log_in(client)
    marc = await sign_up_and_log_in(client)
    lenas = await create_creator(client, lena)
    marcs = await create_creator(client, marc, name="Marc Ti-Bwa")

    lena_song = await create_work(client, lena, lenas["id"])
    lena_film = await create_work(client, lena, lenas["id"], discipline="film")
    lena_draft = await create_work(client, lena, lenas["id"])
    marc_tale = await create_work(client, marc, marcs["id"], discipline="heritage")
    marc_draft = await create_work(client, marc, marcs["id"])
    for work in (lena_song, lena_film):
        await publish(client, lena, work["id"])
    await publish(client, marc, marc_tale["id"])

    all_published = {lena_song["id"], lena_film["id"], marc_tale["id"]}
    assert set(await listed(client)) == all_published
    assert set(await listed(client, creator_id=lenas["id"])) == {lena_song["id"], lena_film["id"]}
    assert await listed(client, creator_id=marcs["id"]) == [marc_tale["id"]]
    assert await listed(client, discipline="film") == [lena_film["id"]]
    assert await listed(client, discipline="heritage", creator_id=lenas["id"]) == []
    assert set(await listed(client, status="published")) == all_published

    # Drafts: each creator sees their own only; anonymous callers see none.
    assert await listed(client, lena, status="draft") == [lena_draft["id"]]
    assert await listed(client, marc, status="draft") == [marc_draft["id"]]
    assert await listed(client, status="draft") == []
    assert await listed(client, marc, status="draft", creator_id=lenas["id"]) == []
    assert set(await listed(client, lena, creator_id=lenas["id"])) == {
        lena_song["id"],
        lena_film["id"],
        lena_draft["id"],
    }

    for params in ({"status": "lost"}, {"discipline": "poetry"}, {"creator_id": "nope"}):
        response = await client.get("/api/works", params=params)
        assert response.status_code in (400, 422), (params, response.text)
        assert error_code(response) in ("invalid_filter", "validation_error")


async def test_keyset_pagination_has_no_duplicates_and_no_gaps(
    client: AsyncTestClient[Litestar],
) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    created = [
        (await create_work(client, headers, creator["id"], titles={"fr": f"Titre {i}"}))["id"]
        for i in range(25)
    ]
    for work_id in created:
        await publish(client, headers, work_id)

    pages: list[list[str]] = []
    cursors: list[str | None] = []
    params: dict[str, Any] = {"limit": 10}
    while True:
        response = await client.get("/api/works", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append([item["id"] for item in body["items"]])
        cursors.append(body["next_cursor"])
        if body["next_cursor"] is None:
            break
        assert len(pages) < 5, "pagination does not end"
        params = {"limit": 10, "cursor": body["next_cursor"]}

    assert [len(page) for page in pages] == [10, 10, 5]
    assert cursors[-1] is None
    assert all(cursors[:-1])
    seen = [work_id for page in pages for work_id in page]
    assert len(set(seen)) == 25
    assert set(seen) == set(created)
    # Newest first: ids are time-ordered, and listings order by id, newest first.
    assert seen == sorted(created, key=UUID, reverse=True)
    # The ids' timestamp (their first 48 bits, in milliseconds) follows creation order.
    millis = [UUID(work_id).int >> 80 for work_id in seen]
    assert millis == [UUID(work_id).int >> 80 for work_id in reversed(created)]


async def test_a_page_boundary_on_the_last_item_ends_with_an_empty_page(
    client: AsyncTestClient[Litestar],
) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    for _ in range(2):
        work = await create_work(client, headers, creator["id"])
        await publish(client, headers, work["id"])

    first = (await client.get("/api/works", params={"limit": 2})).json()
    assert len(first["items"]) == 2
    assert first["next_cursor"] is not None
    last = (
        await client.get("/api/works", params={"limit": 2, "cursor": first["next_cursor"]})
    ).json()
    assert last == {"items": [], "next_cursor": None}

    bad = await client.get("/api/works", params={"cursor": "!!!"})
    assert bad.status_code == 422
    assert error_code(bad) == "invalid_cursor"


# ---------------------------------------------------------------------------------------------
# Visibility


async def test_unlisted_work_is_readable_by_its_link_but_not_listed(
    client: AsyncTestClient[Litestar],
) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"], visibility="unlisted")
    await publish(client, headers, work["id"])
    other = await sign_up_and_log_in(client, role="audience")

    for viewer in ({}, other):
        response = await client.get(f"/api/works/{work['id']}", headers=viewer)
        assert response.status_code == 200, response.text
        assert response.json()["visibility"] == "unlisted"
        assert await listed(client, viewer) == []
        assert await listed(client, viewer, creator_id=creator["id"]) == []
    assert await listed(client, headers) == [work["id"]]  # the owner sees it in their list


async def test_private_work_is_hidden_from_others_but_not_owner_or_staff(
    client: AsyncTestClient[Litestar], container: Container
) -> None:
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, owner)
    work = await create_work(client, owner, creator["id"], visibility="private")
    await publish(client, owner, work["id"])
    url = f"/api/works/{work['id']}"
    stranger = await sign_up_and_log_in(client)
    staff = await staff_headers(client, container)

    for viewer in ({}, stranger):
        response = await client.get(url, headers=viewer)
        assert response.status_code == 404, response.text
        assert error_code(response) == "not_found"
        assert await listed(client, viewer) == []
    # Changing it answers as if it did not exist, too.
    patched = await client.patch(url, json={"year": 2000}, headers=stranger)
    assert patched.status_code == 404

    for viewer in (owner, staff):
        response = await client.get(url, headers=viewer)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "published"
    assert await listed(client, staff) == [work["id"]]


async def test_someone_elses_published_work_cannot_be_changed(
    client: AsyncTestClient[Litestar],
) -> None:
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, owner)
    work = await create_work(client, owner, creator["id"])
    await publish(client, owner, work["id"])
    other = await sign_up_and_log_in(client)
    url = f"/api/works/{work['id']}"

    patched = await client.patch(url, json={"titles": {"fr": "Volé"}}, headers=other)
    assert patched.status_code == 403
    assert error_code(patched) == "not_owner"
    withdrawn = await client.post(f"{url}/withdraw", headers=other)
    assert withdrawn.status_code == 403
    assert (await client.get(url)).json()["titles"] == work["titles"]
    assert await listed(client) == [work["id"]]

    foreign = await client.post(
        "/api/works",
        json={"creator_id": creator["id"], "titles": {"fr": "Intrus"}, "discipline": "music"},
        headers=other,
    )
    assert foreign.status_code == 404
    assert await outbox_types(work["id"]) == ["work.created", "work.published"]


async def test_withdraw_removes_from_listing(
    client: AsyncTestClient[Litestar], container: Container
) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    kept = await create_work(client, headers, creator["id"])
    gone = await create_work(client, headers, creator["id"])
    for work in (kept, gone):
        await publish(client, headers, work["id"])
    assert set(await listed(client)) == {kept["id"], gone["id"]}

    withdrawn = await withdraw(client, headers, gone["id"], "nouvelle version")
    assert withdrawn["status"] == "withdrawn"

    assert await listed(client) == [kept["id"]]
    assert (await client.get(f"/api/works/{gone['id']}")).status_code == 404
    assert await listed(client, headers, status="withdrawn") == [gone["id"]]

    # The owner may publish it again after their own withdrawal.
    await publish(client, headers, gone["id"])
    assert set(await listed(client)) == {kept["id"], gone["id"]}


async def test_withdrawing_a_draft_is_a_conflict(client: AsyncTestClient[Litestar]) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    response = await client.post(f"/api/works/{work['id']}/withdraw", headers=headers)
    assert response.status_code == 409
    assert error_code(response) == "not_published"


async def test_staff_moderation_holds_a_work(
    client: AsyncTestClient[Litestar], container: Container
) -> None:
    owner = await sign_up_and_log_in(client)
    staff = await staff_headers(client, container)
    creator = await create_creator(client, owner)
    work = await create_work(client, owner, creator["id"])
    await publish(client, owner, work["id"])
    url = f"/api/works/{work['id']}"

    staff_patch = await client.patch(url, json={"titles": {"fr": "Titre modéré"}}, headers=staff)
    assert staff_patch.status_code == 200, staff_patch.text
    await withdraw(client, staff, work["id"], "signalement")
    assert await listed(client) == []

    republish = await client.post(f"{url}/publish", headers=owner)
    assert republish.status_code == 403
    assert error_code(republish) == "moderation_hold"
    edit = await client.patch(url, json={"year": 2001}, headers=owner)
    assert edit.status_code == 403
    assert error_code(edit) == "moderation_hold"

    staff_fix = await client.patch(url, json={"descriptions": {}}, headers=staff)
    assert staff_fix.status_code == 200, staff_fix.text
    assert staff_fix.json()["status"] == "withdrawn"

    await publish(client, staff, work["id"])
    assert await listed(client) == [work["id"]]
    assert (await client.get(url)).json()["titles"] == {"fr": "Titre modéré"}
    assert await outbox_types(work["id"]) == [
        "work.created",
        "work.published",
        "work.updated",
        "work.withdrawn",
        "work.updated",
        "work.published",
    ]


async def test_staff_can_hold_a_work_its_owner_withdrew(
    client: AsyncTestClient[Litestar], container: Container
) -> None:
    owner = await sign_up_and_log_in(client)
    staff = await staff_headers(client, container)
    creator = await create_creator(client, owner)
    work = await create_work(client, owner, creator["id"])
    await publish(client, owner, work["id"])
    await withdraw(client, owner, work["id"])

    await withdraw(client, staff, work["id"], "signalement")

    republish = await client.post(f"/api/works/{work['id']}/publish", headers=owner)
    assert republish.status_code == 403
    assert error_code(republish) == "moderation_hold"
    assert await listed(client) == []


# ---------------------------------------------------------------------------------------------
# Creator profiles


async def test_creator_profile_patch_only_by_owner_with_bios_per_language(
    client: AsyncTestClient[Litestar], container: Container
) -> None:
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(
        client,
        owner,
        bios={"fr": "Chanteuse de bèlè", "gcf-MQ": "Chantè bèlè", "en": "Bèlè singer"},
        links=["https://lena.example/"],
    )
    assert creator["bios"] == {
        "fr": "Chanteuse de bèlè",
        "gcf-MQ": "Chantè bèlè",
        "en": "Bèlè singer",
    }
    url = f"/api/creators/{creator['id']}"
    fetched = await client.get(url)
    assert fetched.status_code == 200
    assert fetched.json() == creator

    change = {"name": "Léna T.", "bios": {"fr": "Chanteuse", "acf": "Chantè", "es": "Cantante"}}
    for intruder in (
        await sign_up_and_log_in(client),
        await sign_up_and_log_in(client, role="audience"),
    ):
        response = await client.patch(url, json=change, headers=intruder)
        assert response.status_code == 403, response.text
        assert error_code(response) == "not_owner"
    assert (await client.patch(url, json=change)).status_code == 401
    assert (await client.get(url)).json() == creator

    # PATCH is partial: what the body leaves out (kind, commune, links) is kept.
    updated = await client.patch(url, json=change, headers=owner)
    assert updated.status_code == 200, updated.text
    body = (await client.get(url)).json()
    assert body == updated.json()
    assert body["name"] == "Léna T."
    assert body["bios"] == {"fr": "Chanteuse", "gcf-MQ": "Chantè", "es": "Cantante"}
    assert body["kind"] == "person"
    assert body["links"] == ["https://lena.example/"]
    assert body["commune"] == creator["commune"]

    empty = await client.patch(url, json={}, headers=owner)
    assert empty.status_code == 422
    assert error_code(empty) == "empty_update"
    unknown = await client.patch(url, json={"bio": {"fr": "typo"}}, headers=owner)
    assert unknown.status_code == 400
    blank = await client.patch(url, json={"name": "  "}, headers=owner)
    assert blank.status_code == 422
    assert error_code(blank) == "invalid_name"
    assert (await client.get(url)).json() == body

    staff = await staff_headers(client, container)
    moderated = await client.patch(url, json={"bios": {}, "commune": None}, headers=staff)
    assert moderated.status_code == 200, moderated.text
    assert moderated.json()["bios"] == {}
    assert moderated.json()["commune"] is None
    assert moderated.json()["name"] == "Léna T."
    assert await outbox_types(creator["id"]) == [
        "creator.created",
        "creator.updated",
        "creator.updated",
    ]


async def test_creator_profile_bad_input(client: AsyncTestClient[Litestar]) -> None:
    headers = await sign_up_and_log_in(client)
    audience = await sign_up_and_log_in(client, role="audience")
    denied = await client.post(
        "/api/creators", json={"kind": "person", "name": "Public"}, headers=audience
    )
    assert denied.status_code == 403
    assert error_code(denied) == "not_a_creator"

    for body, code in [
        ({"kind": "person", "name": "L", "links": ["javascript:alert(1)"]}, "invalid_link"),
        ({"kind": "person", "name": "   "}, "invalid_name"),
        ({"kind": "person", "name": "L", "bios": {"ht": "Bonjou"}}, "invalid_localised_text"),
    ]:
        response = await client.post("/api/creators", json=body, headers=headers)
        assert response.status_code == 422, response.text
        assert error_code(response) == code
    listing = await client.get("/api/creators")
    assert listing.json()["items"] == []


# ---------------------------------------------------------------------------------------------
# Events


async def test_each_state_change_leaves_one_outbox_row(client: AsyncTestClient[Litestar]) -> None:
    headers = await sign_up_and_log_in(client)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    await client.patch(f"/api/works/{work['id']}", json={"year": 2020}, headers=headers)
    await publish(client, headers, work["id"])
    await publish(client, headers, work["id"])  # no-op: no row
    await withdraw(client, headers, work["id"])
    await client.post(f"/api/works/{work['id']}/withdraw", headers=headers)  # no-op: no row
    refused = await client.patch(
        f"/api/works/{work['id']}", json={"identifiers": {"isrc": "x"}}, headers=headers
    )
    assert refused.status_code == 422  # refused: no row

    assert await outbox_types(work["id"]) == [
        "work.created",
        "work.updated",
        "work.published",
        "work.withdrawn",
    ]
    rows = await OutboxMessage.select(OutboxMessage.payload).where(
        OutboxMessage.aggregate_id == UUID(work["id"])
    )
    for row in rows:
        payload = row["payload"]
        if isinstance(payload, str):
            payload = json.loads(payload)
        assert payload["work_id"] == work["id"]
        assert payload["creator_id"] == creator["id"]
