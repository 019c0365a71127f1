"""Making screeners and inviting people to them.

A rights holder makes a screener of a work they own, or of a work on a market stand they
exhibit on (an organisation's members exhibit its stands: that is how an organisation holds
works). The audience is resolved into one invitation per person when sent; sending more later
adds only the people not yet invited. Each invitation is a holder for the media's marked
copies (`MarkedStreams.issue`), told through the notifications module in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from accounts.domain import Principal, normalise_email
from accounts.passwords import hash_password
from infra.db.unit_of_work import UnitOfWork
from infra.errors import AppError, Conflict, Forbidden, InvalidInput, NotFound
from infra.ids import new_id
from infra.notifications import Notifier
from infra.services import Services
from marketplace.markets.accreditation import Category
from marketplace.screeners.domain import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    SCREENABLE,
    Invitation,
    Screener,
    SessionPolicy,
    Settings,
    check_countries,
)
from marketplace.screeners.errors import ScreenerError
from marketplace.screeners.events import (
    SCREENER_CREATED,
    SCREENER_INVITED,
    ScreenerCreated,
    ScreenerInvited,
)
from marketplace.screeners.notifications import INVITED
from marketplace.screeners.ports import MarkedStreams, People, Person, Stands, WorkMedia, Works
from marketplace.screeners.repository import ScreenerRepository

MAX_VIEWERS = 2000
MAX_EMAILS = 200
AUDIENCE_KINDS = ("people", "organisation", "market")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Audience:
    kind: str
    emails: tuple[str, ...] = ()
    organisation_id: UUID | None = None
    market_id: UUID | None = None
    category: str | None = None


@dataclass(frozen=True)
class Draft:
    work_id: UUID
    closes_at: datetime
    audiences: tuple[Audience, ...]
    opens_at: datetime | None = None
    stand_id: UUID | None = None
    max_views: int = 1
    password: str | None = None
    countries: tuple[str, ...] = ()
    download_allowed: bool = False
    renditions: tuple[str, ...] = ()
    session_policy: SessionPolicy = SessionPolicy.REFUSE_SECOND
    alert_emails: tuple[str, ...] = field(default=())


class ScreenerService:
    def __init__(
        self,
        repository: ScreenerRepository,
        works: Works,
        media: WorkMedia,
        stands: Stands,
        people: People,
        services: Services,
        unit_of_work: Callable[[], UnitOfWork],
        *,
        countries_known: bool,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.repository = repository
        self._works = works
        self._media = media
        self._stands = stands
        self._people = people
        # The marked streams and the notifier are found when used (registered after us).
        self._services = services
        self._uow = unit_of_work
        self.countries_known = countries_known
        self._now = clock

    @property
    def streams(self) -> MarkedStreams:
        return self._services.get(MarkedStreams)  # type: ignore[type-abstract]

    async def create(self, who: Principal, draft: Draft) -> tuple[Screener, int]:
        """The screener and how many people it invited."""
        work = await self._works.work(draft.work_id)
        if work is None:
            raise NotFound(ScreenerError.WORK_NOT_FOUND)
        if work.withdrawn:
            raise Conflict(ScreenerError.WORK_WITHDRAWN)
        market_id = None
        if draft.stand_id is not None:
            stand = await self._stands.exhibited(who.user_id, who.is_staff, draft.stand_id)
            if work.id not in stand.work_ids:
                raise NotFound(ScreenerError.WORK_NOT_FOUND)
            market_id = stand.market_id
        elif work.owner_id != who.user_id and not who.is_staff:
            raise NotFound(ScreenerError.WORK_NOT_FOUND)
        media = await self._media.main_media(work.id)
        if media is None:
            raise Conflict(ScreenerError.NO_MEDIA)
        if media.kind not in SCREENABLE:
            raise InvalidInput(ScreenerError.KIND_NOT_SCREENABLE, kind=media.kind)
        if media.status in ("uploaded", "processing"):
            raise Conflict(ScreenerError.WORK_PROCESSING)
        if media.status != "ready":
            raise Conflict(ScreenerError.MEDIA_UNUSABLE)
        now = self._now()
        settings = self._settings(draft, now, media.kind, media.renditions)
        people = await self._audience(draft.audiences, market_id)
        alerts = self._emails(draft.alert_emails)
        screener = Screener(
            id=new_id(),
            work_id=work.id,
            asset_id=media.asset_id,
            media_kind=media.kind,
            title=work.title,
            made_by=who.user_id,
            stand_id=draft.stand_id,
            settings=settings,
            duration_s=media.duration_s,
            created_at=now,
        )
        async with self._uow() as uow:
            await self.repository.add(screener)
            screener.record(
                SCREENER_CREATED.event(
                    screener.id,
                    ScreenerCreated(
                        screener_id=screener.id,
                        work_id=work.id,
                        made_by=who.user_id,
                        stand_id=draft.stand_id,
                    ),
                )
            )
            await self.streams.prepare(screener.asset_id)
            await self.repository.add_audiences(screener.id, _live(draft.audiences))
            invited = await self._invite(who.display_name, screener, people, set(alerts), now)
            uow.track(screener)
        return screener, invited

    async def invite(
        self,
        who: Principal,
        screener_id: UUID,
        audiences: Sequence[Audience],
        alerts: Sequence[str],
    ) -> int:
        screener = await self.managed(who, screener_id)
        market_id = None
        if screener.stand_id is not None:
            market_id = (
                await self._stands.exhibited(who.user_id, who.is_staff, screener.stand_id)
            ).market_id
        people = await self._audience(audiences, market_id)
        async with self._uow() as uow:
            await self.repository.lock(screener.id)
            await self.repository.add_audiences(screener.id, _live(audiences))
            invited = await self._invite(
                who.display_name, screener, people, set(self._emails(alerts)), self._now()
            )
            uow.track(screener)
        return invited

    async def invite_joined(self, screener_id: UUID, people: Sequence[Person]) -> int:
        """Invite people who joined one of the screener's audiences after it was sent (no one
        already invited, withdrawn or not), in the name of its maker; nothing once closed."""
        screener = await self.repository.get(screener_id)
        now = self._now()
        if screener is None or now >= screener.settings.closes_at:
            return 0
        sender = await self._people.name_of(screener.made_by)
        async with self._uow() as uow:
            await self.repository.lock(screener.id)
            invited = await self._invite(sender, screener, people, set(), now)
            uow.track(screener)
        return invited

    async def managed(self, who: Principal, screener_id: UUID) -> Screener:
        """A screener its maker (or staff) manages; not found for anyone else."""
        screener = await self.repository.get(screener_id)
        if screener is None or not (screener.made_by == who.user_id or who.is_staff):
            raise NotFound(ScreenerError.SCREENER_NOT_FOUND)
        return screener

    async def made(self, who: Principal) -> list[Screener]:
        return await self.repository.made_by(who.user_id)

    async def revoke(self, who: Principal, screener_id: UUID, invitation_id: UUID) -> Invitation:
        """Withdraw an invitation: its viewing ends and every link of it stops at once (the
        marked segments' route asks the screeners too). Sending the audience again does not
        bring it back; asking twice answers the same."""
        screener = await self.managed(who, screener_id)
        async with self._uow():
            invitation = await self.repository.invitation(invitation_id, for_update=True)
            if invitation is None or invitation.screener_id != screener.id:
                raise NotFound(ScreenerError.INVITATION_NOT_FOUND)
            if invitation.revoked_at is None:
                invitation.revoked_at = self._now()
                await self.repository.revoke(invitation.id, invitation.revoked_at)
                for viewing in await self.repository.viewings_of(invitation.id):
                    if viewing.ended_at is None:
                        viewing.end(invitation.revoked_at)
                        await self.repository.save_viewing(viewing)
        return invitation

    async def set_alert(
        self, who: Principal, screener_id: UUID, invitation_id: UUID, alert: bool
    ) -> Invitation:
        screener = await self.managed(who, screener_id)
        invitation = await self.repository.invitation(invitation_id)
        if invitation is None or invitation.screener_id != screener.id:
            raise NotFound(ScreenerError.INVITATION_NOT_FOUND)
        await self.repository.set_alert(invitation.id, alert)
        invitation.alert = alert
        return invitation

    # Helpers -----------------------------------------------------------------------------

    def _settings(
        self, draft: Draft, now: datetime, kind: str, available: Sequence[str]
    ) -> Settings:
        countries = check_countries(draft.countries)
        if countries and not self.countries_known:
            # Never a restriction that silently lets everyone in.
            raise InvalidInput(ScreenerError.COUNTRIES_UNAVAILABLE)
        password_hash = None
        if draft.password is not None and not PASSWORD_MIN <= len(draft.password) <= PASSWORD_MAX:
            raise InvalidInput(ScreenerError.INVALID_PASSWORD, min=PASSWORD_MIN, max=PASSWORD_MAX)
        settings = Settings(
            opens_at=draft.opens_at or now,
            closes_at=draft.closes_at,
            max_views=draft.max_views,
            countries=countries,
            download_allowed=draft.download_allowed,
            renditions=tuple(dict.fromkeys(draft.renditions)) or tuple(available),
            session_policy=draft.session_policy,
        )
        settings.check(now, kind, available)
        if draft.password is not None:
            password_hash = hash_password(draft.password)
        return Settings(**{**vars(settings), "password_hash": password_hash})

    @staticmethod
    def _emails(raw: Sequence[str]) -> list[str]:
        if len(raw) > MAX_EMAILS:
            raise InvalidInput(ScreenerError.TOO_MANY_VIEWERS, max=MAX_EMAILS)
        emails = []
        for address in raw:
            try:
                emails.append(normalise_email(address))
            except AppError:
                raise InvalidInput(ScreenerError.INVALID_EMAIL, email=address[:80]) from None
        return emails

    async def _audience(
        self, audiences: Sequence[Audience], market_id: UUID | None
    ) -> list[Person]:
        if not audiences:
            raise InvalidInput(ScreenerError.NO_AUDIENCE)
        people: dict[str, Person] = {}
        for audience in audiences:
            for person in await self._resolve(audience, market_id):
                people.setdefault(person.email, person)
        if not people:
            raise InvalidInput(ScreenerError.NO_AUDIENCE)
        if len(people) > MAX_VIEWERS:
            raise InvalidInput(ScreenerError.TOO_MANY_VIEWERS, max=MAX_VIEWERS)
        return list(people.values())

    async def _resolve(self, audience: Audience, market_id: UUID | None) -> list[Person]:
        if audience.kind == "people":
            return await self._people.by_emails(self._emails(audience.emails))
        if audience.kind == "organisation" and audience.organisation_id is not None:
            found = await self._people.of_organisation(audience.organisation_id)
            if found is None:
                raise NotFound(ScreenerError.ORGANISATION_NOT_FOUND)
            return found[1]
        if audience.kind == "market" and audience.market_id is not None:
            if audience.category is not None and audience.category not in {
                c.value for c in Category
            }:
                raise InvalidInput(
                    ScreenerError.INVALID_CATEGORY,
                    category=audience.category[:30],
                    allowed=", ".join(c.value for c in Category),
                )
            if market_id != audience.market_id:
                raise Forbidden(ScreenerError.MARKET_AUDIENCE_NEEDS_STAND)
            accredited = await self._people.accredited(audience.market_id, audience.category)
            if accredited is None:
                raise NotFound(ScreenerError.MARKET_NOT_FOUND)
            return accredited
        raise InvalidInput(
            ScreenerError.UNKNOWN_AUDIENCE,
            kind=audience.kind[:30],
            allowed=", ".join(AUDIENCE_KINDS),
        )

    async def _invite(
        self,
        sender: str,
        screener: Screener,
        people: Sequence[Person],
        alerts: set[str],
        now: datetime,
    ) -> int:
        known = await self.repository.invited_emails(screener.id)
        fresh = [p for p in people if p.email not in known]
        if len(known) + len(fresh) > MAX_VIEWERS:
            raise InvalidInput(ScreenerError.TOO_MANY_VIEWERS, max=MAX_VIEWERS)
        invitations = []
        for person in fresh:
            organisation = person.organisation
            if not organisation and person.user_id is not None:
                organisation = await self._people.organisation_of(person.user_id)
            invitations.append(
                Invitation.of(
                    screener.id,
                    person.user_id,
                    person.email,
                    person.name,
                    organisation,
                    person.email in alerts,
                    now,
                )
            )
        await self.repository.add_invitations(invitations)
        notifier: Notifier = self._services.get(Notifier)  # type: ignore[type-abstract]
        params: dict[str, Any] = {
            "title": screener.title[:200],
            "sender": sender[:120],
            "closes": screener.settings.closes_at.strftime("%d/%m/%Y %H:%M"),
        }
        for invitation in invitations:
            await self.streams.issue(screener.asset_id, str(invitation.id))
            link = f"/screeners/{invitation.id}"
            if invitation.user_id is not None:
                await notifier.notify(
                    INVITED, invitation.user_id, key=str(invitation.id), params=params, link=link
                )
            else:
                await notifier.mail_address(
                    INVITED,
                    invitation.email,
                    key=str(invitation.id),
                    language="fr",
                    params={**params, "link": link},
                )
        if invitations:
            screener.record(
                SCREENER_INVITED.event(
                    screener.id,
                    ScreenerInvited(
                        screener_id=screener.id, work_id=screener.work_id, invited=len(invitations)
                    ),
                )
            )
        return len(invitations)


def _live(audiences: Sequence[Audience]) -> list[tuple[str, UUID, str]]:
    """The audiences that grow (an organisation's members, a market's accredited): kept, so
    whoever joins them later is invited too."""
    groups: list[tuple[str, UUID, str]] = []
    for audience in audiences:
        if audience.kind == "organisation" and audience.organisation_id is not None:
            groups.append(("organisation", audience.organisation_id, ""))
        elif audience.kind == "market" and audience.market_id is not None:
            groups.append(("market", audience.market_id, audience.category or ""))
    return groups
