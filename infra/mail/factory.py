"""The transport the settings choose: SMTP when `LAKOU_SMTP_URL` is set, else the folder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from infra.mail.mailbox import FolderMailbox
from infra.mail.transport import MailTransport, SmtpTransport

if TYPE_CHECKING:
    from infra.settings import Settings


def make_mail_transport(settings: Settings) -> MailTransport:
    mail = settings.mail
    if mail.smtp_url is not None:
        return SmtpTransport.from_url(mail.smtp_url, timeout_s=mail.smtp_timeout_s)
    return FolderMailbox(mail.mailbox_dir)
