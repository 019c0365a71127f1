"""The mail platform: messages as values, their bytes, DKIM, and the transports they leave by.

Generic: it knows nothing of who is told what (that is `accounts.notifications`).
"""

from infra.mail.dkim import DkimSigner
from infra.mail.factory import make_mail_transport
from infra.mail.mailbox import FolderMailbox, MailboxEntry, MailboxMessage, UnknownMailboxMessage
from infra.mail.message import (
    InvalidMailAddress,
    MailAddress,
    OutgoingMail,
    build_message,
    make_message_id,
)
from infra.mail.transport import MailRejected, MailTransport, MailUnavailable, SmtpTransport

__all__ = [
    "DkimSigner",
    "FolderMailbox",
    "InvalidMailAddress",
    "MailAddress",
    "MailRejected",
    "MailTransport",
    "MailUnavailable",
    "MailboxEntry",
    "MailboxMessage",
    "OutgoingMail",
    "SmtpTransport",
    "UnknownMailboxMessage",
    "build_message",
    "make_mail_transport",
    "make_message_id",
]
