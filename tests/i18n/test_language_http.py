"""Every page and API error speaks the language the request asked for; bad language input is
ignored, never an error."""

from __future__ import annotations

import uuid

import pytest
from litestar.testing import AsyncTestClient

MISSING_WORK = f"/api/works/{uuid.uuid4()}"


async def test_an_api_error_message_follows_accept_language_and_its_code_does_not(
    client: AsyncTestClient,
) -> None:
    messages = {}
    for header in ("fr-FR,fr;q=0.9", "en-US,en;q=0.8", "es-419", "gcf", "de"):
        answer = await client.get(MISSING_WORK, headers={"accept-language": header})
        assert answer.status_code == 404
        error = answer.json()["error"]
        messages[header] = (error["code"], error["message"], answer.headers["content-language"])
    codes = {code for code, _, _ in messages.values()}
    assert len(codes) == 1, messages
    assert len({message for _, message, _ in messages.values()}) == 4, messages
    assert messages["de"] == messages["fr-FR,fr;q=0.9"]  # no German: French
    assert messages["gcf"][2] == "gcf-MQ"


async def test_lang_in_the_query_is_remembered_in_a_cookie(client: AsyncTestClient) -> None:
    first = await client.get("/?lang=gcf")
    assert first.status_code == 200
    assert '<html lang="gcf-MQ">' in first.text
    assert "vèsyon bèta" in first.text  # the Creole interface is marked until reviewed
    assert "lakou_lang=gcf-MQ" in first.headers["set-cookie"]
    # The cookie now chooses, over the browser's Accept-Language.
    again = await client.get("/", headers={"accept-language": "en"})
    assert '<html lang="gcf-MQ">' in again.text
    assert "set-cookie" not in again.headers or "lakou_lang" not in again.headers["set-cookie"]


async def test_pages_link_their_other_languages(client: AsyncTestClient) -> None:
    page = (await client.get("/recherche?q=b%C3%A8l%C3%A8&lang=es")).text
    assert '<html lang="es">' in page
    for tag in ("fr", "en", "es", "gcf-MQ"):
        assert f'hreflang="{tag}"' in page
    assert 'href="/recherche?q=b%C3%A8l%C3%A8&amp;lang=en"' in page
    assert 'hreflang="x-default"' in page


@pytest.mark.parametrize(
    "cookie",
    ["<script>alert(1)</script>", "x" * 10_000, "en; evil=1", '"gcf'],
)
async def test_a_bad_lang_cookie_is_ignored(client: AsyncTestClient, cookie: str) -> None:
    client.cookies.clear()
    answer = await client.get("/", headers={"cookie": f"lakou_lang={cookie}"})
    assert answer.status_code == 200
    assert "<script>alert(1)" not in answer.text
    assert answer.headers["content-language"] in ("fr", "en")


async def test_unknown_lang_falls_back_without_error_or_cookie(client: AsyncTestClient) -> None:
    answer = await client.get("/?lang=klingon")
    assert answer.status_code == 200
    assert '<html lang="fr">' in answer.text
    assert "lakou_lang" not in answer.headers.get("set-cookie", "")


async def test_an_accept_language_of_ten_thousand_entries(client: AsyncTestClient) -> None:
    header = ",".join(f"x{i};q=0.{i % 9 + 1}" for i in range(10_000)) + ",es"
    answer = await client.get(MISSING_WORK, headers={"accept-language": header})
    assert answer.status_code == 404
    assert answer.headers["content-language"] == "fr"


async def test_the_script_catalogue_is_json_per_language(client: AsyncTestClient) -> None:
    spanish = await client.get("/i18n/es.json")
    assert spanish.status_code == 200
    body = spanish.json()
    assert (body["lang"], body["plural"]) == ("es", "n!=1")
    assert body["messages"], "the page scripts' Spanish messages"
    creole = (await client.get("/i18n/gcf-MQ.json")).json()
    assert (creole["plural"], creole["locale"]) == ("0", "fr-MQ")
    cached = await client.get("/i18n/es.json", headers={"if-none-match": spanish.headers["etag"]})
    assert cached.status_code == 304
    assert (await client.get("/i18n/xx.json")).status_code == 404
    assert (await client.get("/i18n/es.js")).status_code == 404


async def test_a_chosen_time_zone_is_remembered_and_a_bad_one_ignored(
    client: AsyncTestClient,
) -> None:
    chosen = await client.get("/?tz=Europe/Paris")
    assert 'lakou_tz="Europe/Paris"' in chosen.headers["set-cookie"]
    assert '<option value="Europe/Paris" selected>' in chosen.text
    kept = await client.get("/")  # the cookie, sent back quoted, still chooses
    assert '<option value="Europe/Paris" selected>' in kept.text
    client.cookies.clear()
    bad = await client.get("/?tz=../../etc/passwd")
    assert bad.status_code == 200
    assert "lakou_tz" not in bad.headers.get("set-cookie", "")
    assert '<option value="America/Martinique" selected>' in bad.text
