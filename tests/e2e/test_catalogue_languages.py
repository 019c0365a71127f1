"""The catalogue, the studio and the imports in the visitor's language: API errors keep their
code and say their message in the language asked for; pages translate their text, the
disciplines and the labels of the catalogue's codes."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.helpers import create_creator, create_work, page_log_in, sign_up_and_log_in

MISSING_WORK = "/api/works/01a21800-1d99-77a1-a616-8769bd4ff40e"
LANGUAGES = ("fr", "en", "es", "gcf-MQ")


def _error(response: Any) -> dict[str, Any]:
    return dict(response.json()["error"])


def _asking(language: str) -> dict[str, str]:
    return {"Accept-Language": language}


WORK_NOT_FOUND = {
    "fr": "Œuvre introuvable.",
    "en": "Work not found.",
    "es": "No se encontró la obra.",
    "gcf-MQ": "Nou pa jwenn zèv-la.",
}
BAD_ISBN = {
    "fr": "ISBN « 978-2-07-036822-9 » invalide : "
    "la clé de contrôle ne correspond pas ; vérifiez la saisie.",
    "en": "Invalid ISBN “978-2-07-036822-9”: the check digit does not match; check for a typo.",
    "es": "ISBN «978-2-07-036822-9» no válido: "
    "el dígito de control no coincide; revisa lo que escribiste.",
    "gcf-MQ": "ISBN « 978-2-07-036822-9 » pa bon : "
    "chif kontwòl-la pa ka koresponn ; gadé si pa ni on fòt.",
}
NOT_A_CREATOR = {
    "fr": "Seuls les comptes créateur peuvent créer un profil de créateur.",
    "en": "Only creator accounts can create a creator profile.",
    "es": "Solo las cuentas de creador pueden crear un perfil de creador.",
    "gcf-MQ": "Sé sèlman kont kréyatè ki pé fè on profil kréyatè.",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_catalogue_errors_speak_the_asked_language_and_keep_their_code(
    client: AsyncTestClient, language: str
) -> None:
    missing = await client.get(MISSING_WORK, headers=_asking(language))
    assert (missing.status_code, _error(missing)["code"]) == (404, "not_found")
    assert _error(missing)["message"] == WORK_NOT_FOUND[language]

    seller = await sign_up_and_log_in(client, email=f"seller-{language}@example.test")
    creator = await create_creator(client, seller)
    body = {
        "creator_id": creator["id"],
        "titles": {"fr": "Conte"},
        "discipline": "books",
        "identifiers": {"isbn": "978-2-07-036822-9"},
    }
    refused = await client.post("/api/works", json=body, headers={**seller, **_asking(language)})
    assert (refused.status_code, _error(refused)["code"]) == (422, "invalid_identifier")
    assert _error(refused)["message"] == BAD_ISBN[language]

    audience = await sign_up_and_log_in(
        client, role="audience", email=f"audience-{language}@example.test"
    )
    forbidden = await client.post(
        "/api/creators",
        json={"kind": "person", "name": "Moi"},
        headers={**audience, **_asking(language)},
    )
    assert (forbidden.status_code, _error(forbidden)["code"]) == (403, "not_a_creator")
    assert _error(forbidden)["message"] == NOT_A_CREATOR[language]


async def test_an_error_with_a_status_names_it_in_the_asked_language(
    client: AsyncTestClient,
) -> None:
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"])
    messages = {}
    for language in LANGUAGES:
        refused = await client.post(
            f"/api/works/{work['id']}/withdraw", json={}, headers={**seller, **_asking(language)}
        )
        assert (refused.status_code, _error(refused)["code"]) == (409, "not_published")
        messages[language] = _error(refused)["message"]
    assert messages["fr"].endswith("(celle-ci est à l'état : Brouillon).")
    assert messages["en"].endswith("(this one's status: Draft).")
    assert "Borrador" in messages["es"]
    assert "Bouyon" in messages["gcf-MQ"]


MANIFEST_EMPTY = {
    "fr": "Manifeste illisible : il ne contient aucune ligne.",
    "en": "Unreadable manifest: it has no rows.",
    "es": "Manifiesto ilegible: no contiene ninguna fila.",
    "gcf-MQ": "Nou pa pé li manifès-la : pa ni pon liy adan'y.",
}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_import_errors_and_row_problems_speak_the_asked_language(
    client: AsyncTestClient, language: str
) -> None:
    seller = await sign_up_and_log_in(client, email=f"importer-{language}@example.test")
    creator = await create_creator(client, seller)
    headers = {**seller, **_asking(language)}
    empty = await client.post(
        "/api/imports",
        json={
            "creator_id": creator["id"],
            "format": "csv",
            "manifest": "file,kind,discipline,title_fr\n",
        },
        headers=headers,
    )
    assert (empty.status_code, _error(empty)["code"]) == (422, "manifest_empty")
    assert _error(empty)["message"] == MANIFEST_EMPTY[language]

    missing = await client.get("/api/imports/01a21800-1d99-77a1-a616-8769bd4ff40e", headers=headers)
    assert (missing.status_code, _error(missing)["code"]) == (404, "not_found")

    manifest = "file,kind,discipline,title_fr\na.mp3,audio,zouk,Zouk\n"
    started = await client.post(
        "/api/imports",
        json={
            "creator_id": creator["id"],
            "format": "csv",
            "manifest": manifest,
            "files": {"a.mp3": 10},
        },
        headers=headers,
    )
    assert started.status_code == 201, started.text
    row = started.json()["rows"][0]
    assert (row["status"], row["error_code"]) == ("invalid", "unknown_discipline")
    expected = {
        "fr": "discipline : « zouk » est inconnue",
        "en": "discipline: “zouk” is unknown",
        "es": "discipline: «zouk» es desconocida",
        "gcf-MQ": "discipline : nou pa konnèt « zouk »",
    }
    assert row["error_message"].startswith(expected[language])


async def test_a_spreadsheet_may_name_disciplines_in_french_or_english(
    client: AsyncTestClient,
) -> None:
    seller = await sign_up_and_log_in(client)
    creator = await create_creator(client, seller)
    manifest = (
        "file;kind;discipline;title_fr\n"
        "a.mp3;audio;Métiers d'art et savoir-faire;A\n"
        "b.mp3;audio;crafts and know-how;B\n"
        "c.mp3;audio;Musique;C\n"
        "d.mp3;audio;MUSIC;D\n"
    )
    started = await client.post(
        "/api/imports",
        json={
            "creator_id": creator["id"],
            "format": "csv",
            "manifest": manifest,
            "files": {name: 10 for name in ("a.mp3", "b.mp3", "c.mp3", "d.mp3")},
        },
        headers={**seller, **_asking("en")},
    )
    assert started.status_code == 201, started.text
    assert [row["error_code"] for row in started.json()["rows"]] == [None, None, None, None]


async def test_catalogue_and_studio_pages_in_each_language(client: AsyncTestClient) -> None:
    seller = await sign_up_and_log_in(client, email="pages@example.test")
    creator = await create_creator(client, seller)
    work = await create_work(
        client,
        seller,
        creator["id"],
        credits=[{"name": "Léna", "role": "composer"}],
        languages=["gcf-MQ"],
    )
    published = await client.post(f"/api/works/{work['id']}/publish", headers=seller)
    assert published.status_code == 200, published.text

    home = await client.get("/?lang=es")
    assert "Novedades" in home.text
    assert "Música" in home.text
    page = await client.get(f"/oeuvres/{work['id']}?lang=en")
    assert "Composer" in page.text  # the credit's role, not its code
    assert "Martinican Creole" in page.text
    creole = await client.get(f"/oeuvres/{work['id']}?lang=gcf-MQ")
    assert "Lèktè" in creole.text
    assert "Mizik" in creole.text

    await page_log_in(client, "pages@example.test")
    studio = await client.get(f"/studio/oeuvres/{work['id']}?lang=en")
    assert studio.status_code == 200
    for text in ("Upload the work's file", "Published", "Public (listed)", "Stop selling"):
        assert text in studio.text.replace("&#39;", "'"), text
    assert "Withdraw" in studio.text  # the publication button, in its own context
    index = await client.get("/studio?lang=es")
    assert "Mis obras" in index.text
    missing = await client.get("/studio/oeuvres/01a21800-1d99-77a1-a616-8769bd4ff40e?lang=en")
    assert missing.status_code == 404
    assert "Page not found" in missing.text


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_catalogue_and_studio_page_renders_in_each_language(
    client: AsyncTestClient, language: str
) -> None:
    email = f"render-{language}@example.test"
    seller = await sign_up_and_log_in(client, email=email)
    creator = await create_creator(client, seller, bios={"fr": "Bio", "gcf-MQ": "Bio kréyòl"})
    work = await create_work(
        client, seller, creator["id"], credits=[{"name": "X", "role": "other"}]
    )
    await page_log_in(client, email)
    paths = [
        "/",
        f"/oeuvres/{work['id']}",
        f"/createurs/{creator['id']}",
        "/studio",
        "/studio/oeuvres/nouvelle",
        f"/studio/oeuvres/{work['id']}",
    ]
    for path in paths:
        page = await client.get(f"{path}?lang={language}")
        assert page.status_code == 200, (path, page.text[:500])
        assert f'<html lang="{language}">' in page.text, path
