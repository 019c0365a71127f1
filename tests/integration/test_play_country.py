"""The country of a play is believed only when a trusted proxy reported it.

Any client can send `CF-IPCountry: JP`; only the immediate peer's address is a fact it cannot
choose. The plays feed the "new markets reached" indicator, so a forged country would invent
markets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar.testing import AsyncTestClient

from accounts.rate_limit import InMemoryRateLimiter
from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from media.access.tokens import Scope, TokenSigner
from media.plays.openings import PlayOpenings
from media.plays.tables import PlayRow
from tests.helpers import create_creator, create_work, sign_up_and_log_in
from tests.shared_apps import borrowed_app

PROXY_NETWORK = "10.20.0.0/16"


@pytest.fixture
async def proxied(settings: Settings, redis_url: str, container: Container) -> Container:
    # `container` cleaned the database; this one reads the country header behind a proxy.
    configured = dataclasses.replace(
        settings,
        media=dataclasses.replace(settings.media, country_header="cf-ipcountry"),
        http=dataclasses.replace(settings.http, trusted_proxies=(PROXY_NETWORK,)),
    )
    built = build_container(configured, redis_url)
    # The clients below run the app on two event loops; the Redis client of the shared attempt
    # counter belongs to one. Openings are counted in memory here (their limit has its test).
    built.services.replace(PlayOpenings(InMemoryRateLimiter(), 120))
    return built


@pytest.fixture
async def clients(
    proxied: Container,
) -> AsyncIterator[tuple[AsyncTestClient, httpx.AsyncClient, httpx.AsyncClient]]:
    with borrowed_app(proxied) as app:
        # The test client runs the lifespan (the database pool); the others choose their address.
        async with (
            AsyncTestClient(app=app) as api,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app, client=("10.20.3.4", 4000)),
                base_url="http://lakou.test",
            ) as via_proxy,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app, client=("203.0.113.9", 4000)),
                base_url="http://lakou.test",
            ) as direct,
        ):
            yield api, via_proxy, direct


async def _play_token(api: AsyncTestClient, container: Container) -> str:
    headers = await sign_up_and_log_in(api)
    creator = await create_creator(api, headers)
    work = await create_work(api, headers, creator["id"])
    declared = await api.post(
        f"/api/works/{work['id']}/uploads",
        json={"kind": "audio", "filename": "kont.flac", "size": 1000},
        headers=headers,
    )
    assert declared.status_code == 201, declared.text
    signer = TokenSigner(container.settings.secret_key)
    return signer.issue(UUID(declared.json()["id"]), Scope.PREVIEW, None, 600)


async def _countries() -> list[Any]:
    rows = await PlayRow.select(PlayRow.country)
    return [row["country"] for row in rows]


async def test_a_client_cannot_choose_the_country_of_its_plays(
    clients: tuple[AsyncTestClient, httpx.AsyncClient, httpx.AsyncClient], proxied: Container
) -> None:
    api, _via_proxy, direct = clients
    token = await _play_token(api, proxied)
    played = await direct.post("/api/plays", json={"token": token}, headers={"cf-ipcountry": "JP"})
    assert played.status_code == 201
    assert await _countries() == [None]


async def test_the_country_from_a_trusted_proxy_is_recorded(
    clients: tuple[AsyncTestClient, httpx.AsyncClient, httpx.AsyncClient], proxied: Container
) -> None:
    api, via_proxy, _direct = clients
    token = await _play_token(api, proxied)
    played = await via_proxy.post(
        "/api/plays",
        json={"token": token},
        headers={"cf-ipcountry": "ca", "x-forwarded-for": "198.51.100.7"},
    )
    assert played.status_code == 201
    ended = await via_proxy.post(
        f"/api/plays/{played.json()['play_id']}/heartbeats",
        json={"token": token, "ranges": [], "final": True},
    )
    assert ended.status_code == 200
    # Unknown (XX) and Tor (T1) are not countries: the play counts, its country does not.
    unknown = await via_proxy.post(
        "/api/plays", json={"token": token}, headers={"cf-ipcountry": "XX"}
    )
    assert unknown.status_code == 201
    assert sorted(await _countries(), key=str) == ["CA", None]
