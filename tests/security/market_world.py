"""The authorisation matrix's market: the organiser's open market, the owner's creator stand
with their two published works and an accredited-only document, and the partner accredited as
a buyer (with its badge's token), who has a meeting booked at the owner's stand; the market's
hosted-buyer round is open for that day."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.testing import AsyncTestClient

from tests.meeting_helpers import meeting_day, slot

PDF = b"%PDF-1.4\n% matrix sheet\n%%EOF\n"


async def _ok(
    client: AsyncTestClient, method: str, url: str, headers: Mapping[str, str], **extra: Any
) -> Any:
    response = await client.request(method, url, headers=dict(headers), **extra)
    assert response.is_success, f"{method} {url}: {response.status_code} {response.text}"
    return response.json()


async def matrix_market(
    client: AsyncTestClient,
    headers: Mapping[str, Mapping[str, str]],
    creator_id: str,
    published_id: str,
    second_id: str,
) -> dict[str, str]:
    now = datetime.now(UTC)
    window = {
        "market_opens_at": (now - timedelta(hours=1)).isoformat(),
        "market_closes_at": (now + timedelta(days=30)).isoformat(),
    }
    organiser, owner, partner = headers["organiser"], headers["owner"], headers["partner"]
    market = await _ok(
        client,
        "POST",
        "/api/markets",
        organiser,
        json={
            "name": "Marché Matrice",
            "descriptions": {"fr": "Le marché de la matrice."},
            "sections": ["music"],
            "opens_at": window["market_opens_at"],
            "closes_at": window["market_closes_at"],
        },
    )
    base = f"/api/markets/{market['id']}"
    await _ok(client, "POST", f"{base}/publish", organiser)
    stand = await _ok(
        client,
        "POST",
        f"{base}/stands",
        organiser,
        json={"exhibitor_kind": "creator", "creator_id": creator_id},
    )
    await _ok(
        client,
        "PUT",
        f"/api/stands/{stand['id']}/works",
        owner,
        json={"work_ids": [published_id, second_id]},
    )
    document = await _ok(
        client,
        "POST",
        f"/api/stands/{stand['id']}/documents",
        owner,
        params={"kind": "technical_sheet", "audience": "accredited"},
        content=PDF,
    )
    asked = await _ok(client, "POST", f"{base}/accreditations", partner, json={"category": "buyer"})
    await _ok(client, "POST", f"{base}/accreditations/{asked['id']}/grant", organiser)
    badge = await _ok(client, "GET", f"{base}/badge", partner)
    batch = await code_batch(client, owner, stand["id"], published_id)
    session = await fresh_programme_session(client, organiser, market["id"], published_id)
    # Meetings: hours tomorrow, the partner's request to the owner's stand, booked by the owner.
    day = {"day": meeting_day().isoformat(), "starts": "09:00", "ends": "12:00"}
    await _ok(client, "POST", f"{base}/meetings/days", organiser, json=day)
    stand_meetings = f"{base}/stands/{stand['id']}/meetings"
    meeting = await _ok(client, "POST", stand_meetings, partner, json={"slots": [slot(9)]})
    accept = {"slot_start": slot(9)}
    await _ok(client, "POST", f"/api/meetings/{meeting['id']}/accept", owner, json=accept)
    # The hosted-buyer round, open for that day's wishes.
    await _ok(client, "POST", f"{base}/round", organiser, json={"day": meeting_day().isoformat()})
    return {
        **window,
        "market_id": market["id"],
        "market_slug": market["slug"],
        "stand_id": stand["id"],
        "stand_work_id": published_id,
        "stand_document_id": document["id"],
        "accreditation_id": asked["id"],
        "badge_token": badge["token"],
        "room_id": session["room_id"],
        "programme_session_id": session["id"],
        "meeting_id": meeting["id"],
        "meeting_slot": slot(10),
        "meeting_day_outside": (meeting_day() + timedelta(days=60)).isoformat(),
        # A visual's path values (the market has none: its files are not found).
        "visual_role": "poster",
        "visual_file": "0" * 64 + "-480.webp",
        # The pages' path values: the market's address, an administration form, a stand form.
        "slug": market["slug"],
        "action": "stand",
        "answer": "accepter",
        "part": "presentation",
        # Stand codes: the owner's printed batch; a code nobody printed; an unknown step.
        "batch_id": batch,
        "code": "ZZZZ-ZZZZ-ZZZZZ",
        "step": "imprimer",
    }


async def code_batch(
    client: AsyncTestClient, owner: Mapping[str, str], stand_id: str, work_id: str
) -> str:
    """A printed batch of two codes on the owner's stand (a fresh one for rows that sell it)."""
    made = await _ok(
        client,
        "POST",
        f"/api/stands/{stand_id}/code-batches",
        owner,
        json={"work_id": work_id, "count": 2, "price_cents": 500},
    )
    return str(made["id"])


async def fresh_programme_session(
    client: AsyncTestClient, organiser: Mapping[str, str], market_id: str, work_id: str
) -> dict[str, Any]:
    """An accredited-only premiere of the work tomorrow, in a room of its own (10 seats)."""
    base = f"/api/markets/{market_id}"
    room = await _ok(
        client, "POST", f"{base}/rooms", organiser, json={"name": "Salle", "seats": 10}
    )
    starts = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    return dict(
        await _ok(
            client,
            "POST",
            f"{base}/sessions",
            organiser,
            json={
                "room_id": room["id"],
                "kind": "premiere",
                "audience": "accredited",
                "titles": {"fr": "Première de la matrice"},
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=1)).isoformat(),
                "work_ids": [work_id],
            },
        )
    )
