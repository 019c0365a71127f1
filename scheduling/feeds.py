"""A person's calendar feed: a secret URL calendar apps subscribe to, revoked by rotating it.

The URL carries the person's id and an HMAC of it with a random nonce kept per person: nothing
else to store, nothing to guess (the nonce is 128 bits, the MAC 128 bits), and a new nonce makes
every URL given out before answer 404.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

from infra.db.unit_of_work import UnitOfWork
from infra.errors import NotFound
from scheduling import repository as rows
from scheduling.errors import SchedulingError
from scheduling.ical import AgendaEntry, render_agenda
from scheduling.service import SchedulingService


class CalendarFeeds:
    def __init__(
        self,
        secret_key: str,
        scheduling: SchedulingService,
        unit_of_work: Callable[[], UnitOfWork],
    ) -> None:
        self._key = hashlib.sha256(b"lakou.scheduling.feed:" + secret_key.encode()).digest()
        self._scheduling = scheduling
        self._unit_of_work = unit_of_work

    async def token(self, user_id: UUID) -> str:
        nonce = await rows.feed_nonce(user_id)
        if nonce is None:
            async with self._unit_of_work():
                nonce = await rows.set_feed_nonce(
                    user_id, secrets.token_hex(16), datetime.now(UTC), replace=False
                )
        return self._mac(user_id, nonce)

    async def rotate(self, user_id: UUID) -> str:
        """A new token; the old URLs stop working."""
        async with self._unit_of_work():
            nonce = await rows.set_feed_nonce(
                user_id, secrets.token_hex(16), datetime.now(UTC), replace=True
            )
        return self._mac(user_id, nonce)

    async def ics(self, user_id: UUID, token: str) -> bytes:
        """The person's agenda as iCalendar, for the right token only (404 otherwise)."""
        nonce = await rows.feed_nonce(user_id)
        if nonce is None or not hmac.compare_digest(self._mac(user_id, nonce), token):
            raise NotFound(SchedulingError.FEED_NOT_FOUND)
        return render_agenda(await self.agenda(user_id))

    async def holds(self, user_id: UUID, token: str) -> bool:
        """Whether `token` is the person's current one: other modules' feeds (the markets'
        programme agenda) sign with it too, so one rotation revokes every URL given out."""
        nonce = await rows.feed_nonce(user_id)
        return nonce is not None and hmac.compare_digest(self._mac(user_id, nonce), token)

    async def agenda(self, user_id: UUID) -> list[AgendaEntry]:
        """The person's bookings (cancelled ones too), with what was booked with them."""
        bookings = await rows.person_bookings(user_id)
        together = await rows.groups(booking.group_id for booking in bookings)
        names = await rows.resources(
            booking.resource_id for group in together.values() for booking in group
        )
        calendars = {}
        for calendar_id in {booking.calendar_id for booking in bookings}:
            calendars[calendar_id] = await self._scheduling.calendar(calendar_id)
        return [
            AgendaEntry(
                booking=booking,
                calendar=calendars[booking.calendar_id],
                with_resources=tuple(
                    names[other.resource_id]
                    for other in together.get(booking.group_id, [])
                    if other.resource_id != booking.resource_id and other.resource_id in names
                ),
            )
            for booking in bookings
        ]

    def _mac(self, user_id: UUID, nonce: str) -> str:
        digest = hmac.new(self._key, f"{user_id}:{nonce}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")
