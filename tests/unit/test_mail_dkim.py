"""DKIM: a receiver that looks up Lakou's public key finds the mail untouched, or sees it changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import dkim
import pytest

from infra.mail import DkimSigner, MailAddress, OutgoingMail, build_message, make_message_id
from infra.mail.dkim import DkimSetupError
from tests.dkim_keys import dns_serving, generate_dkim_key

MAIL = OutgoingMail(
    message_id=make_message_id("row-1", "lakou.example"),
    sender=MailAddress("noreply@lakou.example", "Lakou — Ti Manmay, Fort-de-France"),
    to=MailAddress("zanmi@example.org", "Zanmi"),
    subject="Bonjou zanmi, kòmand-ou paré",
    text="Mèsi!\n",
    html="<p>Mèsi!</p>",
    date=datetime(2026, 12, 6, 14, 30, tzinfo=UTC),
    unsubscribe_url="https://lakou.example/notifications/unsubscribe?token=abc",
)


@pytest.fixture(scope="module")
def key_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """A fresh RSA private key (PEM) and its DNS record."""
    private, record = generate_dkim_key(tmp_path_factory.mktemp("dkim"))
    return private.read_bytes(), record


def dns(record: bytes) -> Callable[..., bytes | None]:
    return dns_serving(record, "lakou2026._domainkey.lakou.example.")


def signer(key_pair: tuple[bytes, bytes]) -> DkimSigner:
    return DkimSigner("lakou2026", "lakou.example", key_pair[0])


def test_a_signed_mail_verifies_with_the_published_key(key_pair: tuple[bytes, bytes]) -> None:
    signed = build_message(MAIL, signer(key_pair))
    assert signed.startswith(b"DKIM-Signature:")
    assert dkim.verify(signed, dnsfunc=dns(key_pair[1]))


def test_the_signature_covers_the_headers_a_forger_would_change(
    key_pair: tuple[bytes, bytes],
) -> None:
    signed = build_message(MAIL, signer(key_pair))
    header = signed.split(b"\r\n\r\n", 1)[0].replace(b"\r\n", b"").replace(b" ", b"").lower()
    signed_names = header.split(b"h=", 1)[1].split(b";", 1)[0].split(b":")
    for name in (b"from", b"to", b"subject", b"date", b"message-id", b"list-unsubscribe"):
        assert name in signed_names
    assert b"list-unsubscribe-post" in signed_names
    assert b"mime-version" in signed_names
    assert b"content-type" in signed_names


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"Subject: Bonjou", b"Subject: Bonsoir"),
        (b"To: Zanmi <zanmi@example.org>", b"To: Zanmi <eve@example.org>"),
        (b"M=C3=A8si!", b"M=C3=A8si pa!"),
    ],
)
def test_a_changed_header_or_body_no_longer_verifies(
    key_pair: tuple[bytes, bytes], before: bytes, after: bytes
) -> None:
    signed = build_message(MAIL, signer(key_pair))
    assert before in signed
    assert not dkim.verify(signed.replace(before, after, 1), dnsfunc=dns(key_pair[1]))


def test_an_unsubscribe_header_added_to_a_transactional_mail_breaks_it(
    key_pair: tuple[bytes, bytes],
) -> None:
    signed = build_message(replace(MAIL, unsubscribe_url=None), signer(key_pair))
    assert dkim.verify(signed, dnsfunc=dns(key_pair[1]))
    forged = signed.replace(
        b"\r\nFrom:", b"\r\nList-Unsubscribe: <https://evil.example/>\r\nFrom:", 1
    )
    assert not dkim.verify(forged, dnsfunc=dns(key_pair[1]))


def test_another_domain_key_does_not_verify(key_pair: tuple[bytes, bytes]) -> None:
    signed = build_message(MAIL, signer(key_pair))
    other = b"v=DKIM1; k=rsa; p=" + key_pair[1].split(b"p=")[1][::-1]
    assert not dkim.verify(signed, dnsfunc=dns(other))


@pytest.mark.parametrize(
    ("selector", "domain", "key", "part"),
    [
        ("lakou 2026", "lakou.example", None, "selector"),
        ("lakou2026", "lakou..example", None, "domain"),
        ("lakou2026", "lakou.example", b"-----BEGIN PRIVATE KEY-----\nnope\n", "key"),
    ],
)
def test_an_unusable_selector_domain_or_key_is_refused_naming_it(
    key_pair: tuple[bytes, bytes], selector: str, domain: str, key: bytes | None, part: str
) -> None:
    with pytest.raises(DkimSetupError) as raised:
        DkimSigner(selector, domain, key or key_pair[0])
    assert raised.value.part == part
