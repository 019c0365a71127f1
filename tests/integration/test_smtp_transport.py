"""Mail through a real SMTP server (aiosmtpd on loopback): delivered, refused, or kept for later."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import dkim
import pytest

from infra.mail import (
    DkimSigner,
    MailAddress,
    MailRejected,
    MailUnavailable,
    OutgoingMail,
    SmtpTransport,
    build_message,
    make_message_id,
)
from tests.dkim_keys import dns_serving, generate_dkim_key
from tests.mail_server import SmtpServer

# The test server accepts a login over plain loopback so the client's own refusal can be shown.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

MAIL = OutgoingMail(
    message_id=make_message_id("row-1", "lakou.example"),
    sender=MailAddress("noreply@lakou.example", "Lakou — Ti Manmay, Fort-de-France"),
    to=MailAddress("zanmi@example.org", "Zanmi Kréyòl"),
    subject="Bonjou zanmi",
    text="Mèsi!\n",
    html="<p>Mèsi!</p>",
    date=datetime(2026, 12, 6, 14, 30, tzinfo=UTC),
)


def plain(url: str) -> str:
    # The test server offers no STARTTLS; say so, as a local relay's URL would.
    return f"{url}?starttls=never"


async def send(transport: SmtpTransport, mail: OutgoingMail = MAIL) -> None:
    await transport.send(mail.sender.address, [mail.to.address], build_message(mail))


async def test_a_mail_reaches_the_server_as_built(smtp_server: SmtpServer) -> None:
    transport = SmtpTransport.from_url(smtp_server.url)
    await send(transport)
    [received] = smtp_server.wait_for(1)
    assert received.envelope_from == "noreply@lakou.example"
    assert received.recipients == ("zanmi@example.org",)
    assert received.message["Message-ID"] == MAIL.message_id
    assert received.message["From"].addresses[0].display_name == MAIL.sender.name
    assert received.message["To"].addresses[0].display_name == "Zanmi Kréyòl"
    assert received.message.get_content_type() == "multipart/alternative"
    assert received.raw.rstrip(b"\r\n") == build_message(MAIL).rstrip(b"\r\n")


async def test_a_signed_mail_still_verifies_as_the_server_received_it(
    smtp_server: SmtpServer, tmp_path: Path
) -> None:
    key, record = generate_dkim_key(tmp_path)
    signer = DkimSigner("lakou2026", "lakou.example", key.read_bytes())
    message = build_message(MAIL, signer)
    await SmtpTransport.from_url(smtp_server.url).send(
        MAIL.sender.address, [MAIL.to.address], message
    )
    [received] = smtp_server.wait_for(1)
    assert dkim.verify(received.raw, dnsfunc=dns_serving(record, signer.dns_name + "."))


async def test_an_injected_name_or_subject_adds_no_header_at_the_server(
    smtp_server: SmtpServer,
) -> None:
    evil = replace(
        MAIL,
        sender=MailAddress("noreply@lakou.example", "Eve\r\nBcc: victim@x.example"),
        subject="Bonjou\r\nBcc: victim@x.example",
    )
    await send(SmtpTransport.from_url(smtp_server.url), evil)
    [received] = smtp_server.wait_for(1)
    assert "Bcc" not in received.message
    assert received.recipients == ("zanmi@example.org",)
    assert b"\r\nBcc:" not in received.raw


async def test_a_temporary_refusal_is_unavailable_and_a_permanent_one_rejected(
    smtp_server: SmtpServer,
) -> None:
    transport = SmtpTransport.from_url(smtp_server.url)
    smtp_server.answer_rcpt = 451
    with pytest.raises(MailUnavailable):
        await send(transport)
    smtp_server.answer_rcpt = 550
    with pytest.raises(MailRejected) as rejected:
        await send(transport)
    assert rejected.value.code == 550
    assert rejected.value.recipients == ("zanmi@example.org",)
    assert smtp_server.received == []


async def test_a_server_that_is_down_makes_mail_wait_and_it_leaves_once_back(
    smtp_server: SmtpServer,
) -> None:
    transport = SmtpTransport.from_url(smtp_server.url, timeout_s=5)
    smtp_server.stop()
    with pytest.raises(MailUnavailable):
        await send(transport)
    smtp_server.start()
    await send(transport)
    [received] = smtp_server.wait_for(1)
    assert received.message["Message-ID"] == MAIL.message_id


async def test_starttls_required_refuses_a_server_that_offers_none(
    smtp_server: SmtpServer,
) -> None:
    transport = SmtpTransport.from_url(f"{smtp_server.url}?starttls=required")
    with pytest.raises(MailUnavailable, match="STARTTLS"):
        await send(transport)
    assert smtp_server.received == []


@pytest.fixture
def auth_server() -> Iterator[SmtpServer]:
    server = SmtpServer(credentials=("lakou", "s3cret:p@ss")).start()
    yield server
    server.stop()


async def test_credentials_are_never_sent_in_clear_unless_asked(auth_server: SmtpServer) -> None:
    url = auth_server.url.replace("smtp://", "smtp://lakou:s3cret%3Ap%40ss@")
    with pytest.raises(MailUnavailable, match="TLS"):
        await send(SmtpTransport.from_url(url))
    await send(SmtpTransport.from_url(plain(url)))
    auth_server.wait_for(1)


async def test_wrong_credentials_are_unavailable_not_a_refusal_of_the_mail(
    auth_server: SmtpServer,
) -> None:
    url = plain(auth_server.url.replace("smtp://", "smtp://lakou:wrong@"))
    with pytest.raises(MailUnavailable):
        await send(SmtpTransport.from_url(url))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def tls_pair(certificate: tuple[Path, Path]) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    cert, key = certificate
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


@pytest.mark.parametrize("implicit_tls", [False, True], ids=["starttls", "smtps"])
async def test_tls_carries_the_login_and_the_mail(
    certificate: tuple[Path, Path], implicit_tls: bool
) -> None:
    server_context, client_context = tls_pair(certificate)
    server = SmtpServer(
        credentials=("lakou", "secret"), tls_context=server_context, implicit_tls=implicit_tls
    ).start()
    try:
        url = server.url.replace("://", "://lakou:secret@")
        if not implicit_tls:
            url += "?starttls=required"
        await send(SmtpTransport.from_url(url, ssl_context=client_context))
        [received] = server.wait_for(1)
        assert received.message["Message-ID"] == MAIL.message_id
        # The system's authorities do not know the test certificate: refused, kept for later.
        with pytest.raises(MailUnavailable):
            await send(SmtpTransport.from_url(url))
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://mail.example", "smtp://"),
        ("smtp://", "host"),
        ("smtp://mail.example:99999", "port"),
        ("smtp://mail.example?starttls=maybe", "starttls"),
        ("smtp://mail.example?verify=0", "unknown"),
        ("smtps://mail.example?starttls=required", "smtps://"),
    ],
)
def test_a_malformed_smtp_url_is_refused_saying_why(url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        SmtpTransport.from_url(url)


def test_the_transport_never_shows_its_password() -> None:
    transport = SmtpTransport.from_url("smtps://lakou:hunter2@mail.example")
    assert "hunter2" not in repr(transport)
    assert repr(transport) == "SmtpTransport(smtps://mail.example:465)"
