"""Helpers for the meetings tests (API, concurrency, browser, the authorisation matrix)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

from litestar.testing import AsyncTestClient

from accounts.domain import Principal, Role
from infra.errors import AppError
from lakou.bootstrap import Container
from tests.helpers import PASSWORD, create_creator
from tests.organisation_helpers import verified_organisation

MARTINIQUE = ZoneInfo("America/Martinique")


def meeting_day() -> date:
    """Tomorrow in Martinique: inside the tests' markets (open from an hour ago, for 3 days)."""
    return datetime.now(MARTINIQUE).date() + timedelta(days=1)


def slot(hour: int, minute: int = 0) -> str:
    """A meeting slot of `meeting_day()` at a Martinique wall-clock time, as sent (UTC)."""
    local = datetime.combine(meeting_day(), time(hour, minute), tzinfo=MARTINIQUE)
    return local.astimezone(UTC).isoformat()


async def user_id(client: AsyncTestClient, headers: dict[str, str]) -> UUID:
    me = await client.get("/api/auth/me", headers=headers)
    return UUID(me.json()["id"])


async def as_principal(client: AsyncTestClient, headers: dict[str, str]) -> Principal:
    me = (await client.get("/api/auth/me", headers=headers)).json()
    return Principal(UUID(me["id"]), me["email"], me["display_name"], Role(me["role"]))


async def person(
    container: Container, client: AsyncTestClient, role: Role = Role.AUDIENCE
) -> dict[str, str]:
    """A new account and its API token, made directly (many people per test would hit the
    sign-up and log-in rate limits)."""
    email = f"meet-{uuid4().hex[:12]}@example.test"
    user = await container.identity.create_user(email, PASSWORD, email.split("@")[0], role)
    issued = await container.identity.issue_token(user, "api")
    return {"Authorization": f"Bearer {issued.token}"}


async def stand_of_new_creator(
    client: AsyncTestClient, container: Container, manager: dict[str, str], market_id: str
) -> tuple[dict[str, str], dict[str, Any]]:
    """A new creator with a profile, given a stand with one table: their headers and stand."""
    creator = await person(container, client, Role.CREATOR)
    profile = await create_creator(client, creator, disciplines=["music"])
    stand = await client.post(
        f"/api/markets/{market_id}/stands",
        json={"exhibitor_kind": "creator", "creator_id": profile["id"]},
        headers=manager,
    )
    assert stand.status_code == 201, stand.text
    return creator, dict(stand.json())


async def meeting_hours(
    client: AsyncTestClient, manager: dict[str, str], market_id: str, start: int = 9, end: int = 12
) -> None:
    made = await client.post(
        f"/api/markets/{market_id}/meetings/days",
        json={
            "day": meeting_day().isoformat(),
            "starts": f"{start:02d}:00",
            "ends": f"{end:02d}:00",
        },
        headers=manager,
    )
    assert made.status_code == 201, made.text


async def accredited(
    client: AsyncTestClient,
    container: Container,
    manager: dict[str, str],
    market_id: str,
    category: str = "buyer",
) -> dict[str, str]:
    """A new professional, accredited in the market in that category: their headers."""
    pro = await verified_organisation(client, container, await person(container, client))
    base = f"/api/markets/{market_id}/accreditations"
    asked = await client.post(base, json={"category": category}, headers=pro)
    assert asked.status_code == 201, asked.text
    granted = await client.post(f"{base}/{asked.json()['id']}/grant", headers=manager)
    assert granted.status_code == 200, granted.text
    return pro


def code(response: Any) -> str:
    return str(response.json()["error"]["code"])


async def race(attempts: list[object]) -> tuple[int, list[str]]:
    """Runs the attempts at once: how many won, and the error codes of those that lost."""
    results = await asyncio.gather(*attempts, return_exceptions=True)  # type: ignore[call-overload]
    won = sum(1 for result in results if not isinstance(result, BaseException))
    lost = [result.code for result in results if isinstance(result, AppError)]
    assert won + len(lost) == len(results), [r for r in results if isinstance(r, BaseException)]
    return won, lost
