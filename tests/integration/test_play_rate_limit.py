"""Opening plays is rate limited per client address: past the minute's allowance a 429 with
its code and the wait, and no play is opened."""

from __future__ import annotations

import dataclasses

import pytest
from litestar.testing import AsyncTestClient

from infra.settings import Settings
from lakou.bootstrap import Container
from media.plays.tables import PlayRow
from tests.helpers import sign_up_and_log_in
from tests.play_helpers import open_play, token, track


@pytest.fixture
def settings(settings: Settings) -> Settings:
    media = dataclasses.replace(settings.media, play_opens_per_minute=2)
    return dataclasses.replace(settings, media=media)


async def test_an_address_opening_too_many_plays_is_told_to_wait(
    client: AsyncTestClient, container: Container
) -> None:
    owner = await sign_up_and_log_in(client)
    work = await track(client, owner)
    # Three tokens (three tabs): each may hold an open play, but the address opens two a minute.
    tokens = [token(container, work.asset_id) for _ in range(3)]
    assert (await open_play(client, tokens[0])).status_code == 201
    assert (await open_play(client, tokens[1])).status_code == 201

    refused = await open_play(client, tokens[2])

    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_plays"
    assert 0 < int(refused.headers["retry-after"]) <= 60
    assert await PlayRow.count() == 2  # nothing opened for the refused one
