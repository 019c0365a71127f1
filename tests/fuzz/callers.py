"""The callers the fuzzer sends every generated request as, one per kind of person.

Made the way the authorisation matrix makes its callers (tests/security): signed up through
the API, organisations verified by staff; each gets a creator profile or an organisation so
that the routes for its role have something to act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from litestar.testing import AsyncTestClient

from infra.notifications import Notifier
from lakou.bootstrap import Container
from tests.helpers import published_work, sign_up_and_log_in, staff_headers
from tests.organisation_helpers import recording_notifier, verified_organisation

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Caller:
    name: str
    headers: Mapping[str, str]


async def _member_of(
    client: AsyncTestClient, container: Container, owner: Mapping[str, str]
) -> dict[str, str]:
    """A new audience account invited into the owner's organisation as a plain member, acting
    as it (the organisation is the one `owner` names in its X-Lakou-Organisation header)."""
    organisation_id = owner["X-Lakou-Organisation"]
    real = container.services.get(Notifier)
    mail = recording_notifier(container)  # only to read the invitation link
    try:
        member = await sign_up_and_log_in(client, role="audience")
        email = (await client.get("/api/auth/me", headers=member)).json()["email"]
        invited = await client.post(
            f"/api/organisations/{organisation_id}/invitations",
            json={"email": email, "role": "member"},
            headers=dict(owner),
        )
        assert invited.status_code == 201, invited.text
        token = str(mail.last("organisations.invitation").params["link"]).rsplit("/", 1)[-1]
    finally:
        container.services.replace(real, as_type=Notifier)
    accepted = await client.post(
        "/api/organisations/invitations/accept", json={"token": token}, headers=member
    )
    assert accepted.status_code == 200, accepted.text
    return {**member, "X-Lakou-Organisation": organisation_id}


@dataclass(frozen=True)
class World:
    callers: list[Caller]
    # Ids of real objects, by the path parameter names that take them: some generated requests
    # name these instead of random ids, which only ever find nothing.
    known: dict[str, str]


async def make_world(client: AsyncTestClient, container: Container) -> World:
    """Anonymous, an audience member, a creator with a published work, a verified export
    partner, a plain member of that partner's organisation, a verified organiser, staff."""
    creator = await sign_up_and_log_in(client, role="creator")
    work_id = await published_work(client, creator)
    work = (await client.get(f"/api/works/{work_id}", headers=creator)).json()
    partner = await verified_organisation(
        client, container, await sign_up_and_log_in(client, role="audience")
    )
    organiser = await verified_organisation(
        client,
        container,
        await sign_up_and_log_in(client, role="audience"),
        kind="organiser",
        partner_kind=None,
    )
    by_name = {
        ANONYMOUS: {},
        "audience": await sign_up_and_log_in(client, role="audience"),
        "creator": creator,
        "partner": partner,
        "member": await _member_of(client, container, partner),
        "organiser": organiser,
        "staff": await staff_headers(client, container),
    }
    known = {
        "work_id": work_id,
        "creator_id": work["creator_id"],
        "organisation_id": partner["X-Lakou-Organisation"],
    }
    return World([Caller(name, headers) for name, headers in by_name.items()], known)
