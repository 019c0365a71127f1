"""Sending the queued mails: due ones claimed, sent, marked; failures retried, never lost.

A batch is claimed by moving its next attempt a lease ahead (one UPDATE that only matches rows
still due), so two delivery loops never send one mail at the same time, and a process killed while
sending leaves the row to be claimed again once the lease runs out. A mail sent just before a
crash may leave twice: it carries the same Message-ID both times, so a mail client shows it once.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from accounts.notifications.tables import QueuedMail
from infra.db.values import as_utc
from infra.mail import (
    DkimSigner,
    InvalidMailAddress,
    MailAddress,
    MailRejected,
    MailTransport,
    MailUnavailable,
    OutgoingMail,
    build_message,
    make_message_id,
)

log = logging.getLogger("lakou.mail")

LEASE = timedelta(minutes=5)
# Retried with a doubling delay up to an hour, for three days; then given up as failed.
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(days=3)
PENDING, SENT, FAILED = "pending", "sent", "failed"


def retry_delay(attempts: int) -> timedelta:
    wait: timedelta = FIRST_RETRY * (2 ** min(attempts - 1, 20))
    return min(wait, LONGEST_WAIT)


class MailDelivery:
    def __init__(
        self,
        transport: MailTransport,
        sender: MailAddress,
        dkim: DkimSigner | None = None,
        *,
        parallel: int = 1,
    ) -> None:
        self._transport = transport
        self._parallel = max(1, parallel)
        self._sender = sender
        self._dkim = dkim
        self._domain = sender.address.rpartition("@")[2] or "localhost"

    @property
    def transport(self) -> MailTransport:
        return self._transport

    async def deliver_due(self, limit: int = 50) -> int:
        """Send the mails whose time has come; how many left. The relay runs it periodically."""
        now = datetime.now(UTC)
        due = (
            await QueuedMail.select(QueuedMail.id)
            .where((QueuedMail.status == PENDING) & (QueuedMail.next_attempt_at <= now))
            .order_by(QueuedMail.next_attempt_at)
            .limit(limit)
        )
        if not due:
            return 0
        # One statement claims the batch; a row another loop took meanwhile is not returned.
        claimed = (
            await QueuedMail.update({QueuedMail.next_attempt_at: now + LEASE})
            .where(
                QueuedMail.id.is_in([row["id"] for row in due])
                & (QueuedMail.status == PENDING)
                & (QueuedMail.next_attempt_at <= now)
            )
            .returning(*QueuedMail.all_columns())
        )
        # A few SMTP conversations at once: each mostly waits on the network.
        slots = asyncio.Semaphore(self._parallel)

        async def send(row: dict[str, Any]) -> int:
            async with slots:
                return await self._send(row)

        return sum(await asyncio.gather(*(send(row) for row in claimed)))

    async def _send(self, row: dict[str, Any]) -> int:
        mail_id = row["id"]
        attempts = int(row["attempts"]) + 1
        try:
            message = build_message(self._outgoing(row), self._dkim)
            await self._transport.send(self._sender.address, [row["address"]], message)
        except MailUnavailable as error:
            await self._retry_later(row, attempts, str(error))
            return 0
        except (MailRejected, InvalidMailAddress, ValueError) as error:
            log.warning("mail %s refused for good: %s", mail_id, error)
            await self._mark(mail_id, attempts, FAILED, str(error))
            return 0
        await self._mark(mail_id, attempts, SENT, "")
        return 1

    def _outgoing(self, row: dict[str, Any]) -> OutgoingMail:
        return OutgoingMail(
            message_id=make_message_id(str(row["id"]), self._domain),
            sender=self._sender,
            to=MailAddress(row["address"]),
            subject=row["subject"],
            text=row["text_body"],
            html=row["html_body"],
            date=as_utc(row["created_at"]),
            unsubscribe_url=row["unsubscribe_url"],
        )

    async def _retry_later(self, row: dict[str, Any], attempts: int, error: str) -> None:
        now = datetime.now(UTC)
        if now - as_utc(row["created_at"]) > GIVE_UP_AFTER:
            log.error("mail %s given up after %s attempts: %s", row["id"], attempts, error)
            await self._mark(row["id"], attempts, FAILED, error)
            return
        await QueuedMail.update(
            {
                QueuedMail.attempts: attempts,
                QueuedMail.next_attempt_at: now + retry_delay(attempts),
                QueuedMail.last_error: error[:500],
            }
        ).where(QueuedMail.id == row["id"])

    async def _mark(self, mail_id: UUID, attempts: int, status: str, error: str) -> None:
        await QueuedMail.update(
            {
                QueuedMail.status: status,
                QueuedMail.attempts: attempts,
                QueuedMail.last_error: error[:500],
                QueuedMail.sent_at: datetime.now(UTC) if status == SENT else None,
            }
        ).where(QueuedMail.id == mail_id)
