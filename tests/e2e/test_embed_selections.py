"""Selections as embeds: a creator's catalogue and a market's selection list their public
works only, and a listener picks one to play."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from tests.e2e.test_markets_api import creator_stand, market_body, open_market, organiser
from tests.embed_helpers import ready_audio, tone_m4a
from tests.helpers import create_work
from tests.organisation_helpers import ensure_notifier

ITEM = re.compile(r'data-embed-item="(/embed/works/[^"]+/player)"')


@pytest.fixture(scope="module")
def audio(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return tone_m4a(tmp_path_factory.mktemp("selections"))


async def _works(
    client: AsyncTestClient[Any],
    container: Container,
    headers: dict[str, str],
    creator_id: str,
    audio: bytes,
) -> dict[str, str]:
    """Three published works of the creator, by visibility, the public one with audio."""
    made = {}
    for visibility in ("public", "unlisted", "private"):
        work = await create_work(
            client, headers, creator_id, titles={"fr": f"Kont {visibility}"}, visibility=visibility
        )
        if visibility == "public":
            await ready_audio(container, work["id"], audio)
        published = await client.post(f"/api/works/{work['id']}/publish", headers=headers)
        assert published.status_code == 200, published.text
        made[visibility] = str(work["id"])
    return made


async def test_a_market_selection_and_a_creator_catalogue_list_their_public_works(
    client: AsyncTestClient[Any], container: Container, audio: bytes
) -> None:
    ensure_notifier(container)
    team = await organiser(client, container)
    market = await open_market(client, team)
    headers, creator, stand = await creator_stand(client, team, market["id"])
    works = await _works(client, container, headers, creator["id"], audio)
    chosen = await client.put(
        f"/api/stands/{stand['id']}/works", json={"work_ids": list(works.values())}, headers=headers
    )
    assert chosen.status_code == 200, chosen.text
    public = container.settings.http.public_url.rstrip("/")

    for path in (f"/embed/markets/{market['slug']}", f"/embed/creators/{creator['id']}"):
        page = await client.get(path)
        assert page.status_code == 200, path
        assert ITEM.findall(page.text) == [f"/embed/works/{works['public']}/player"], path
        assert 'data-mode="preview"' in page.text
        picked = await client.get(ITEM.findall(page.text)[0])
        assert picked.status_code == 200
        assert picked.json()["player"]["src"].endswith("/preview.m4a")
        assert picked.json()["title"] == "Kont public"

    # The unlisted work embeds alone (its link is enough to see it), never in a list.
    assert (await client.get(f"/embed/works/{works['unlisted']}")).status_code == 200
    assert (await client.get(f"/embed/works/{works['private']}")).status_code == 404

    for page_path in (f"/marches/{market['slug']}", f"/createurs/{creator['id']}"):
        page = await client.get(page_path)
        assert 'type="application/json+oembed"' in page.text, page_path
        answer = await client.get("/oembed", params={"url": public + page_path})
        assert answer.status_code == 200, answer.text
        assert (answer.json()["width"], answer.json()["height"]) == (480, 420)

    draft = await client.post("/api/markets", json=market_body(), headers=team)
    assert draft.status_code == 201, draft.text
    slug = draft.json()["slug"]
    assert (await client.get(f"/embed/markets/{slug}")).status_code == 404
    hidden = await client.get("/oembed", params={"url": f"{public}/marches/{slug}"})
    assert hidden.status_code == 404
