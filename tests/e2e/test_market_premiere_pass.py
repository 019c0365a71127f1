"""A premiere of a paid work streams it in full to those who may attend, while it plays.

Before the premiere and after it, the same people get the preview; a work that no stand of the
market exhibits gets no pass (a manager linking it does not give it away); a pass streams and
never downloads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from litestar.testing import AsyncTestClient

from lakou.bootstrap import Container
from marketplace.markets.programme.passes import PASS_MARGIN, PremierePasses
from marketplace.markets.stand_repository import StandRepository
from tests.e2e.test_market_codes_api import _ports
from tests.e2e.test_market_programme_api import _hour, _room, session_body
from tests.e2e.test_markets_api import creator_stand, open_market, organiser
from tests.helpers import create_work, priced, published_work, sign_up_and_log_in
from tests.organisation_helpers import verified_organisation

__all__ = ["_ports"]  # the markets' autouse fixture (a notifier for the mails)


async def _streams(client: AsyncTestClient, work_id: str, headers: dict[str, str] | None) -> bool:
    playback = await client.get(f"/api/works/{work_id}/playback", headers=headers or {})
    assert playback.status_code == 200, playback.text
    return bool(playback.json()["entitled"])


async def _premiere(
    client: AsyncTestClient,
    base: str,
    headers: dict[str, str],
    room: str,
    start: datetime,
    work_id: str,
    audience: str,
) -> None:
    body = session_body(room, start, 60, kind="premiere", work_ids=[work_id], audience=audience)
    made = await client.post(f"{base}/sessions", json=body, headers=headers)
    assert made.status_code == 201, made.text


def _at(container: Container) -> Callable[[datetime], None]:
    passes = container.services.get(PremierePasses)

    def set_now(instant: datetime) -> None:
        passes.now = lambda: instant

    return set_now


async def test_a_paid_premiere_streams_in_full_to_those_who_may_attend_while_it_plays(
    client: AsyncTestClient, container: Container
) -> None:
    headers = await organiser(client, container)
    market = await open_market(client, headers)
    base = f"/api/markets/{market['id']}"
    exhibitor, creator, stand = await creator_stand(client, headers, market["id"])
    work = (await create_work(client, exhibitor, creator["id"]))["id"]
    await client.post(f"/api/works/{work}/publish", headers=exhibitor)
    await priced(client, exhibitor, work, price_cents=900)
    shown = await client.put(
        f"/api/stands/{stand['id']}/works", json={"work_ids": [work]}, headers=exhibitor
    )
    assert shown.status_code == 200, shown.text
    # Someone else's published work, on no stand of the market.
    elsewhere = await published_work(client, await sign_up_and_log_in(client))
    room = await _room(client, base, headers, 100)
    private_start, public_start = _hour(1), _hour(3)
    await _premiere(client, base, headers, room, private_start, work, "accredited")
    await _premiere(client, base, headers, room, _hour(5), elsewhere, "accredited")
    await _premiere(client, base, headers, room, public_start, work, "public")

    accredited = await verified_organisation(
        client, container, await sign_up_and_log_in(client, "audience")
    )
    asked = await client.post(
        f"{base}/accreditations", json={"category": "buyer"}, headers=accredited
    )
    granted = await client.post(
        f"{base}/accreditations/{asked.json()['id']}/grant", headers=headers
    )
    assert granted.status_code == 200, granted.text
    visitor = await sign_up_and_log_in(client, "audience")
    at = _at(container)

    # Before: the preview for everyone.
    at(private_start - PASS_MARGIN - timedelta(minutes=1))
    assert not await _streams(client, work, accredited)
    # During the accredited-only premiere (its doors open a little before the start).
    at(private_start - timedelta(minutes=5))
    assert await _streams(client, work, accredited)
    at(private_start + timedelta(minutes=30))
    assert await _streams(client, work, accredited)
    assert not await _streams(client, work, visitor)
    assert not await _streams(client, work, None)
    # A pass streams; it never downloads.
    download = await client.post(
        f"/api/library/{work}/downloads", json={"format": "download_mp3"}, headers=accredited
    )
    assert download.status_code == 404
    assert (await client.get("/api/library", headers=accredited)).json() == []
    # After it (and its margin), the preview again.
    at(private_start + timedelta(minutes=60) + PASS_MARGIN + timedelta(minutes=1))
    assert not await _streams(client, work, accredited)
    # A public premiere: anyone signed in; a visitor who is not must sign in first.
    at(public_start + timedelta(minutes=10))
    assert await _streams(client, work, visitor)
    assert not await _streams(client, work, None)
    # Linked to a premiere but exhibited on no stand: no pass, even for the accredited.
    at(_hour(5) + timedelta(minutes=10))
    assert not await _streams(client, elsewhere, accredited)

    # Staff hide the stand: its works lose their passes with it.
    at(public_start + timedelta(minutes=10))
    await StandRepository().moderate(UUID(stand["id"]), "hidden", "test")
    assert not await _streams(client, work, visitor)
