"""The media API's errors speak the language the client asked for; their codes never change."""

from __future__ import annotations

from uuid import uuid4

import pytest
from litestar.testing import AsyncTestClient

from tests.helpers import create_creator, create_work, sign_up_and_log_in

EMPTY_FILE = {
    "fr": "La taille doit être positive : les fichiers vides sont refusés.",
    "en": "Size must be positive: empty files are refused.",
    "es": "El tamaño debe ser positivo: no se aceptan archivos vacíos.",
    "gcf-MQ": "Gwosè-a dwèt pli gran ki zéwo : nou ka refizé fichié vid.",
}
BAD_LINK = {
    "fr": "Lien de lecture refusé : il est mal formé.",
    "en": "Media link refused: it is malformed.",
    "es": "Enlace de reproducción rechazado: está mal formado.",
    "gcf-MQ": "Lyen-la refizé : i mal fèt.",
}


@pytest.mark.parametrize("language", list(EMPTY_FILE))
async def test_media_errors_speak_the_asked_language_and_keep_their_code(
    client: AsyncTestClient, language: str
) -> None:
    creator = await sign_up_and_log_in(client)
    work = await create_work(client, creator, (await create_creator(client, creator))["id"])
    headers = {**creator, "Accept-Language": language}

    missing = await client.get(f"/api/works/{uuid4()}/playback", headers=headers)
    assert (missing.status_code, missing.json()["error"]["code"]) == (404, "not_found")
    # Shared with the catalogue's "Œuvre introuvable.", translated by whichever module.
    assert (missing.json()["error"]["message"] == "Œuvre introuvable.") == (language == "fr")

    upload = {"kind": "audio", "role": "main", "filename": "a.mp3", "size": 0}
    empty = await client.post(f"/api/works/{work['id']}/uploads", json=upload, headers=headers)
    assert (empty.status_code, empty.json()["error"]["code"]) == (422, "empty_file")
    assert empty.json()["error"]["message"] == EMPTY_FILE[language]

    forged = await client.post("/api/plays", json={"token": "x"}, headers=headers)
    assert (forged.status_code, forged.json()["error"]["code"]) == (403, "invalid_token")
    assert forged.json()["error"]["message"] == BAD_LINK[language]

    too_big = {**upload, "size": 10**13}
    refused = await client.post(f"/api/works/{work['id']}/uploads", json=too_big, headers=headers)
    assert (refused.status_code, refused.json()["error"]["code"]) == (413, "too_large")
    assert "audio" in refused.json()["error"]["message"] or language == "gcf-MQ"
