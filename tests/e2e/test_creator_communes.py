"""A creator's commune over the API: an INSEE code from accounts.territory beside the text."""

from __future__ import annotations

from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.helpers import create_creator, create_work, deliver_events, sign_up_and_log_in


async def test_a_code_is_accepted_and_named(client: AsyncTestClient[Litestar]) -> None:
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, owner, commune=None, commune_code="97229")
    assert creator["commune_code"] == "97229"
    assert creator["commune_name"] == "Schœlcher"
    assert creator["commune"] == "Schœlcher"
    fetched = (await client.get(f"/api/creators/{creator['id']}")).json()
    assert fetched == creator


async def test_text_alone_gets_its_code_when_it_names_a_commune(
    client: AsyncTestClient[Litestar],
) -> None:
    owner = await sign_up_and_log_in(client)
    creator = await create_creator(client, owner, commune="fort de france")
    assert creator["commune"] == "fort de france"
    assert creator["commune_code"] == "97209"
    assert creator["commune_name"] == "Fort-de-France"

    elsewhere = await create_creator(client, owner, commune="Paris")
    assert elsewhere["commune"] == "Paris"
    assert elsewhere["commune_code"] is None
    assert elsewhere["commune_name"] is None

    url = f"/api/creators/{creator['id']}"
    moved = await client.patch(url, json={"commune": "Trinité"}, headers=owner)
    assert moved.status_code == 200, moved.text
    assert (moved.json()["commune"], moved.json()["commune_code"]) == ("Trinité", "97230")
    coded = await client.patch(url, json={"commune_code": "97213"}, headers=owner)
    assert (coded.json()["commune"], coded.json()["commune_name"]) == ("Le Lamentin", "Le Lamentin")
    away = await client.patch(url, json={"commune": "Montréal"}, headers=owner)
    assert (away.json()["commune"], away.json()["commune_code"]) == ("Montréal", None)


async def test_an_unknown_code_is_refused(client: AsyncTestClient[Litestar]) -> None:
    owner = await sign_up_and_log_in(client)
    for code in ("75056", "97299", "abc"):
        response = await client.post(
            "/api/creators",
            json={"kind": "person", "name": "Ti Jo", "commune_code": code},
            headers=owner,
        )
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == "unknown_commune_code"
        assert code in response.json()["error"]["message"]
    creator = await create_creator(client, owner)
    response = await client.patch(
        f"/api/creators/{creator['id']}", json={"commune_code": "97299"}, headers=owner
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_commune_code"
    english = await client.post(
        "/api/creators?lang=en",
        json={"kind": "person", "name": "Ti Jo", "commune_code": "97299"},
        headers=owner,
    )
    assert "INSEE code of a town in Martinique" in english.json()["error"]["message"]


async def test_pages_and_search_name_the_commune_as_the_registry_does(
    client: AsyncTestClient[Litestar], worker: Worker, broker: RedisBroker
) -> None:
    """Two spellings of one commune show, and facet, as one name; other places as typed."""
    owner = await sign_up_and_log_in(client)
    for spelling in ("fort de france", "FORT-DE-FRANCE"):
        creator = await create_creator(client, owner, commune=spelling)
        page = await client.get(f"/createurs/{creator['id']}")
        assert "Fort-de-France" in page.text
        assert spelling not in page.text
        work = await create_work(client, owner, creator["id"])
        assert (await client.post(f"/api/works/{work['id']}/publish", headers=owner)).is_success
    away = await create_creator(client, owner, commune="Montréal")
    assert "Montréal" in (await client.get(f"/createurs/{away['id']}")).text
    await deliver_events(broker, worker)
    found = await client.get("/api/search")
    assert found.status_code == 200, found.text
    assert found.json()["facets"]["commune"] == {"Fort-de-France": 2}
