"""Mail in end-to-end tests: the container's queue delivered to a real SMTP server.

async def test_x(client, mailroom):
    ... something that queues a mail ...
    [mail] = await mailroom.deliver(1)         # sends what is due, waits for it to arrive
    assert mailroom.link_in(mail).startswith("http://")
"""

from __future__ import annotations

import re
from email.message import EmailMessage

from accounts.notifications.delivery import MailDelivery
from accounts.notifications.tables import QueuedMail
from tests.mail_server import ReceivedMail, SmtpServer

_LINK = re.compile(r"https?://\S+")


class Mailroom:
    def __init__(self, delivery: MailDelivery, server: SmtpServer) -> None:
        self.delivery = delivery
        self.server = server

    async def deliver(self, expected_total: int) -> list[ReceivedMail]:
        """Send every due mail; all mails received so far once there are `expected_total`."""
        await self.delivery.deliver_due()
        return await self.server.wait_for_async(expected_total)

    def to(self, address: str) -> list[ReceivedMail]:
        return [mail for mail in self.server.received if address in mail.recipients]

    @staticmethod
    def text(mail: ReceivedMail) -> str:
        body = mail.message.get_body(("plain",))
        assert isinstance(body, EmailMessage)
        return str(body.get_content())

    @classmethod
    def links_in(cls, mail: ReceivedMail) -> list[str]:
        return _LINK.findall(cls.text(mail))

    @staticmethod
    async def queued(address: str) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = await QueuedMail.select().where(
            QueuedMail.address == address
        )
        return rows
