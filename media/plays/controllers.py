"""The play protocol's routes: open a play, then heartbeats with the positions heard.

`POST /api/plays` opens a play on a playback token (and gives an anonymous listener its random
first-party cookie); `POST /api/plays/{id}/heartbeats` reports the ranges heard so far, every
~10 seconds and on pause, end and page hide (the last one by `sendBeacon`, which sends the
body as text: the route reads it as JSON whatever its content type says).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_principal
from accounts.domain import Principal
from infra.http.client_ip import client_ip, header_from_trusted_proxy
from infra.http.dependencies import provide_service
from infra.settings import Settings
from media.plays.domain import MAX_RANGES
from media.plays.listeners import COOKIE, COOKIE_MAX_AGE_S, new_cookie_value, valid_cookie
from media.plays.openings import PlayOpenings
from media.plays.origins import ORIGIN_PATTERN
from media.plays.service import PlayService

Token = Annotated[str, msgspec.Meta(max_length=300)]
Position = Annotated[float, msgspec.Meta(ge=0, le=24 * 3600)]


class PlayOpenIn(msgspec.Struct, forbid_unknown_fields=True):
    token: Token
    # Where the listener started from: the player says (docs/indicators.md, "Plays").
    source: Literal["work_page", "search", "market", "embed", "direct"] = "direct"
    # An embedded player names the site it is embedded in (its origin).
    referrer: Annotated[str, msgspec.Meta(max_length=300, pattern=ORIGIN_PATTERN)] | None = None


class PlayOpenOut(msgspec.Struct):
    play_id: UUID
    threshold_s: float  # the listening after which the play counts
    heartbeat_s: int  # how often the player reports


class HeartbeatIn(msgspec.Struct, forbid_unknown_fields=True):
    token: Token
    # The ranges of positions heard since the play opened, in seconds: [[start, end], ...].
    ranges: Annotated[list[tuple[Position, Position]], msgspec.Meta(max_length=MAX_RANGES)]
    final: bool = False  # paused for good, ended, or the page is going away


class HeartbeatOut(msgspec.Struct):
    heard_s: float
    outcome: str  # skip, partial, complete (so far)
    standing: str | None  # counted, repeat, excluded, short; null until settled
    closed: bool


class PlayController(Controller):
    path = "/api/plays"
    tags = ["media"]
    dependencies = {
        "plays": provide_service(PlayService),
        "settings": provide_service(Settings),
        "openings": provide_service(PlayOpenings),
        "viewer": Provide(provide_principal),
    }

    @post("", status_code=HTTP_201_CREATED)
    async def open_play(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[PlayOpenIn],
        viewer: NamedDependency[Principal | None],
        plays: NamedDependency[PlayService],
        settings: NamedDependency[Settings],
        openings: NamedDependency[PlayOpenings],
    ) -> Response[PlayOpenOut]:
        """Open a play on a playback token: one open play per token; the owner's and staff's
        plays are marked excluded. Anonymous listeners get a random first-party cookie.
        An address opening more plays a minute than the setting allows gets a 429."""
        await openings.admit(client_ip(request, settings.http.trusted_proxies))
        country = header_from_trusted_proxy(
            request, settings.media.country_header, settings.http.trusted_proxies
        )
        cookie = valid_cookie(request.cookies.get(COOKIE))
        fresh = None
        if viewer is None and cookie is None and data.source != "embed":
            cookie = fresh = new_cookie_value()
        opened = await plays.open(
            viewer,
            data.token,
            source=data.source,
            referrer=data.referrer,
            reported_country=country,
            cookie=cookie,
        )
        cookies = []
        if fresh is not None:
            cookies.append(
                Cookie(
                    key=COOKIE,
                    value=fresh,
                    httponly=True,
                    samesite="lax",
                    secure=settings.http.cookie_secure,
                    max_age=COOKIE_MAX_AGE_S,
                )
            )
        return Response(
            PlayOpenOut(opened.play_id, round(opened.threshold_s, 1), opened.heartbeat_s),
            status_code=HTTP_201_CREATED,
            cookies=cookies,
        )

    @post("/{play_id:uuid}/heartbeats", status_code=HTTP_200_OK)
    async def heartbeat(
        self,
        play_id: FromPath[UUID],
        data: JSONBody[HeartbeatIn],
        plays: NamedDependency[PlayService],
    ) -> HeartbeatOut:
        """The ranges heard so far (the union is kept); never more than the time since the
        play opened; refused for another work's token, another token, or an expired one."""
        beat = await plays.beat(play_id, data.token, list(data.ranges), final=data.final)
        return HeartbeatOut(beat.heard_s, beat.outcome, beat.standing, beat.closed)
