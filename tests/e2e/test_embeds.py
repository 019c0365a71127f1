"""Embeds: a public work's player framed by other sites, with the main player's preview/full
rule, its plays reported as coming from an embed, and only the embed pages framable."""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from media.plays.tables import PlayRow
from tests.embed_helpers import ready_audio, tone_m4a
from tests.helpers import create_creator, create_work, page_log_in, sign_up_and_log_in

FESTIVAL = "https://festival.example"
MEDIA_SRC = re.compile(r'<audio[^>]*src="(/media/[^"]+)"')


@pytest.fixture(scope="module")
def audio(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return tone_m4a(tmp_path_factory.mktemp("embeds"))


async def _track(
    client: AsyncTestClient[Any], container: Container, audio: bytes, **extra: Any
) -> tuple[dict[str, str], dict[str, Any], str]:
    """A creator's headers, profile and one work of theirs with ready audio (published unless
    `publish=False`)."""
    publish = extra.pop("publish", True)
    email = f"embed{id(extra)}-{len(audio)}@example.test"
    headers = await sign_up_and_log_in(client, email=email)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"], **extra)
    await ready_audio(container, work["id"], audio)
    if publish:
        published = await client.post(f"/api/works/{work['id']}/publish", headers=headers)
        assert published.status_code == 200, published.text
    return headers, creator, str(work["id"])


def _frame_ancestors(response: Any) -> str:
    found = re.search(r"frame-ancestors ([^;]+)", response.headers["content-security-policy"])
    assert found
    return found.group(1).strip()


async def _plays() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await PlayRow.select(PlayRow.source, PlayRow.referrer)
    return rows


async def test_a_public_track_embeds_its_preview_framable_without_cookies(
    client: AsyncTestClient[Any], container: Container, audio: bytes
) -> None:
    _, _, work_id = await _track(client, container, audio, titles={"fr": "<b>Bèlè</b> lalin"})
    page = await client.get(
        f"/embed/works/{work_id}?lang=en", headers={"referer": f"{FESTIVAL}/programme?day=2"}
    )
    assert page.status_code == 200
    assert _frame_ancestors(page) == "*"
    assert "x-frame-options" not in page.headers
    assert "set-cookie" not in page.headers  # neither the language nor a CSRF token
    assert page.headers["content-language"] == "en"
    assert 'data-mode="preview"' in page.text
    assert f'data-referrer="{FESTIVAL}"' in page.text
    assert "&lt;b&gt;Bèlè&lt;/b&gt; lalin" in page.text  # the creator's text stays text
    assert ">Preview<" in page.text
    src = MEDIA_SRC.search(page.text)
    assert src
    assert src.group(1).endswith("/preview.m4a")
    # Light for a slow mobile connection: the page, one style sheet and two small scripts (the
    # embed's, and the play protocol's client shared with the work page's player).
    assets = sorted(re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text))
    assert assets == [
        "/static/embeds/embed.css",
        "/static/embeds/embed.js",
        "/static/media/plays.js",
    ]
    weight = len(page.content) + sum([len((await client.get(a)).content) for a in assets])
    assert weight < 16_000
    played = await client.get(src.group(1))
    assert played.status_code == 200
    assert played.content == audio

    # Every other page, the work's own included, still refuses to be framed.
    for path in (f"/oeuvres/{work_id}", "/", "/embed/nothing-here"):
        other = await client.get(path)
        assert _frame_ancestors(other) == "'none'", path
        assert other.headers["x-frame-options"] == "DENY", path


async def test_the_owner_signed_in_on_the_same_site_plays_the_whole_work(
    client: AsyncTestClient[Any], container: Container, audio: bytes
) -> None:
    email = "embed-owner@example.test"
    headers = await sign_up_and_log_in(client, email=email)
    creator = await create_creator(client, headers)
    work = await create_work(client, headers, creator["id"])
    await ready_audio(container, work["id"], audio)
    await client.post(f"/api/works/{work['id']}/publish", headers=headers)
    await page_log_in(client, email)
    page = await client.get(f"/embed/works/{work['id']}")
    assert 'data-mode="full"' in page.text
    src = MEDIA_SRC.search(page.text)
    assert src
    assert src.group(1).endswith("/audio.m4a")


async def test_what_is_not_public_is_not_embedded(
    client: AsyncTestClient[Any], container: Container, audio: bytes
) -> None:
    private_owner, _, private = await _track(client, container, audio, visibility="private")
    _, _, draft = await _track(client, container, audio, publish=False)
    withdrawer, _, withdrawn = await _track(client, container, audio)
    pulled = await client.post(f"/api/works/{withdrawn}/withdraw", headers=withdrawer, json={})
    assert pulled.status_code == 200, pulled.text
    for work_id in (private, draft, withdrawn, "0190c5c5-0000-7000-8000-000000000000"):
        page = await client.get(f"/embed/works/{work_id}")
        assert page.status_code == 404, work_id
        assert "data-embed-unavailable" in page.text  # a note inside the frame, not a refusal
        assert _frame_ancestors(page) == "*"
        assert (await client.get(f"/embed/works/{work_id}/player")).status_code == 404
    # Its owner is no exception: an embed shows what anyone may see.
    own = await client.get(f"/embed/works/{private}", headers=private_owner)
    assert own.status_code == 404


async def test_oembed_discovery_and_its_bad_input(
    client: AsyncTestClient[Any], container: Container, audio: bytes
) -> None:
    _, creator, work_id = await _track(client, container, audio)
    public = container.settings.http.public_url.rstrip("/")
    work_page = await client.get(f"/oeuvres/{work_id}")
    link = re.search(
        r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', work_page.text
    )
    assert link
    href = link.group(1).replace("&amp;", "&")
    assert href.startswith(f"{public}/oembed?")
    answer = await client.get(href.removeprefix(public))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["version"], body["type"], body["provider_name"]) == ("1.0", "rich", "Lakou")
    assert (body["width"], body["height"]) == (480, 176)
    assert f'src="{public}/embed/works/{work_id}"' in body["html"]
    assert body["author_url"] == f"{public}/createurs/{creator['id']}"

    url = f"{public}/oeuvres/{work_id}"
    small = (await client.get("/oembed", params={"url": url, "maxwidth": "240"})).json()
    assert (small["width"], small["height"]) == (240, 88)
    huge = {"url": url, "maxwidth": "1000000000", "maxheight": "1000000000"}
    assert (await client.get("/oembed", params=huge)).json()["width"] == 480
    for size in ("0", "-5", "abc", "1.5"):
        bad = await client.get("/oembed", params={"url": url, "maxheight": size})
        assert bad.status_code == 400, size
        assert bad.json()["error"]["code"] == "invalid_size"
    xml = await client.get("/oembed", params={"url": url, "format": "xml"})
    assert xml.status_code == 501
    assert xml.json()["error"]["code"] == "format_not_implemented"
    _, _, private = await _track(client, container, audio, visibility="private")
    for elsewhere in (
        f"https://elsewhere.example/oeuvres/{work_id}",
        f"{public}/oeuvres/{private}",
        f"{public}/connexion",
        "javascript:alert(1)",
    ):
        missing = await client.get("/oembed", params={"url": elsewhere})
        assert missing.status_code == 404, elsewhere
        assert missing.json()["error"]["code"] == "not_found"


async def test_plays_from_an_embed_name_it_and_its_site(
    client: AsyncTestClient[Any], container: Container, audio: bytes
) -> None:
    _, _, work_id = await _track(client, container, audio)
    page = await client.get(f"/embed/works/{work_id}", headers={"referer": f"{FESTIVAL}/"})
    src = MEDIA_SRC.search(page.text)
    assert src
    token = src.group(1).split("/")[2]
    for bad in (
        {"source": "embed", "referrer": "javascript:alert(1)"},
        {"source": "elsewhere"},
        {"source": "embed", "referrer": FESTIVAL + "/path"},
    ):
        refused = await client.post("/api/plays", json={"token": token, **bad})
        assert refused.status_code == 400, bad
    assert await _plays() == []
    opened = await client.post(
        "/api/plays", json={"token": token, "source": "embed", "referrer": FESTIVAL}
    )
    assert opened.status_code == 201, opened.text
    # An embed gets no cookie: it lives in another site's page.
    assert "lakou_listener" not in opened.headers.get("set-cookie", "")
    assert await _plays() == [{"source": "embed", "referrer": FESTIVAL}]
