"""Small helpers for tests that go through the HTTP API."""

from __future__ import annotations

import itertools
import re
from typing import Any

from litestar.testing import AsyncTestClient

from accounts.auth import SESSION_COOKIE
from accounts.domain import Role
from lakou.bootstrap import Container

PASSWORD = "correct horse battery"
_counter = itertools.count()
CSRF_INPUT = re.compile(r'<input[^>]*name="_csrf_token"[^>]*value="([^"]+)"')


async def page_log_in(client: AsyncTestClient, email: str) -> str:
    """Log in through the login page: the client then carries the session cookie (returned)."""
    login_page = await client.get("/connexion")
    token = CSRF_INPUT.search(login_page.text)
    assert token
    response = await client.post(
        "/connexion",
        data={"email": email, "password": PASSWORD, "_csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    session = response.cookies.get(SESSION_COOKIE)
    assert session
    client.cookies.set(SESSION_COOKIE, session)
    return str(session)


async def post_page_form(client: AsyncTestClient, page: str, action: str, data: Any) -> Any:
    """Post a form to `action` as the browser would, with the CSRF token `page` shows."""
    shown = await client.get(page)
    token = CSRF_INPUT.search(shown.text)
    assert token, shown.text[:300]
    return await client.post(
        action, data={**data, "_csrf_token": token.group(1)}, follow_redirects=False
    )


async def sign_up_and_log_in(
    client: AsyncTestClient, role: str = "creator", email: str | None = None
) -> dict[str, str]:
    email = email or f"user{next(_counter)}@example.test"
    response = await client.post(
        "/api/auth/signup",
        json={"email": email, "password": PASSWORD, "role": role, "display_name": email},
    )
    assert response.status_code == 202, response.text
    return await log_in(client, email)


async def log_in(client: AsyncTestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def staff_headers(client: AsyncTestClient, container: Container) -> dict[str, str]:
    email = f"staff{next(_counter)}@example.test"
    await container.identity.create_user(email, PASSWORD, "Staff", Role.STAFF)
    return await log_in(client, email)


async def create_creator(
    client: AsyncTestClient, headers: dict[str, str], **extra: Any
) -> dict[str, Any]:
    body = {"kind": "person", "name": "Léna Tanbouyé", "commune": "Le Marigot", **extra}
    response = await client.post("/api/creators", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def create_work(
    client: AsyncTestClient, headers: dict[str, str], creator_id: str, **extra: Any
) -> dict[str, Any]:
    body = {
        "creator_id": creator_id,
        "titles": {"fr": "Bèlè de la Lune", "gcf-MQ": "Bèlè lalin"},
        "discipline": "music",
        **extra,
    }
    response = await client.post("/api/works", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def deliver_events(broker: Any, worker: Any, rounds: int = 6) -> None:
    """Relay the outbox and let the worker drain every queue, until nothing is left."""
    import asyncio

    from workers.broker import QUEUE
    from workers.runtime import make_relay

    relay = make_relay(broker)
    for _ in range(rounds):
        if not await relay.drain():
            return
        for queue in (QUEUE, "media", "payments", "payouts"):
            await asyncio.to_thread(lambda q=queue: broker.join(q, timeout=60_000))
        await asyncio.to_thread(worker.join)


async def published_work(client: AsyncTestClient, seller: dict[str, str], **extra: Any) -> str:
    """A new creator profile's work, published: its id."""
    creator = await create_creator(client, seller)
    work = await create_work(client, seller, creator["id"], **extra)
    published = await client.post(f"/api/works/{work['id']}/publish", headers=seller)
    assert published.status_code == 200, published.text
    return str(work["id"])


async def priced(
    client: AsyncTestClient, seller: dict[str, str], work_id: str, **terms: Any
) -> dict[str, Any]:
    """The work's everyday offer (8.00 EUR fixed unless `terms` say otherwise)."""
    body = {"pricing": "fixed", "price_cents": 800, **terms}
    response = await client.put(f"/api/works/{work_id}/offer", json=body, headers=seller)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def pay_with_test_payment(
    client: AsyncTestClient, buyer: dict[str, str], *offer_ids: str, country: str = "MQ"
) -> dict[str, Any]:
    """The offers put in the buyer's cart, checked out and paid with the test payment: the
    order as the payment left it (a worker settles it from the payment's notification)."""
    for offer_id in offer_ids:
        added = await client.post("/api/cart/items", json={"offer_id": offer_id}, headers=buyer)
        assert added.status_code == 201, added.text
    order = await client.post("/api/checkout", json={"country": country}, headers=buyer)
    assert order.status_code in (200, 201), order.text
    body = order.json()
    paid = await client.post(
        f"/api/orders/{body['id']}/test-payment",
        json={"client_secret": body["payment"]["client_secret"], "outcome": "succeed"},
        headers=buyer,
    )
    assert paid.status_code == 200, paid.text
    return dict(paid.json())
