"""Watching a screener: opening a view, heartbeats, the playlist and the book, for the invited.

Every refusal is a 4xx with its code: not invited (404), before or after the window, outside
the allowed countries, over the view cap, wrong password (403), a second browser while the
first plays (409 under "refuse_second"; under "end_first" the first stops at its next request).
A viewing's link is signed and bound to its invitation: another signed-in person gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from accounts.domain import Principal
from accounts.passwords import verify_password
from accounts.rate_limit import RateLimiter
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, NotFound, RateLimited
from infra.events.model import EventRecorder
from infra.notifications import Notifier
from infra.services import Services
from marketplace.screeners.domain import (
    BeatEvent,
    Invitation,
    Screener,
    SessionPolicy,
    Viewing,
)
from marketplace.screeners.errors import ScreenerError
from marketplace.screeners.events import SCREENER_VIEWED, ScreenerViewed
from marketplace.screeners.links import ViewingLinks, browser_digest
from marketplace.screeners.notifications import WATCHED
from marketplace.screeners.playlists import offered_only
from marketplace.screeners.ports import ABSENT, PREPARING, READY, MarkedStreams, Works
from marketplace.screeners.repository import ScreenerRepository

PASSWORD_TRIES = 10
PASSWORD_WINDOW_S = 900
# A viewing's link lasts long enough to watch the work three times over, at least four hours.
MIN_LINK_TTL = timedelta(hours=4)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Opened:
    viewing: Viewing
    invitation: Invitation
    screener: Screener
    token: str
    resumed: bool


@dataclass(frozen=True)
class Current:
    viewing: Viewing
    invitation: Invitation
    screener: Screener


class _Changes(EventRecorder):
    """The view's event, for the unit of work."""


class ViewingService:
    def __init__(
        self,
        repository: ScreenerRepository,
        links: ViewingLinks,
        limiter: RateLimiter,
        services: Services,
        unit_of_work: Callable[[], UnitOfWork],
        works: Works,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._works = works
        self._repo = repository
        self._links = links
        self._limiter = limiter
        self._services = services
        self._uow = unit_of_work
        self._now = clock

    @property
    def _streams(self) -> MarkedStreams:
        return self._services.get(MarkedStreams)  # type: ignore[type-abstract]

    async def invited(self, who: Principal) -> list[tuple[Invitation, Screener]]:
        """The person's screeners, newest invitation first."""
        invitations = await self._repo.of_viewer(
            who.user_id, who.email if who.email_verified else None
        )
        screeners = await self._repo.of_ids([i.screener_id for i in invitations])
        return [(i, screeners[i.screener_id]) for i in invitations if i.screener_id in screeners]

    async def invitation_for(
        self, who: Principal, invitation_id: UUID
    ) -> tuple[Invitation, Screener]:
        invitation = await self._repo.invitation(invitation_id)
        if invitation is None or not _holds(who, invitation):
            raise NotFound(ScreenerError.INVITATION_NOT_FOUND)
        if invitation.revoked_at is not None:
            raise Forbidden(ScreenerError.INVITATION_REVOKED)
        screener = await self._repo.get(invitation.screener_id)
        if screener is None:
            raise NotFound(ScreenerError.INVITATION_NOT_FOUND)
        return invitation, screener

    async def views_used(self, invitation_id: UUID) -> int:
        return len(await self._repo.viewings_of(invitation_id))

    async def open(
        self,
        who: Principal,
        invitation_id: UUID,
        *,
        password: str | None,
        browser_key: str,
        country: str | None,
        device: str,
    ) -> Opened:
        invitation, screener = await self.invitation_for(who, invitation_id)
        now = self._now()
        screener.admit(now, country)
        await self._still_shown(screener)
        # Before the password: a page retrying while the copy is prepared spends no tries.
        await self._marked_copy_ready(screener, invitation)
        await self._check_password(screener, invitation, password)
        browser = browser_digest(browser_key)
        changes = _Changes()
        async with self._uow() as uow:
            locked = await self._repo.invitation(invitation.id, for_update=True)
            assert locked is not None
            if locked.revoked_at is not None:  # withdrawn while this opening was checked
                raise Forbidden(ScreenerError.INVITATION_REVOKED)
            if locked.user_id is None:
                await self._repo.claim(locked.id, who.user_id)
                locked.user_id = who.user_id
            viewings = await self._repo.viewings_of(locked.id)
            viewing = next((v for v in viewings if v.resumable_by(browser, now)), None)
            resumed = viewing is not None
            if viewing is None:
                viewing = await self._start(
                    screener, locked, viewings, browser, country, device, now
                )
                changes.record(
                    SCREENER_VIEWED.event(
                        screener.id,
                        ScreenerViewed(
                            screener_id=screener.id,
                            work_id=screener.work_id,
                            invitation_id=locked.id,
                            viewer_id=who.user_id,
                            viewing_id=viewing.id,
                            country=country,
                        ),
                    )
                )
                if locked.alert:
                    await self._tell_holder(screener, locked, viewing)
            uow.track(changes)
        token = self._links.token(viewing.id, self._expiry(screener, now))
        return Opened(viewing, locked, screener, token, resumed)

    async def current(self, who: Principal, token: str) -> Current:
        """The viewing a link opens, for its own viewer, while it is current."""
        now = self._now()
        viewing = await self._repo.viewing(self._links.verify(token, now))
        if viewing is None:
            raise Forbidden(ScreenerError.INVALID_LINK)
        invitation = await self._repo.invitation(viewing.invitation_id)
        screener = await self._repo.get(viewing.screener_id)
        if invitation is None or screener is None:
            raise Forbidden(ScreenerError.INVALID_LINK)
        if invitation.user_id != who.user_id:
            raise Forbidden(ScreenerError.NOT_YOUR_LINK)
        if invitation.revoked_at is not None:
            raise Forbidden(ScreenerError.INVITATION_REVOKED)
        if now >= screener.settings.closes_at:
            raise Forbidden(ScreenerError.CLOSED)
        await self._still_shown(screener)
        viewing.require_current()
        return Current(viewing, invitation, screener)

    async def _still_shown(self, screener: Screener) -> None:
        """A work withdrawn (by its owner or by moderation) or deleted stops its screeners at
        the next opening, heartbeat, playlist or segment; published again, they play again."""
        work = await self._works.work(screener.work_id)
        if work is None or work.withdrawn:
            raise Forbidden(ScreenerError.WORK_WITHDRAWN)

    async def heartbeat(
        self,
        who: Principal,
        token: str,
        event: BeatEvent,
        position_s: float,
        played_s: float,
        country: str | None,
    ) -> Viewing:
        found = await self.current(who, token)
        now = self._now()
        found.screener.admit(now, country)
        async with self._uow():
            viewing = await self._repo.viewing(found.viewing.id, for_update=True)
            assert viewing is not None
            viewing.beat(event, position_s, played_s, country, now)
            await self._repo.save_viewing(viewing)
        return viewing

    async def playlist(self, who: Principal, token: str) -> str:
        found = await self.current(who, token)
        if found.screener.media_kind not in ("video", "audio"):
            raise NotFound(ScreenerError.NOT_A_STREAM)
        text = await self._streams.master_playlist(
            found.screener.asset_id,
            str(found.invitation.id),
            self._expiry(found.screener, self._now()),
        )
        return offered_only(text, found.screener.settings.renditions)

    async def document(self, who: Principal, token: str) -> tuple[bytes, Current]:
        found = await self.current(who, token)
        if found.screener.media_kind != "book":
            raise NotFound(ScreenerError.NOT_A_DOCUMENT)
        invitation = found.invitation
        line = " · ".join(
            part
            for part in (
                "Screener Lakou",
                invitation.name,
                invitation.organisation,
                self._now().strftime("%d/%m/%Y %H:%M UTC"),
            )
            if part
        )
        content = await self._streams.stamped_document(
            found.screener.asset_id, str(invitation.id), line
        )
        return content, found

    # Helpers -----------------------------------------------------------------------------

    async def _start(
        self,
        screener: Screener,
        invitation: Invitation,
        viewings: list[Viewing],
        browser: str,
        country: str | None,
        device: str,
        now: datetime,
    ) -> Viewing:
        elsewhere = any(v.live(now) and v.browser != browser for v in viewings)
        if elsewhere and screener.settings.session_policy is SessionPolicy.REFUSE_SECOND:
            raise Conflict(ScreenerError.IN_USE)
        if len(viewings) >= screener.settings.max_views:
            raise Forbidden(ScreenerError.VIEW_LIMIT, max=screener.settings.max_views)
        # One viewing at a time: whatever was left open (live elsewhere under "end_first",
        # or abandoned) ends, so its link stops working.
        for other in viewings:
            if other.ended_at is None:
                other.end(now)
                await self._repo.save_viewing(other)
        viewing = Viewing.start(invitation, browser, country, device, now)
        await self._repo.add_viewing(viewing)
        return viewing

    async def _marked_copy_ready(self, screener: Screener, invitation: Invitation) -> None:
        """The viewer's marked copy can be played, or a 409 says why not."""
        state = await self._streams.state(screener.asset_id)
        if state == ABSENT:
            # Made before its copies were marked (or their rows were lost): asked now, once.
            await self._streams.prepare(screener.asset_id)
            state = PREPARING
        if state == PREPARING:
            raise Conflict(ScreenerError.NOT_READY)
        if state != READY:
            raise Conflict(ScreenerError.PREPARATION_FAILED)
        # Issued when invited; again here (idempotent) for invitations older than the marks.
        await self._streams.issue(screener.asset_id, str(invitation.id))

    async def _check_password(
        self, screener: Screener, invitation: Invitation, password: str | None
    ) -> None:
        if screener.settings.password_hash is None:
            return
        if not password:
            raise Forbidden(ScreenerError.PASSWORD_REQUIRED)
        wait = await self._limiter.hit(
            f"screeners:password:{invitation.id}", PASSWORD_TRIES, PASSWORD_WINDOW_S
        )
        if wait is not None:
            raise RateLimited(retry_after_s=wait)
        if not verify_password(screener.settings.password_hash, password):
            raise Forbidden(ScreenerError.WRONG_PASSWORD)

    async def _tell_holder(
        self, screener: Screener, invitation: Invitation, viewing: Viewing
    ) -> None:
        notifier: Notifier = self._services.get(Notifier)  # type: ignore[type-abstract]
        await notifier.notify(
            WATCHED,
            screener.made_by,
            key=str(viewing.id),
            params={"viewer": invitation.name[:120], "title": screener.title[:200]},
            link=f"/screeners/envoyes/{screener.id}/rapport",
        )

    @staticmethod
    def _expiry(screener: Screener, now: datetime) -> datetime:
        ttl = max(MIN_LINK_TTL, timedelta(seconds=screener.duration_s * 3))
        return min(screener.settings.closes_at, now + ttl)


def _holds(who: Principal, invitation: Invitation) -> bool:
    if invitation.user_id is not None:
        return invitation.user_id == who.user_id
    # Sent to an address before it had an account: its verified holder claims it.
    return who.email_verified and who.email.lower() == invitation.email
