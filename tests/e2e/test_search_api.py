"""Search over HTTP: audiences and export partners find works by words, misspellings and
facets; publication, edits and withdrawal reach the index through the relay and the worker;
bad input is a 4xx or a normal empty result, never a 500 and never a private work."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import pytest
from dramatiq import Worker
from dramatiq.brokers.redis import RedisBroker
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.helpers import create_creator, create_work, sign_up_and_log_in
from tests.organisation_helpers import verified_organisation
from workers.broker import QUEUE
from workers.runtime import make_relay


async def _deliver(broker: RedisBroker, worker: Worker, rounds: int = 4) -> None:
    """Relay the outbox and let the worker drain the queue, until nothing is left."""
    relay = make_relay(broker)
    for _ in range(rounds):
        if not await relay.drain():
            return
        await asyncio.to_thread(lambda: broker.join(QUEUE, timeout=30_000))
        await asyncio.to_thread(worker.join)


async def _search(
    client: AsyncTestClient, headers: dict[str, str] | None = None, **params: Any
) -> Any:
    response = await client.get(f"/api/search?{urlencode(params, doseq=True)}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def _ids(body: dict[str, Any]) -> set[str]:
    return {item["id"] for item in body["items"]}


async def _catalogue(client: AsyncTestClient) -> tuple[dict[str, str], dict[str, str], str]:
    """A creator with listed works, plus an unlisted, a private and a draft one."""
    headers = await sign_up_and_log_in(client, "creator")
    creator = await create_creator(client, headers, name="Léna Tanbouyé", commune="Le Marigot")
    specs = {
        "lune": {
            "titles": {"fr": "Bèlè de la Lune", "gcf-MQ": "Bèlè lalin"},
            "languages": ["gcf", "fr"],
            "year": 2019,
        },
        "kont": {
            "titles": {"fr": "Contes créoles", "gcf-MQ": "Kont kréyòl"},
            "discipline": "heritage",
            "languages": ["gcf-MQ"],
            "year": 1998,
        },
        "film": {
            "titles": {"en": "The Fishermen of Le Robert"},
            "discipline": "film",
            "languages": ["en"],
            "duration_s": 5400,
            "credits": [{"name": "Élodie Sainte-Rose", "role": "director"}],
        },
        "unlisted": {"titles": {"fr": "Mazurka secrète"}, "visibility": "unlisted"},
        "private": {"titles": {"fr": "Mazurka privée"}, "visibility": "private"},
        "draft": {"titles": {"fr": "Mazurka brouillon"}},
    }
    works = {}
    for name, spec in specs.items():
        work = await create_work(client, headers, creator["id"], **spec)
        works[name] = work["id"]
        if name != "draft":
            published = await client.post(f"/api/works/{work['id']}/publish", headers=headers)
            assert published.status_code == 200, published.text
    return headers, works, creator["id"]


async def test_audience_and_partner_find_works_and_follow_changes(
    client: AsyncTestClient, container: Container, broker: RedisBroker, worker: Worker
) -> None:
    creator, works, creator_id = await _catalogue(client)
    await _deliver(broker, worker)

    # Words, accents, Creole spellings, misspellings, other languages.
    assert _ids(await _search(client, q="bèlè")) == {works["lune"]}
    assert _ids(await _search(client, q="bele lalinn")) == {works["lune"]}
    # "kreol" finds the Creole title, and the work sung in Creole through its language.
    assert _ids(await _search(client, q="kreol")) == {works["kont"], works["lune"]}
    assert _ids(await _search(client, q="kont kreol")) == {works["kont"]}
    assert _ids(await _search(client, q="fishermen robert")) == {works["film"]}
    assert _ids(await _search(client, q="Sainte Rose")) == {works["film"]}
    assert _ids(await _search(client, q="tanbouye")) == {
        works["lune"],
        works["kont"],
        works["film"],
    }

    # Facets with counts, and filters built from them.
    everything = await _search(client)
    assert everything["total"] == 3
    assert everything["facets"]["discipline"] == {"music": 1, "heritage": 1, "film": 1}
    assert everything["facets"]["commune"] == {"Le Marigot": 3}
    assert everything["stats"]["year"] == {"min": 1998, "max": 2019}
    assert everything["view"] == "audience"
    assert "territories" not in everything["items"][0]
    assert _ids(await _search(client, discipline=["music", "film"])) == {
        works["lune"],
        works["film"],
    }
    assert _ids(await _search(client, language="gcf")) == {works["lune"], works["kont"]}
    assert _ids(await _search(client, year_min=2000, commune="le marigot")) == {works["lune"]}
    assert _ids(await _search(client, duration_min=3600)) == {works["film"]}
    assert _ids(await _search(client, has_preview="true")) == set()

    # Unlisted, private and draft works are never found.
    assert (await _search(client, q="mazurka"))["total"] == 0
    suggestions = await client.get("/api/search/suggest?q=bè")
    assert suggestions.status_code == 200
    assert [item["id"] for item in suggestions.json()["items"]] == [works["lune"]]

    # The partner view: rights fields and rights filters, for people acting as a verified
    # export partner; the same person without the organisation header gets the audience's.
    person = await sign_up_and_log_in(client, "audience")
    assert (await _search(client, person, q="bele"))["view"] == "audience"
    partner = await verified_organisation(client, container, person)
    seen = await _search(client, partner, q="bele")
    assert seen["view"] == "partner"
    assert seen["items"][0]["territories"] == []
    assert seen["items"][0]["licence_types"] == []
    assert "territory" in seen["facets"]
    assert (await _search(client, partner, territory="CA"))["total"] == 0
    refused = await client.get("/api/search?territory=CA")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "partner_only"

    # An edit, a withdrawal and a change of visibility reach the index through the worker.
    renamed = await client.patch(
        f"/api/works/{works['kont']}", json={"titles": {"fr": "Contes du lakou"}}, headers=creator
    )
    assert renamed.status_code == 200, renamed.text
    withdrawn = await client.post(f"/api/works/{works['lune']}/withdraw", headers=creator)
    assert withdrawn.status_code == 200, withdrawn.text
    hidden = await client.patch(
        f"/api/works/{works['film']}", json={"visibility": "private"}, headers=creator
    )
    assert hidden.status_code == 200, hidden.text
    await _deliver(broker, worker)
    assert (await _search(client, q="bele lalin"))["total"] == 0
    assert (await _search(client, q="fishermen"))["total"] == 0
    assert _ids(await _search(client, q="lakou")) == {works["kont"]}
    assert _ids(await _search(client)) == {works["kont"]}

    # Publishing again brings it back; a new creator name reaches every work.
    republished = await client.post(f"/api/works/{works['lune']}/publish", headers=creator)
    assert republished.status_code == 200
    renamed_creator = await client.patch(
        f"/api/creators/{creator_id}", json={"name": "Léna Kalinago"}, headers=creator
    )
    assert renamed_creator.status_code == 200, renamed_creator.text
    await _deliver(broker, worker)
    assert _ids(await _search(client, q="lalin")) == {works["lune"]}
    assert _ids(await _search(client, q="kalinago")) == {works["lune"], works["kont"]}
    assert (await _search(client, q="tanbouye"))["total"] == 0


BAD_INPUT: list[tuple[str, int, str | None]] = [
    ("q=" + "x" * 10_000, 422, "query_too_long"),
    ("q=%00", 422, "invalid_query"),
    ("colour=red", 422, "unknown_facet"),
    ("filter=discipline%20%3D%20music", 422, "unknown_facet"),
    ("discipline=sculpture", 422, "invalid_facet_value"),
    ("language=klingon", 422, "invalid_facet_value"),
    ("availability=rent", 422, "invalid_facet_value"),
    ("has_preview=perhaps", 422, "invalid_facet_value"),
    ("year_min=2020&year_max=1990", 422, "inverted_range"),
    ("duration_min=9000&duration_max=10", 422, "inverted_range"),
    ("price_min=500&price_max=5", 422, "inverted_range"),
    ("year_min=1e3", 422, "invalid_number"),
    ("price_min=-1", 422, "invalid_range"),
    ("year_min=99999999999999999999", 422, "invalid_number"),
    ("page_size=0", 422, "invalid_page_size"),
    ("page_size=1000000", 422, "invalid_page_size"),
    ("page=0", 422, "invalid_page"),
    ("page=100000&page_size=50", 422, "invalid_page"),
    ("sort=title", 422, "invalid_sort"),
    ("sort=newest&sort=price_asc", 422, "repeated_parameter"),
    ("territory=FR", 403, "partner_only"),
    ("q=", 200, None),
    ("q=%20%20%20", 200, None),
    ("q=title%3A*%20OR%201%3D1", 200, None),
    ("q=" + "discipline%20%3D%20%22music%22%20OR%20id%20EXISTS", 200, None),
    ("q=id%3A*%20AND%20NOT%20status%3Apublished", 200, None),
    ("q=mazurka%22%20OR%20%22%22%3D%22", 200, None),
    ("q=%5B*%20TO%20*%5D%20%7B%7D%20~%20%5E%20%5C", 200, None),
    ("q=%F0%9F%8E%B6%E2%80%AE", 200, None),
    ("q=mazurka&discipline=music&commune=%22%20OR%20%221%22%3D%221", 200, None),
    ("commune=" + "x" * 100, 200, None),
    ("q=a&page=20&page_size=50", 200, None),
]


@pytest.mark.parametrize(("query", "status", "code"), BAD_INPUT, ids=[b[0][:40] for b in BAD_INPUT])
async def test_bad_input_is_a_4xx_or_an_empty_result(
    client: AsyncTestClient, container: Container, query: str, status: int, code: str | None
) -> None:
    response = await client.get(f"/api/search?{query}")
    assert response.status_code == status, response.text
    if code is not None:
        error = response.json()["error"]
        assert error["code"] == code
        assert error["request_id"]
    else:
        assert response.json()["items"] == []


async def test_injection_never_leaks_private_works(
    client: AsyncTestClient, container: Container
) -> None:
    _, works, _ = await _catalogue(client)
    for work_id in works.values():  # what the worker would do, without it
        await container.indexing.refresh(UUID(work_id))
    hidden = {works["unlisted"], works["private"], works["draft"]}
    for text in (
        "mazurka",
        "title:* OR 1=1",
        "mazurka OR visibility:private",
        'status = "draft" OR visibility = "private"',
        "*",
        "",
    ):
        for params in ({"q": text}, {"q": text, "sort": "newest"}, {"q": text, "page_size": 50}):
            found = _ids(await _search(client, **params))
            assert not found & hidden, (params, found)
    partner = await verified_organisation(
        client, container, await sign_up_and_log_in(client, "audience")
    )
    assert not _ids(await _search(client, partner, q="mazurka", page_size=50)) & hidden


async def test_suggest_bad_input(client: AsyncTestClient) -> None:
    for query, status, code in (
        ("q=" + "x" * 10_000, 422, "query_too_long"),
        ("q=b&limit=0", 422, "invalid_limit"),
        ("q=b&limit=1000000", 422, "invalid_limit"),
        ("q=b&limit=ten", 422, "invalid_limit"),
        ("q=b&page=2", 422, "unknown_parameter"),
    ):
        response = await client.get(f"/api/search/suggest?{query}")
        assert response.status_code == status, (query, response.text)
        assert response.json()["error"]["code"] == code
    for query in ("", "q=", "q=%3A%3A", "q=title%3A*"):
        response = await client.get(f"/api/search/suggest?{query}")
        assert response.status_code == 200, (query, response.text)
        assert response.json() == {"items": []}


RIGHTS_FILTERS = {
    "fr": "Les filtres de droits sont réservés aux partenaires export.",
    "en": "Rights filters are for export partners.",
    "es": "Los filtros de derechos son solo para socios de exportación.",
    "gcf-MQ": "Filt dwa-a sé pou patnè ekspò sèlman.",
}
SORT_BY = {"fr": "Trier par", "en": "Sort by", "es": "Ordenar por", "gcf-MQ": "Ranjé dapré"}


@pytest.mark.parametrize("language", list(RIGHTS_FILTERS))
async def test_errors_and_the_page_speak_the_asked_language(
    client: AsyncTestClient, container: Container, language: str
) -> None:
    headers = {"Accept-Language": language}
    refused = await client.get("/api/search?territory=FR", headers=headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "partner_only")
    assert refused.json()["error"]["message"] == RIGHTS_FILTERS[language]

    unknown = await client.get("/api/search?colour=red", headers=headers)
    assert unknown.json()["error"]["code"] == "unknown_facet"
    assert "'colour'" in unknown.json()["error"]["message"]

    page = await client.get("/recherche?sort=title", headers=headers)
    assert page.status_code == 200
    assert f'<html lang="{language}">' in page.text
    assert SORT_BY[language] in page.text
    assert 'role="alert"' in page.text
