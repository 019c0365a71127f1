"""An account whose address is not confirmed keeps working, and every page asks for it."""

from __future__ import annotations

from datetime import UTC, datetime

from litestar.testing import AsyncTestClient

from accounts.tables import User
from tests.helpers import page_log_in, sign_up_and_log_in

NOTICE = "Confirmez votre adresse e-mail avec le lien que nous vous avons envoyé."


async def test_every_page_asks_until_the_address_is_confirmed(client: AsyncTestClient) -> None:
    await sign_up_and_log_in(client, role="audience", email="unconfirmed@example.test")
    await page_log_in(client, "unconfirmed@example.test")
    for path in ("/", "/recherche", "/bibliotheque"):
        page = await client.get(path)
        assert page.status_code == 200
        assert NOTICE in page.text, path
    assert "Confirm your e-mail address" in (await client.get("/?lang=en")).text

    await User.update({User.email_verified_at: datetime.now(UTC)}).where(
        User.email == "unconfirmed@example.test"
    )
    assert NOTICE not in (await client.get("/?lang=fr")).text


async def test_visitors_are_not_asked(client: AsyncTestClient) -> None:
    assert NOTICE not in (await client.get("/")).text
