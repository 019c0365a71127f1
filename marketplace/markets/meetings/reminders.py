"""The meetings' reminder: a periodic job tells both sides of each meeting starting within the
next half hour (`markets.meeting_reminder`), once: the notifier keys it by the meeting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from infra.db.unit_of_work import UnitOfWork
from infra.errors import NotFound
from infra.notifications import Notifier
from marketplace.markets.meetings.notifications import REMINDER, tell
from marketplace.markets.meetings.repository import MeetingRepository
from marketplace.markets.stands import StandService

# The job runs every minute; a meeting starting within this is reminded of.
REMIND_BEFORE = timedelta(minutes=30)


def _now() -> datetime:
    return datetime.now(UTC)


class MeetingReminders:
    def __init__(
        self,
        stands: StandService,
        repository: MeetingRepository,
        notifier: Callable[[], Notifier],
        unit_of_work: Callable[[], UnitOfWork],
        now: Callable[[], datetime] = _now,
    ) -> None:
        self._stands = stands
        self._repo = repository
        self._notifier = notifier
        self._uow = unit_of_work
        self._now = now

    async def remind(self) -> int:
        """How many notices it handed over (a second run hands the same ones, told once)."""
        now = self._now()
        told = 0
        for meeting in await self._repo.booked_between(now, now + REMIND_BEFORE):
            try:
                view = await self._stands.view(None, meeting.market_id, meeting.stand_id)
            except NotFound:
                continue  # the market was taken off line since: nobody to meet there
            async with self._uow():
                for person in {meeting.professional_id, meeting.exhibitor_id}:
                    if person is not None:
                        await tell(
                            self._notifier(), REMINDER, person, meeting, view.stand, view.market
                        )
                        told += 1
        return told
