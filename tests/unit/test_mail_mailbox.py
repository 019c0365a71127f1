"""The embedded default's mailbox: each mail one file, listed newest first, read back whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from infra.mail import (
    FolderMailbox,
    InvalidMailAddress,
    MailAddress,
    OutgoingMail,
    UnknownMailboxMessage,
    build_message,
    make_message_id,
)

MAIL = OutgoingMail(
    message_id=make_message_id("row-1", "lakou.example"),
    sender=MailAddress("noreply@lakou.example", "Lakou"),
    to=MailAddress("zanmi@example.org", "Zanmi"),
    subject="Bonjou zanmi",
    text="Mèsi pou kòmand-ou.\n",
    html="<p>Mèsi pou <b>kòmand-ou</b>.</p>",
    date=datetime(2026, 12, 6, 14, 30, tzinfo=UTC),
)


async def deliver(mailbox: FolderMailbox, mail: OutgoingMail) -> None:
    await mailbox.send(mail.sender.address, [mail.to.address], build_message(mail))


async def test_a_sent_mail_is_listed_and_read_back_with_both_parts(tmp_path: Path) -> None:
    mailbox = FolderMailbox(tmp_path / "mail")
    await deliver(mailbox, MAIL)
    [entry] = mailbox.list_messages()
    assert entry.subject == "Bonjou zanmi"
    assert "zanmi@example.org" in entry.to
    assert entry.date == MAIL.date
    message = mailbox.read(entry.id)
    assert message.text is not None
    assert "kòmand-ou" in message.text
    assert message.html is not None
    assert "<b>kòmand-ou</b>" in message.html
    assert message.message["Message-ID"] == MAIL.message_id
    assert message.message["Delivered-To"] == "zanmi@example.org"


async def test_the_same_message_id_twice_is_one_file(tmp_path: Path) -> None:
    mailbox = FolderMailbox(tmp_path)
    await deliver(mailbox, MAIL)
    await deliver(mailbox, MAIL)
    assert len(mailbox.list_messages()) == 1
    assert [path.name for path in tmp_path.iterdir() if not path.name.endswith(".eml")] == []


async def test_mails_are_listed_newest_first_up_to_the_limit(tmp_path: Path) -> None:
    mailbox = FolderMailbox(tmp_path)
    for number in range(3):
        await deliver(
            mailbox,
            replace(
                MAIL,
                message_id=make_message_id(f"row-{number}", "lakou.example"),
                subject=f"Mail {number}",
                date=MAIL.date + timedelta(minutes=number),
            ),
        )
    assert [entry.subject for entry in mailbox.list_messages()] == ["Mail 2", "Mail 1", "Mail 0"]
    assert [entry.subject for entry in mailbox.list_messages(limit=2)] == ["Mail 2", "Mail 1"]


def test_an_empty_or_absent_mailbox_lists_nothing(tmp_path: Path) -> None:
    assert FolderMailbox(tmp_path / "never-created").list_messages() == []


@pytest.mark.parametrize(
    "message_id",
    [
        "../secret_key",
        "20261206T143000Z-../../etc/passwd-0123456789ab",
        "/etc/passwd",
        "20261206T143000Z-x-0123456789ab\n",
        "20261206T143000Z-unknown-0123456789ab",
        "",
    ],
)
async def test_reading_anything_but_a_listed_id_is_unknown(tmp_path: Path, message_id: str) -> None:
    (tmp_path / "secret_key").write_text("not for the mailbox page")
    mailbox = FolderMailbox(tmp_path / "mail")
    await deliver(mailbox, MAIL)
    with pytest.raises(UnknownMailboxMessage):
        mailbox.read(message_id)


async def test_an_envelope_address_with_a_line_break_is_refused(tmp_path: Path) -> None:
    mailbox = FolderMailbox(tmp_path)
    with pytest.raises(InvalidMailAddress):
        await mailbox.send("a@b.example", ["v@x.example\r\nX-Evil: 1"], build_message(MAIL))
    assert list(tmp_path.iterdir()) == []
