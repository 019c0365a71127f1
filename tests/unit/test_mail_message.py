"""A mail's bytes: what a reader's client sees, and what nobody can slip into the headers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest

from infra.mail import InvalidMailAddress, MailAddress, OutgoingMail, build_message, make_message_id

MAIL = OutgoingMail(
    message_id=make_message_id("queue-row-1", "lakou.example"),
    sender=MailAddress("noreply@lakou.example", "Lakou"),
    to=MailAddress("zanmi@example.org", "Zanmi"),
    subject="Votre commande est payée",
    text="Bonjou! Mèsi pou kòmand-ou.\n",
    date=datetime(2026, 12, 6, 14, 30, tzinfo=UTC),
)


def parse(raw: bytes) -> EmailMessage:
    parsed = message_from_bytes(raw, policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def unix(text: str) -> str:
    # On the wire every line ends with CRLF.
    return text.replace("\r\n", "\n")


def header_names(raw: bytes) -> list[str]:
    return [name.lower() for name in parse(raw)]


def test_a_text_mail_carries_its_headers_and_body() -> None:
    raw = build_message(MAIL)
    parsed = parse(raw)
    assert parsed["From"].addresses[0].display_name == "Lakou"
    assert parsed["From"].addresses[0].addr_spec == "noreply@lakou.example"
    assert parsed["To"].addresses[0].addr_spec == "zanmi@example.org"
    assert parsed["Subject"] == "Votre commande est payée"
    assert parsed["Message-ID"] == MAIL.message_id
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["Date"].datetime == MAIL.date
    assert parsed.get_content_type() == "text/plain"
    assert unix(parsed.get_content()) == MAIL.text
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_an_html_mail_is_multipart_alternative_with_both_parts() -> None:
    parsed = parse(build_message(replace(MAIL, html="<p>Bonjou <b>zanmi</b></p>")))
    assert parsed.get_content_type() == "multipart/alternative"
    text = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    assert text is not None
    assert unix(text.get_content()) == MAIL.text
    assert html is not None
    assert "<b>zanmi</b>" in html.get_content()


def test_accents_travel_as_7_bit_so_no_relay_converts_them() -> None:
    # A relay converting an 8-bit body would break its DKIM signature.
    raw = build_message(replace(MAIL, html="<p>Mèsi pou kòmand-ou, Sent-Pyè</p>"))
    assert raw.isascii()


def test_the_same_mail_gives_the_same_bytes_so_a_retry_is_one_message() -> None:
    mail = replace(MAIL, html="<p>Bonjou</p>")
    assert build_message(mail) == build_message(mail)
    assert make_message_id("queue-row-1", "lakou.example") == MAIL.message_id
    assert make_message_id("queue-row-2", "lakou.example") != MAIL.message_id


def test_the_message_id_says_nothing_of_the_row_it_came_from() -> None:
    message_id = make_message_id("7c1f0a52-queue-row", "lakou.example")
    assert message_id.startswith("<")
    assert message_id.endswith("@lakou.example>")
    assert "queue-row" not in message_id


def test_a_text_that_contains_the_boundary_gets_another_one() -> None:
    first = parse(build_message(replace(MAIL, html="<p>x</p>")))
    boundary = first.get_boundary()
    assert boundary is not None
    tricky = replace(MAIL, text=f"--{boundary}\nContent-Type: text/html\n\n<p>forged</p>\n")
    parsed = parse(build_message(replace(tricky, html="<p>x</p>")))
    assert parsed.get_boundary() != boundary
    assert len(list(parsed.iter_parts())) == 2
    body = parsed.get_body(preferencelist=("plain",))
    assert body is not None
    assert "forged" in body.get_content()


@pytest.mark.parametrize(
    "name",
    [
        "Lakou — Ti Manmay, Fort-de-France",
        'Ève "Kréyòl" Zanmi, Sent-Pyè',
        "Lakou <admin@evil.example>",
        "Matinik; Gwadloup",
    ],
)
def test_display_names_with_commas_quotes_and_accents_stay_one_name(name: str) -> None:
    parsed = parse(build_message(replace(MAIL, sender=MailAddress("noreply@lakou.example", name))))
    [address] = parsed["From"].addresses
    assert address.display_name == name
    assert address.addr_spec == "noreply@lakou.example"


@pytest.mark.parametrize("injected", ["\r\nBcc: victim@x.example", "\nBcc: victim@x.example"])
def test_a_name_or_subject_with_a_line_break_adds_no_header(injected: str) -> None:
    mail = replace(
        MAIL,
        sender=MailAddress("noreply@lakou.example", "Eve" + injected),
        to=MailAddress("zanmi@example.org", "Zanmi" + injected),
        subject="Bonjou" + injected,
    )
    raw = build_message(mail)
    assert "bcc" not in header_names(raw)
    subject = parse(raw)["Subject"]
    assert subject.startswith("Bonjou ")
    assert subject.endswith("Bcc: victim@x.example")
    assert b"\r\nBcc:" not in raw


def test_a_nul_or_other_control_in_a_subject_becomes_a_space() -> None:
    parsed = parse(build_message(replace(MAIL, subject="Bonjou\x00zanmi\x85!\u2028")))
    assert parsed["Subject"] == "Bonjou zanmi !"


@pytest.mark.parametrize(
    "address",
    [
        "eve@x.example\r\nBcc: victim@x.example",
        "eve@x.example\n",
        "eve\x00@x.example",
        "eve@x.example>, victim@y.example",
        "not an address",
        "@x.example",
        "eve@",
        "eve..x@x.example",
        "zanmi@exämple.org",
    ],
)
def test_an_address_that_could_carry_anything_else_is_refused(address: str) -> None:
    with pytest.raises(InvalidMailAddress):
        MailAddress(address)
    with pytest.raises(InvalidMailAddress):
        build_message(replace(MAIL, reply_to=address))


def test_parse_reads_a_bare_address_or_a_named_one() -> None:
    assert MailAddress.parse("noreply@localhost") == MailAddress("noreply@localhost")
    assert MailAddress.parse("Lakou <noreply@lakou.example>") == MailAddress(
        "noreply@lakou.example", "Lakou"
    )
    assert MailAddress.parse('"Lakou, Matinik" <noreply@lakou.example>').name == "Lakou, Matinik"
    with pytest.raises(InvalidMailAddress):
        MailAddress.parse("Lakou <noreply@lakou.example>\r\nBcc: x@y.example")
    with pytest.raises(InvalidMailAddress):
        MailAddress.parse("Lakou <a@b.example> <c@d.example>")


def test_one_click_unsubscribe_headers_follow_rfc_8058() -> None:
    url = "https://lakou.example/notifications/unsubscribe?token=abc"
    parsed = parse(build_message(replace(MAIL, unsubscribe_url=url)))
    assert parsed["List-Unsubscribe"] == f"<{url}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain = parse(build_message(MAIL))
    assert "List-Unsubscribe" not in plain
    assert "List-Unsubscribe-Post" not in plain


@pytest.mark.parametrize(
    "url", ["https://x.example/u\r\nBcc: v@x.example", "javascript:alert(1)", "https://x/<a>"]
)
def test_an_unsubscribe_url_that_is_not_one_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="unsubscribe"):
        build_message(replace(MAIL, unsubscribe_url=url))


def test_reply_to_is_set_when_given() -> None:
    parsed = parse(build_message(replace(MAIL, reply_to="studio@example.org")))
    assert parsed["Reply-To"].addresses[0].addr_spec == "studio@example.org"


def test_a_malformed_message_id_or_a_naive_date_is_refused() -> None:
    with pytest.raises(ValueError, match="Message-ID"):
        build_message(replace(MAIL, message_id="<a@b>\r\nBcc: v@x.example"))
    with pytest.raises(ValueError, match="time zone"):
        build_message(replace(MAIL, date=datetime(2026, 12, 6, 14, 30)))
