"""Audiences that stay live: someone who joins an organisation, or is accredited by a market,
after a screener was sent to it is invited too, while the screener's window lasts.

A consumer of `organisation.member_added` and `accreditation.granted`: it finds the open
screeners sent to that group (`lakou_screener_audiences`) and invites that one person through
the same path as the maker's sending (a codeword, the notification, `screener.invited`).
Someone already invited, or whose invitation was withdrawn, is not invited again; an
accreditation of another category than the screener's does not count. Leaving the group later
does not withdraw the invitation (the maker does, from the report).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from accounts.organisations.events import MEMBER_ADDED
from infra.errors import InvalidInput
from infra.events.consumers import handle_once
from infra.events.envelope import EventEnvelope
from marketplace.markets.events import ACCREDITATION_GRANTED
from marketplace.screeners.ports import People, Person
from marketplace.screeners.repository import ScreenerRepository
from marketplace.screeners.service import ScreenerService

CONSUMER = "screeners.live_audiences"
JOINING = (MEMBER_ADDED, ACCREDITATION_GRANTED)

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


class LiveAudiences:
    def __init__(
        self,
        screeners: ScreenerService,
        repository: ScreenerRepository,
        people: People,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._screeners = screeners
        self._repo = repository
        self._people = people
        self._now = clock

    async def on_joined(self, event: EventEnvelope) -> bool:
        """Idempotent: a redelivered event invites nobody twice."""
        if event.type == MEMBER_ADDED.name:
            member = MEMBER_ADDED.decode(event)
            kind, group_id, user_id, category = (
                "organisation",
                member.organisation_id,
                member.user_id,
                "",
            )
        else:
            granted = ACCREDITATION_GRANTED.decode(event)
            kind, group_id, user_id, category = (
                "market",
                granted.market_id,
                granted.user_id,
                granted.category,
            )
        sent = [
            screener_id
            for screener_id, wanted in await self._repo.live_audiences(kind, group_id, self._now())
            if wanted in ("", category)
        ]
        if not sent:
            return False

        async def invite(_: EventEnvelope) -> None:
            person = await self._person(kind, group_id, user_id)
            if person is None:
                return  # gone again (left, account closed) before this ran
            for screener_id in dict.fromkeys(sent):
                try:
                    await self._screeners.invite_joined(screener_id, [person])
                except InvalidInput:  # the screener is full (MAX_VIEWERS): the maker decides
                    log.warning("screener %s is full: %s not invited", screener_id, user_id)

        return await handle_once(CONSUMER, event, invite)

    async def _person(self, kind: str, group_id: UUID, user_id: UUID) -> Person | None:
        """The person as the audience names them (the organisation's name on the overlay)."""
        if kind == "organisation":
            found = await self._people.of_organisation(group_id)
            members = found[1] if found else []
        else:
            members = await self._people.accredited(group_id, None) or []
        return next((p for p in members if p.user_id == user_id), None)
