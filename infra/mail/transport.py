"""The port mail leaves through, its two failures, and the SMTP adapter.

`MailUnavailable` means "try again later" (no connection, a timeout, a 4xx answer, a server
misconfigured for us); `MailRejected` means the server refused this mail for good (5xx to the
recipient or the content): retrying cannot help. The SMTP adapter runs the standard library's
`smtplib` in a thread, one connection per mail: Lakou sends a few mails a minute from a
periodic job, which needs no async SMTP client (see docs/decisions.md, Mail).
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from infra.mail.message import check_address


class MailUnavailable(Exception):
    """The mail did not leave now; the same bytes may be sent again later."""


class MailRejected(Exception):
    """The server refused the mail for good (5xx); sending it again would be refused too."""

    def __init__(self, message: str, *, code: int, recipients: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.recipients = tuple(recipients)


class MailTransport(Protocol):
    """Hands one message to the outside world (or the development mailbox)."""

    async def send(self, envelope_from: str, recipients: Sequence[str], message: bytes) -> None:
        """Delivers or raises `MailUnavailable` / `MailRejected`; send one recipient per call,
        so that a refusal names the one it concerns."""
        ...


class StartTls(StrEnum):
    # Upgrade when the server offers STARTTLS, else send in clear (credentials never are).
    AUTO = "auto"
    # Refuse to send (MailUnavailable) unless the connection is upgraded.
    REQUIRED = "required"
    # Never upgrade: a relay on the same host or network, or a test server.
    NEVER = "never"


_STARTTLS_WORDS = {
    "auto": StartTls.AUTO,
    "required": StartTls.REQUIRED,
    "1": StartTls.REQUIRED,
    "true": StartTls.REQUIRED,
    "yes": StartTls.REQUIRED,
    "never": StartTls.NEVER,
    "0": StartTls.NEVER,
    "false": StartTls.NEVER,
    "no": StartTls.NEVER,
}


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    implicit_tls: bool
    starttls: StartTls
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_s: float = 30.0


def parse_smtp_url(url: str, *, timeout_s: float = 30.0) -> SmtpConfig:
    """`smtp://[user:pass@]host[:port][?starttls=auto|required|never]` or `smtps://...`.

    smtp:// defaults to port 587 and `starttls=auto`; smtps:// (TLS from the first byte) to 465.
    Raises ValueError naming what is wrong.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("must start with smtp:// or smtps://")
    if not parts.hostname:
        raise ValueError("names no host (smtp://host:port)")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has a port that is not a number between 0 and 65535") from None
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - {"starttls"})
    if unknown:
        raise ValueError(f"has unknown parameters {', '.join(unknown)} (known: starttls)")
    implicit_tls = parts.scheme == "smtps"
    word = (query.get("starttls") or ["auto"])[-1].lower()
    if word not in _STARTTLS_WORDS:
        raise ValueError(f"starttls={word!r} is not one of: auto, required, never")
    starttls = _STARTTLS_WORDS[word]
    if implicit_tls and "starttls" in query:
        raise ValueError("smtps:// is TLS from the start; starttls applies to smtp:// only")
    return SmtpConfig(
        host=parts.hostname,
        port=port or (465 if implicit_tls else 587),
        implicit_tls=implicit_tls,
        starttls=starttls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        timeout_s=timeout_s,
    )


class SmtpTransport:
    """Sends through an SMTP server: one connection per mail, in a worker thread."""

    def __init__(self, config: SmtpConfig, ssl_context: ssl.SSLContext | None = None) -> None:
        self._config = config
        # The system's trusted authorities and host-name checks unless a test gives its own.
        self._ssl_context = ssl_context or ssl.create_default_context()

    @classmethod
    def from_url(
        cls, url: str, *, timeout_s: float = 30.0, ssl_context: ssl.SSLContext | None = None
    ) -> SmtpTransport:
        return cls(parse_smtp_url(url, timeout_s=timeout_s), ssl_context)

    def __repr__(self) -> str:
        config = self._config
        scheme = "smtps" if config.implicit_tls else "smtp"
        return f"SmtpTransport({scheme}://{config.host}:{config.port})"

    async def send(self, envelope_from: str, recipients: Sequence[str], message: bytes) -> None:
        check_address(envelope_from)
        for recipient in recipients:
            check_address(recipient)
        if not recipients:
            raise ValueError("a mail needs at least one recipient")
        await asyncio.to_thread(self._send, envelope_from, list(recipients), message)

    def _send(self, envelope_from: str, recipients: list[str], message: bytes) -> None:
        try:
            client = self._connect()
            try:
                refused = client.sendmail(envelope_from, recipients, message)
            finally:
                _quit(client)
        except smtplib.SMTPRecipientsRefused as error:
            raise _refusal(error.recipients) from error
        except smtplib.SMTPResponseException as error:
            raise _answer(error) from error
        except (smtplib.SMTPException, OSError) as error:
            # Refused or dropped connections, timeouts, TLS failures, STARTTLS not offered.
            raise MailUnavailable(f"{self!r}: {error}") from error
        if refused:
            # Some recipients took it: sending again would give them a second copy.
            raise _refusal(refused)

    def _connect(self) -> smtplib.SMTP:
        config = self._config
        client: smtplib.SMTP
        if config.implicit_tls:
            client = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout_s, context=self._ssl_context
            )
        else:
            client = smtplib.SMTP(config.host, config.port, timeout=config.timeout_s)
        try:
            client.ehlo()
            secure = config.implicit_tls
            if not secure and config.starttls is not StartTls.NEVER:
                if client.has_extn("starttls"):
                    client.starttls(context=self._ssl_context)
                    client.ehlo()
                    secure = True
                elif config.starttls is StartTls.REQUIRED:
                    raise smtplib.SMTPNotSupportedError("the server does not offer STARTTLS")
            if config.username is not None:
                if not secure and config.starttls is not StartTls.NEVER:
                    raise smtplib.SMTPNotSupportedError(
                        "credentials are only sent over TLS (the server offers no STARTTLS)"
                    )
                client.login(config.username, config.password or "")
        except BaseException:
            client.close()
            raise
        return client


def _quit(client: smtplib.SMTP) -> None:
    # The mail is handed over once DATA is accepted: a failed goodbye must not make it a
    # failure (the caller would send it again).
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _answer(error: smtplib.SMTPResponseException) -> Exception:
    described = f"{error.smtp_code} {_text(error.smtp_error)}".strip()
    # The sender, the credentials or the greeting refused: our configuration, not this mail.
    ours = isinstance(
        error, smtplib.SMTPSenderRefused | smtplib.SMTPAuthenticationError | smtplib.SMTPHeloError
    )
    if 500 <= error.smtp_code < 600 and not ours:
        return MailRejected(described, code=error.smtp_code)
    return MailUnavailable(described)


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else answer


def _refusal(refused: Mapping[str, tuple[int, bytes | str]]) -> Exception:
    described = "; ".join(
        f"{address}: {code} {_text(text)}" for address, (code, text) in refused.items()
    )
    if all(500 <= code < 600 for code, _ in refused.values()):
        code = max(code for code, _ in refused.values())
        return MailRejected(described, code=code, recipients=list(refused))
    return MailUnavailable(described)
