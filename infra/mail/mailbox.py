"""The embedded default's mail transport: every mail becomes an `.eml` file in a folder.

Nothing leaves the machine; a development page lists and shows the files. Each file is
`<UTC date>-<readable id>-<hash>.eml`, written to a temporary name then renamed, so a reader
never sees half a mail, and the same Message-ID sent twice (a retry) replaces its own file.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import default
from email.utils import parsedate_to_datetime
from pathlib import Path

from infra.mail.message import check_address


class UnknownMailboxMessage(LookupError):
    """No message has that id in the mailbox (or the id is not one the mailbox makes)."""


@dataclass(frozen=True)
class MailboxEntry:
    id: str
    date: datetime | None
    to: str
    subject: str


@dataclass(frozen=True)
class MailboxMessage:
    id: str
    date: datetime | None
    sender: str
    to: str
    subject: str
    text: str | None
    html: str | None
    # The whole parsed message, for headers the page may want to show.
    message: EmailMessage


_ID = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[A-Za-z0-9._@-]{1,80}-[0-9a-f]{12}$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]")


class FolderMailbox:
    def __init__(self, root: Path) -> None:
        self.root = root

    def __repr__(self) -> str:
        return f"FolderMailbox({str(self.root)!r})"

    async def send(self, envelope_from: str, recipients: Sequence[str], message: bytes) -> None:
        check_address(envelope_from)
        for recipient in recipients:
            check_address(recipient)
        await asyncio.to_thread(self._write, envelope_from, list(recipients), message)

    def list_messages(self, limit: int = 50) -> list[MailboxEntry]:
        """The newest `limit` messages first."""
        if not self.root.is_dir():
            return []
        names = sorted((path.stem for path in self.root.glob("*.eml")), reverse=True)
        entries: list[MailboxEntry] = []
        for name in names:
            if len(entries) >= limit:
                break
            if not _ID.fullmatch(name):
                continue
            try:
                with (self.root / f"{name}.eml").open("rb") as file:
                    headers = BytesHeaderParser(policy=default).parse(file)
            except FileNotFoundError:  # Replaced by a retry between the listing and now.
                continue
            entries.append(
                MailboxEntry(
                    id=name,
                    date=_date(headers.get("Date")),
                    to=str(headers.get("To", "")),
                    subject=str(headers.get("Subject", "")),
                )
            )
        return entries

    def read(self, message_id: str) -> MailboxMessage:
        """One message by its mailbox id (as listed); `UnknownMailboxMessage` otherwise."""
        if not _ID.fullmatch(message_id):
            raise UnknownMailboxMessage(message_id)
        path = self.root / f"{message_id}.eml"
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise UnknownMailboxMessage(message_id) from None
        parsed = message_from_bytes(raw, policy=default)
        assert isinstance(parsed, EmailMessage)
        return MailboxMessage(
            id=message_id,
            date=_date(parsed.get("Date")),
            sender=str(parsed.get("From", "")),
            to=str(parsed.get("To", "")),
            subject=str(parsed.get("Subject", "")),
            text=_part(parsed, "plain"),
            html=_part(parsed, "html"),
            message=parsed,
        )

    def _write(self, envelope_from: str, recipients: list[str], message: bytes) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        headers = BytesHeaderParser(policy=default).parsebytes(message)
        identity = (
            str(headers.get("Message-ID") or "").strip() or hashlib.sha256(message).hexdigest()
        )
        digest = hashlib.sha256(identity.encode()).hexdigest()[:12]
        readable = _UNSAFE.sub("_", identity.strip("<>"))[:80] or "mail"
        existing = sorted(self.root.glob(f"*-{readable}-{digest}.eml"))
        if existing:
            target = existing[0]
        else:
            stamp = (_date(headers.get("Date")) or datetime.now(UTC)).astimezone(UTC)
            target = self.root / f"{stamp:%Y%m%dT%H%M%SZ}-{readable}-{digest}.eml"
        # What a delivery agent records: the envelope, which the headers may not show (Bcc).
        envelope = f"Return-Path: <{envelope_from}>\r\n" + "".join(
            f"Delivered-To: {recipient}\r\n" for recipient in recipients
        )
        descriptor, temporary = tempfile.mkstemp(dir=self.root, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(envelope.encode("ascii") + message)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _date(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        return parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None


def _part(message: EmailMessage, subtype: str) -> str | None:
    body = message.get_body(preferencelist=(subtype,))
    if body is None or body.get_content_subtype() != subtype:
        return None
    assert isinstance(body, EmailMessage)
    content = body.get_content()
    return content if isinstance(content, str) else None
