"""The authorisation matrix's screeners: the owner's screener of their published work (ready
audio, its marked copy prepared by the worker), the audience account invited and holding an
open viewing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from litestar.testing import AsyncTestClient

SCREENER_BROWSER = "matrix-browser-key-0001"


async def matrix_screener(
    client: AsyncTestClient,
    owner: dict[str, str],
    viewer: dict[str, str],
    viewer_email: str,
    work_id: str,
    deliver_events: Callable[[], Awaitable[None]],
) -> dict[str, str]:
    closes = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    made = await client.post(
        "/api/screeners",
        json={
            "work_id": work_id,
            "closes_at": closes,
            "max_views": 50,
            "audiences": [{"kind": "people", "emails": [viewer_email]}],
        },
        headers=owner,
    )
    assert made.status_code == 201, made.text
    await deliver_events()  # the worker prepares the marked A/B copy
    invited = (await client.get("/api/screeners/invited", headers=viewer)).json()
    invitation_id = invited[0]["invitation_id"]
    opened = await client.post(
        f"/api/screeners/invitations/{invitation_id}/open",
        json={"browser": SCREENER_BROWSER},
        headers=viewer,
    )
    assert opened.status_code == 201, opened.text
    return {
        "screener_id": made.json()["id"],
        "screener_work_id": work_id,
        "screener_closes_at": closes,
        "screener_email": viewer_email,
        "screener_browser": SCREENER_BROWSER,
        "invitation_id": invitation_id,
        "viewing_token": opened.json()["heartbeat"].split("/")[4],
    }


async def fresh_invitation(
    client: AsyncTestClient, owner: dict[str, str], screener_id: str
) -> dict[str, str]:
    """A new invitation of the matrix's screener (for the rows that withdraw one)."""
    email = f"withdrawn-{uuid4().hex[:10]}@example.test"
    base = f"/api/screeners/{screener_id}"
    sent = await client.post(
        f"{base}/audiences",
        json={"audiences": [{"kind": "people", "emails": [email]}]},
        headers=owner,
    )
    assert sent.json() == {"invited": 1}, sent.text
    report = (await client.get(f"{base}/report", headers=owner)).json()
    return {
        "screener_id": screener_id,
        "invitation_id": next(row["invitation_id"] for row in report if row["email"] == email),
    }
