"""The play protocol: open a play on a playback token, report what was heard, settle it once.

`open` gives a play id bound to the token and its work; `beat` takes the ranges of positions
heard (cumulative: each heartbeat may repeat the earlier ones, the server keeps the union) and
refuses more listening than wall-clock time since the opening. A play settles once (a
settlement row keyed by the play): when it reaches its threshold, or when it closes without
reaching it (the last heartbeat, a token reopened after silence, or the idle-plays job). The
settlement emits `media.play_counted`, with the owner's or staff's exclusion in it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

from accounts.domain import Principal
from infra.db.unit_of_work import UnitOfWork
from infra.errors import AppError, Conflict, Forbidden, InvalidInput, NotFound
from infra.events.model import EventRecorder
from infra.ids import new_id
from media.access.tokens import InvalidToken, PlaybackGrant, Scope, TokenSigner
from media.access.works import WorkDirectory
from media.assets.domain import MediaAsset
from media.assets.repository import AssetRepository
from media.errors import MediaError
from media.events import MEDIA_PLAY_COUNTED, PlayCountedEvent
from media.plays import domain
from media.plays.listeners import Pseudonyms
from media.plays.origins import SOURCES, origin_of, viewer_country
from media.plays.repository import Play, PlayRepository, is_unique_violation

# A play without a heartbeat for this long is closed (players beat every 10 seconds).
IDLE_S = 120
HEARTBEAT_S = 10


class Gone(AppError):
    status_code = 410


@dataclass(frozen=True)
class Opened:
    play_id: UUID
    threshold_s: float
    heartbeat_s: int = HEARTBEAT_S


@dataclass(frozen=True)
class Beat:
    heard_s: float
    outcome: str
    standing: str | None  # counted, repeat, excluded, short; None until settled
    closed: bool


class _Settled(EventRecorder):
    pass


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _duration(asset: MediaAsset, scope: Scope) -> float | None:
    whole = asset.facts.get("duration_s")
    duration = float(whole) if isinstance(whole, int | float) and whole > 0 else None
    if scope is Scope.FULL:
        return duration
    length = asset.preview.length_s
    return min(length, max(0.0, duration - asset.preview.start_s)) if duration else length


class PlayService:
    def __init__(
        self,
        unit_of_work: Callable[[], UnitOfWork],
        assets: AssetRepository,
        works: WorkDirectory,
        signer: TokenSigner,
        secret: str,
        repository: PlayRepository | None = None,
    ) -> None:
        self._uow = unit_of_work
        self._assets = assets
        self._works = works
        self._signer = signer
        self._pseudonyms = Pseudonyms(secret)
        self._plays = repository or PlayRepository()
        # The time now; tests move it instead of waiting.
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def _grant(self, token: str) -> PlaybackGrant:
        try:
            grant = self._signer.verify(token, now=self.clock().timestamp())
        except InvalidToken as error:
            if error.reason is MediaError.TOKEN_EXPIRED:
                raise Gone(MediaError.PLAY_TOKEN_EXPIRED) from None
            raise Forbidden(error.reason) from None
        if grant.scope is Scope.DOWNLOAD:
            raise Forbidden(MediaError.NOT_PLAYABLE)
        return grant

    async def open(
        self,
        viewer: Principal | None,
        token: str,
        *,
        source: str,
        referrer: str | None,
        reported_country: str | None,
        cookie: str | None,
    ) -> Opened:
        """Open a play; `viewer` is who the session says (None in an embed), `cookie` the
        anonymous listener's random id (None when the player sends no cookie)."""
        grant = self._grant(token)
        if grant.viewer_id and viewer is not None and viewer.user_id != grant.viewer_id:
            raise Forbidden(MediaError.NOT_YOUR_LINK)
        asset = await self._assets.get(grant.asset_id)
        if asset is None:
            raise NotFound(MediaError.MEDIA_NOT_FOUND)
        now = self.clock()
        play_id = new_id()
        excluded = await self._exclusion(viewer, grant, asset)
        play = Play(
            id=play_id,
            work_id=asset.work_id,
            asset_id=asset.id,
            token_hash=token_hash(token),
            scope="full" if grant.scope is Scope.FULL else "preview",
            listener=self._pseudonyms.of(grant.viewer_id, cookie, play_id),
            viewer_id=grant.viewer_id,
            excluded=excluded,
            source=source if source in SOURCES else "direct",
            referrer=origin_of(referrer) if source == "embed" else None,
            country=viewer_country(reported_country),
            duration_s=_duration(asset, grant.scope),
            opened_at=now,
            beat_at=now,
        )
        try:
            async with self._uow() as uow:
                current = await self._plays.open_on_token(play.token_hash)
                if current is not None:
                    if current.beat_at > now - timedelta(seconds=IDLE_S):
                        raise Conflict(MediaError.PLAY_ALREADY_OPEN)
                    uow.track(await self._close(current, current.beat_at, now))
                await self._plays.insert(play)
        except Exception as error:
            # Two openings on one token at the same moment: the partial unique index refuses one.
            if is_unique_violation(error):
                raise Conflict(MediaError.PLAY_ALREADY_OPEN) from None
            raise
        return Opened(play_id, domain.threshold(play.duration_s))

    async def _exclusion(
        self, viewer: Principal | None, grant: PlaybackGrant, asset: MediaAsset
    ) -> str | None:
        if viewer is not None and viewer.is_staff:
            return "staff"
        if grant.viewer_id is None:
            return None
        work = await self._works.visible_work(asset.work_id, viewer)
        owner = work.owner_id if work is not None else asset.owner_id
        return "owner" if grant.viewer_id in (owner, asset.owner_id) else None

    async def beat(
        self, play_id: UUID, token: str, ranges: list[domain.Range], *, final: bool
    ) -> Beat:
        """One heartbeat: the ranges heard so far (cumulative); `final` closes the play."""
        grant = self._grant(token)
        async with self._uow() as uow:
            play = await self._plays.get(play_id, for_update=True)
            if play is None:
                raise NotFound(MediaError.PLAY_NOT_FOUND)
            if token_hash(token) != play.token_hash:
                asset = await self._assets.get(grant.asset_id)
                if asset is None or asset.work_id != play.work_id:
                    raise Conflict(MediaError.PLAY_OTHER_WORK)
                raise Conflict(MediaError.PLAY_OTHER_TOKEN)
            if play.closed_at is not None:
                raise Conflict(MediaError.PLAY_CLOSED)
            now = self.clock()
            merged = domain.merge([*(play.ranges or []), *ranges], play.duration_s)
            heard = domain.heard(merged)
            allowed = domain.allowed_s(play.opened_at, now)
            if heard > allowed:
                raise InvalidInput(
                    MediaError.HEARD_TOO_MUCH,
                    heard=f"{heard:.0f}",
                    elapsed=f"{allowed - domain.SLACK_S:.0f}",
                )
            play = replace(
                play,
                ranges=merged,
                heard_s=heard,
                tenths=domain.tenths(merged, play.duration_s),
                outcome=domain.outcome(heard, play.duration_s),
                beat_at=now,
                closed_at=now if final else None,
            )
            settled = _Settled()
            if play.standing is None and (final or heard >= domain.threshold(play.duration_s)):
                play = await self._settle(play, settled, now)
            await self._plays.save_progress(play)
            uow.track(settled)
        return Beat(round(play.heard_s, 1), play.outcome, play.standing, play.closed_at is not None)

    async def _close(self, play: Play, at: datetime, now: datetime) -> _Settled:
        settled = _Settled()
        play = replace(play, closed_at=at)
        if play.standing is None:
            play = await self._settle(play, settled, now)
        await self._plays.save_progress(play)
        return settled

    async def _settle(self, play: Play, recorder: _Settled, now: datetime) -> Play:
        reached = play.heard_s >= domain.threshold(play.duration_s)
        event_id = new_id()
        counted = await self._plays.settle(
            play, event_id, domain.bucket(play.opened_at), reached and not play.excluded, now
        )
        if counted is None:  # settled already (by a heartbeat at the same moment)
            return play
        if not reached:
            standing = "short"
        elif play.excluded:
            standing = "excluded"
        else:
            standing = "counted" if counted else "repeat"
        event = MEDIA_PLAY_COUNTED.event(
            play.work_id,
            PlayCountedEvent(
                play_id=play.id,
                work_id=play.work_id,
                asset_id=play.asset_id,
                listener=play.listener,
                viewer_id=play.viewer_id,
                full=play.scope == "full",
                counted=bool(counted),
                excluded=play.excluded,
                country=play.country,
                source=play.source,
                referrer=play.referrer,
                heard_s=round(play.heard_s, 1),
                duration_s=play.duration_s,
                outcome=play.outcome,
                opened_at=play.opened_at.astimezone(UTC).isoformat(),
            ),
        )
        recorder.record(replace(event, id=event_id, occurred_at=now))
        return replace(play, standing=standing)

    async def close_idle(self) -> int:
        """Close the plays silent for two minutes (their last heartbeat was lost)."""
        now = self.clock()
        closed = 0
        for play in await self._plays.idle(now - timedelta(seconds=IDLE_S)):
            async with self._uow() as uow:
                current = await self._plays.get(play.id, for_update=True)
                if current is None or current.closed_at is not None:
                    continue
                uow.track(await self._close(current, current.beat_at, now))
                closed += 1
        return closed
