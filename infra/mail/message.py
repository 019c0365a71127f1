"""One outgoing e-mail as a value, and the exact bytes sent for it.

The bytes are a function of the value alone (no clock, no random boundary left to chance
that matters to a reader): a retry after a crash re-sends the same Message-ID, so a mail client
that got the first copy shows the message once. Nothing a person typed can create a header:
names and subjects have their control characters replaced by spaces, and an address carrying
one is refused (`InvalidMailAddress`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infra.mail.dkim import DkimSigner


class InvalidMailAddress(ValueError):
    """An address that cannot be put in a header or an SMTP command as it is."""


# C0 controls, DEL, C1 controls and the Unicode line and paragraph separators: any of them
# could end a header line in some reader.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# A plain ASCII addr-spec: what every SMTP server takes without SMTPUTF8.
_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$"
)
_DOMAIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
_MESSAGE_ID = re.compile(r"^<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+>$")
_URL = re.compile(r"^(https?|mailto):[^\s<>\"]+$")
# 7-bit bodies (quoted-printable or base64 for accents): no relay has to convert them, which
# would break the DKIM signature, and no server needs 8BITMIME.
_POLICY = SMTP.clone(cte_type="7bit")


def clean_text(value: str) -> str:
    """A name or subject with every control character (CR, LF, NUL, tab...) made a space."""
    return _CONTROL.sub(" ", value).strip()


def check_address(address: str) -> str:
    """The address itself if it is a plain ASCII `local@domain`; else `InvalidMailAddress`."""
    if not _ADDRESS.fullmatch(address) or ".." in address or len(address) > 254:
        raise InvalidMailAddress(f"{address!r} is not an e-mail address (local@domain, ASCII)")
    return address


@dataclass(frozen=True)
class MailAddress:
    """An address and the name shown beside it; the address is checked when it is made."""

    address: str
    name: str = ""

    def __post_init__(self) -> None:
        check_address(self.address)

    @classmethod
    def parse(cls, value: str) -> MailAddress:
        """`noreply@lakou.mq` or `Lakou <noreply@lakou.mq>` (the name may be quoted)."""
        if _CONTROL.search(value):
            raise InvalidMailAddress(f"{value!r} contains a control character")
        match = re.fullmatch(r"\s*(?:([^<>]*?)\s*<([^<>]+)>|([^<>\s]+))\s*", value)
        if match is None:
            raise InvalidMailAddress(f"{value!r} is not an address or `Name <address>`")
        name, bracketed, bare = match.groups()
        name = (name or "").strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        return cls(address=bracketed or bare, name=name)

    def header(self) -> Address:
        username, domain = self.address.rsplit("@", 1)
        return Address(display_name=clean_text(self.name), username=username, domain=domain)

    def __str__(self) -> str:
        return str(self.header())


@dataclass(frozen=True)
class OutgoingMail:
    # `<opaque@domain>`, kept with the queued mail so every retry sends the same one.
    message_id: str
    sender: MailAddress
    to: MailAddress
    subject: str
    text: str
    # Aware; kept with the queued mail too, so a retry's bytes equal the first attempt's.
    date: datetime
    html: str | None = None
    # A one-click unsubscribe link (RFC 8058); None for transactional mail.
    unsubscribe_url: str | None = None
    reply_to: str | None = None


def make_message_id(unique: str, domain: str) -> str:
    """A Message-ID that is the same for the same `unique` (e.g. a queue row's id).

    The value is hashed, so the id says nothing of the database it came from.
    """
    if not _DOMAIN.fullmatch(domain):
        raise ValueError(f"{domain!r} is not a domain name")
    digest = hashlib.sha256(unique.encode()).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def build_message(mail: OutgoingMail, dkim: DkimSigner | None = None) -> bytes:
    """The RFC 5322 bytes of `mail` (CRLF line ends), DKIM-signed when a signer is given."""
    if not _MESSAGE_ID.fullmatch(mail.message_id):
        raise ValueError(f"{mail.message_id!r} is not a Message-ID like <opaque@domain>")
    if mail.date.tzinfo is None:
        raise ValueError("the date of a mail must carry its time zone")
    message = EmailMessage(policy=_POLICY)
    message["From"] = mail.sender.header()
    message["To"] = mail.to.header()
    if mail.reply_to is not None:
        message["Reply-To"] = MailAddress(check_address(mail.reply_to)).header()
    message["Subject"] = clean_text(mail.subject)
    message["Date"] = format_datetime(mail.date)
    message["Message-ID"] = mail.message_id
    # RFC 3834: auto-responders do not answer it (no vacation replies to a notification).
    message["Auto-Submitted"] = "auto-generated"
    if mail.unsubscribe_url is not None:
        if not _URL.fullmatch(mail.unsubscribe_url) or _CONTROL.search(mail.unsubscribe_url):
            raise ValueError(f"{mail.unsubscribe_url!r} is not an unsubscribe URL")
        message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        # RFC 8058: the mail client unsubscribes with one POST, no page to fill in.
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.text, charset="utf-8")
    if mail.html is not None:
        message.add_alternative(mail.html, subtype="html", charset="utf-8")
        # A boundary derived from the id keeps the bytes a function of the mail alone (a
        # retry equals the first attempt); one found in the parts is never used.
        message.set_boundary(_boundary(mail.message_id, mail.text + mail.html))
    raw = message.as_bytes()
    return dkim.sign(raw) if dkim is not None else raw


def _boundary(message_id: str, content: str) -> str:
    attempt = 0
    while True:
        seed = f"{message_id}/{attempt}".encode()
        boundary = "=_lakou_" + hashlib.sha256(seed).hexdigest()[:24]
        if boundary not in content:
            return boundary
        attempt += 1
