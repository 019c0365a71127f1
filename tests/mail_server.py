"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for tests.

    server = SmtpServer().start()
    ... send to server.url ...
    [mail] = server.wait_for(1)

`stop()` then `start()` listens again on the same port (SMTP down, then back); `answer_rcpt`
makes it refuse recipients with a 4xx (try later) or 5xx (never) answer.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

# What the server answers to a refused recipient, by code.
ANSWERS = {
    451: "451 4.3.0 Try again later",
    452: "452 4.2.2 Mailbox full",
    550: "550 5.1.1 No such user here",
    554: "554 5.7.1 Rejected",
}


@dataclass(frozen=True)
class ReceivedMail:
    envelope_from: str
    recipients: tuple[str, ...]
    # The bytes as they arrived (CRLF line ends).
    raw: bytes
    message: EmailMessage


class SmtpServer:
    def __init__(
        self,
        *,
        credentials: tuple[str, str] | None = None,
        tls_context: ssl.SSLContext | None = None,
        implicit_tls: bool = False,
    ) -> None:
        """`credentials`: AUTH required with them; `tls_context`: STARTTLS offered with it, or
        TLS from the first byte when `implicit_tls` (smtps://)."""
        self.host = "127.0.0.1"
        self.port = _free_port(self.host)
        self.received: list[ReceivedMail] = []
        # None: recipients accepted; else the code answered to every RCPT TO (see ANSWERS).
        self.answer_rcpt: int | None = None
        self._credentials = credentials
        self._tls_context = tls_context
        self._implicit_tls = implicit_tls
        self._changed = threading.Condition()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        scheme = "smtps" if self._implicit_tls else "smtp"
        return f"{scheme}://{self.host}:{self.port}"

    def start(self) -> SmtpServer:
        """Listens (again) on this server's port."""
        assert self._controller is None, "already listening"
        options: dict[str, Any] = {}
        if self._credentials is not None:
            options |= {
                "authenticator": self._authenticate,
                "auth_required": True,
                # Tests without TLS log in over loopback; the client decides what it allows.
                "auth_require_tls": False,
            }
        if self._tls_context is not None and not self._implicit_tls:
            options["tls_context"] = self._tls_context
        controller = Controller(
            _Handler(self),
            hostname=self.host,
            port=self.port,
            ssl_context=self._tls_context if self._implicit_tls else None,
            **options,
        )
        controller.start()
        self._controller = controller
        return self

    def stop(self) -> None:
        """Closes the port: connections are refused until `start()`."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout_s: float = 10.0) -> list[ReceivedMail]:
        """Blocks until `count` mails arrived (AssertionError after `timeout_s`)."""
        with self._changed:
            arrived = self._changed.wait_for(lambda: len(self.received) >= count, timeout_s)
            assert arrived, f"{len(self.received)} mail(s) arrived, {count} expected"
            return list(self.received)

    async def wait_for_async(self, count: int, timeout_s: float = 10.0) -> list[ReceivedMail]:
        """`wait_for` without blocking the event loop (for senders on the same loop)."""
        return await asyncio.to_thread(self.wait_for, count, timeout_s)

    def _keep(self, mail: ReceivedMail) -> None:
        with self._changed:
            self.received.append(mail)
            self._changed.notify_all()

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if not isinstance(data, LoginPassword) or self._credentials is None:
            return AuthResult(success=False, handled=False)
        login, password = self._credentials
        ok = data.login == login.encode() and data.password == password.encode()
        return AuthResult(success=ok, handled=False)


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self._server = server

    # aiosmtpd finds its hooks by these names.
    async def handle_RCPT(  # noqa: N802
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        code = self._server.answer_rcpt
        if code is not None:
            return ANSWERS[code]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or b""
        parsed = message_from_bytes(raw, policy=default)
        assert isinstance(parsed, EmailMessage)
        self._server._keep(
            ReceivedMail(
                envelope_from=envelope.mail_from or "",
                recipients=tuple(envelope.rcpt_tos),
                raw=raw,
                message=parsed,
            )
        )
        return "250 2.0.0 Message accepted for delivery"


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port
