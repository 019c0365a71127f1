"""LAKOU_REQUIRE_TOTP_FOR_OWNERS: an organisation's owner enrols a second factor before acting;
its other members, and people who own none, are not asked."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient

from infra.settings import Settings
from lakou.bootstrap import Container, build_container
from tests.helpers import sign_up_and_log_in
from tests.organisation_helpers import create_organisation
from tests.shared_apps import client_of


@pytest.fixture
async def totp_for_owners(
    settings: Settings, redis_url: str, container: Container
) -> AsyncIterator[AsyncTestClient]:

    variables = {**settings.variables, "LAKOU_REQUIRE_TOTP_FOR_OWNERS": "true"}
    built = build_container(dataclasses.replace(settings, variables=variables), redis_url)
    async with client_of(built) as test_client:
        yield test_client


async def test_owners_are_sent_to_enrol_and_others_are_not(
    totp_for_owners: AsyncTestClient,
) -> None:
    client = totp_for_owners
    owner = await sign_up_and_log_in(client, "audience")
    assert (await client.get("/api/auth/sessions", headers=owner)).status_code == 200
    await create_organisation(client, owner)
    refused = await client.get("/api/auth/sessions", headers=owner)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "totp_enrolment_required"

    bystander = await sign_up_and_log_in(client, "audience")
    assert (await client.get("/api/auth/sessions", headers=bystander)).status_code == 200
