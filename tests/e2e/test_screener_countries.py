"""A screener's countries: the country comes from the trusted proxy's header only; a viewer
elsewhere, or whose country is unknown, is refused; heartbeats record where they watched."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar.testing import AsyncTestClient

from accounts.domain import Role
from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from tests.meeting_helpers import person
from tests.screener_helpers import (
    browser_key,
    code,
    email_of,
    invitation_of,
    make_screener,
    work_with_media,
)
from tests.shared_apps import borrowed_app

PROXY_NETWORK = "10.20.0.0/16"


@pytest.fixture
async def proxied(
    settings: Settings, redis_url: str, container: Container
) -> AsyncIterator[Container]:
    configured = dataclasses.replace(
        settings,
        media=dataclasses.replace(settings.media, country_header="cf-ipcountry"),
        http=dataclasses.replace(settings.http, trusted_proxies=(PROXY_NETWORK,)),
    )
    built = build_container(configured, redis_url)
    yield built
    if built.redis is not None:
        await built.redis.aclose()


async def test_only_viewers_in_the_allowed_countries_open_it(proxied: Container) -> None:
    with borrowed_app(proxied) as app:
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
            owner = await person(proxied, api, Role.CREATOR)
            viewer = await person(proxied, api)
            work_id = await work_with_media(api, proxied, owner)
            screener = await make_screener(
                api, owner, work_id, viewer, countries=["mq", "GP"], max_views=5
            )
            assert screener["countries"] == ["MQ", "GP"]
            url = f"/api/screeners/invitations/{await invitation_of(api, viewer, screener['id'])}/open"

            async def open_from(client: httpx.AsyncClient, country: str) -> httpx.Response:
                return await client.post(
                    url,
                    json={"browser": browser_key()},
                    headers={**viewer, "CF-IPCountry": country},
                )

            response = await open_from(via_proxy, "US")
            assert (response.status_code, code(response)) == (403, "country_not_allowed")
            # A client cannot choose its country by sending the header itself.
            response = await open_from(direct, "MQ")
            assert (response.status_code, code(response)) == (403, "country_unknown")
            opened = await open_from(via_proxy, "MQ")
            assert opened.status_code == 201, opened.text
            beat = await via_proxy.post(
                opened.json()["heartbeat"],
                json={"event": "tick", "position_s": 4, "played_s": 0},
                headers={**viewer, "CF-IPCountry": "US"},
            )
            assert (beat.status_code, code(beat)) == (403, "country_not_allowed")
            report = (
                await api.get(f"/api/screeners/{screener['id']}/report", headers=owner)
            ).json()
            email = await email_of(api, viewer)
            row = next(r for r in report if r["email"] == email)
            assert (row["views"], row["countries"]) == (1, ["MQ"])
