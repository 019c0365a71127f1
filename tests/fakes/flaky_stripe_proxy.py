"""FAKE: a flaky HTTP proxy in front of localstripe, to test the Stripe client's retries.

Not Stripe and not a general proxy: it forwards each request to localstripe unchanged,
except that the first N requests matching a method and path get a fault instead, and they
are never forwarded, so whatever reaches localstripe happened exactly once:
- `Fault.HTTP_500`: an immediate `500` with a Stripe-shaped `api_error` body;
- `Fault.RATE_LIMITED`: an immediate `429`, as Stripe answers when requests come too fast;
- `Fault.TIMEOUT`: no answer for `delay_s` (longer than the client's read timeout), then
  the connection closes.
It records every request it receives (method, path, `Idempotency-Key` header), so a test can
prove that the retries of one call carried the same key.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import httpx

# Not forwarded: they describe this hop's connection, not the request.
_HOP_HEADERS = {"host", "connection", "content-length", "transfer-encoding", "accept-encoding"}


class Fault(StrEnum):
    HTTP_500 = "http_500"
    RATE_LIMITED = "rate_limited"
    TIMEOUT = "timeout"


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    idempotency_key: str | None
    faulted: bool


@dataclass
class _Rule:
    method: str
    path: str
    remaining: int
    fault: Fault
    delay_s: float


class FlakyStripeProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.requests: list[RecordedRequest] = []
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._upstream_client = httpx.Client(base_url=self.upstream, timeout=30.0)

    @property
    def url(self) -> str:
        assert self._server is not None, "start the proxy first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def fail_next(
        self,
        times: int,
        *,
        method: str = "POST",
        path: str = "/v1/payment_intents",
        fault: Fault = Fault.HTTP_500,
        delay_s: float = 1.0,
    ) -> None:
        """Fault the next `times` requests to exactly `method path` (query string ignored)."""
        with self._lock:
            self._rules.append(_Rule(method.upper(), path, times, fault, delay_s))

    def recover(self) -> None:
        """Forget the faults still pending: the network is healthy again."""
        with self._lock:
            self._rules.clear()

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.method == method.upper() and r.path == path]

    def start(self) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy._handle(self)

            def do_POST(self) -> None:
                proxy._handle(self)

            def do_DELETE(self) -> None:
                proxy._handle(self)

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet test output

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self._upstream_client.close()

    def _take_fault(self, method: str, path: str) -> _Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.method == method and rule.path == path and rule.remaining > 0:
                    rule.remaining -= 1
                    return rule
        return None

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        method = handler.command
        path = urlsplit(handler.path).path
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        rule = self._take_fault(method, path)
        with self._lock:
            self.requests.append(
                RecordedRequest(method, path, handler.headers.get("Idempotency-Key"), bool(rule))
            )
        if rule is None:
            self._forward(handler, method, body)
        elif rule.fault is Fault.HTTP_500:
            _answer(handler, 500, {"error": {"type": "api_error", "message": "flaky fake"}})
        elif rule.fault is Fault.RATE_LIMITED:
            error = {"type": "invalid_request_error", "code": "rate_limit", "message": "slow down"}
            _answer(handler, 429, {"error": error})
        else:
            time.sleep(rule.delay_s)  # the client gave up meanwhile; close without answer
            handler.close_connection = True

    def _forward(self, handler: BaseHTTPRequestHandler, method: str, body: bytes) -> None:
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in _HOP_HEADERS}
        upstream = self._upstream_client.request(
            method, handler.path, content=body, headers=headers
        )
        handler.send_response(upstream.status_code)
        handler.send_header("Content-Type", upstream.headers.get("content-type", "text/plain"))
        handler.send_header("Content-Length", str(len(upstream.content)))
        handler.end_headers()
        handler.wfile.write(upstream.content)


def _answer(handler: BaseHTTPRequestHandler, status: int, payload: object) -> None:
    content = json.dumps(payload).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(content)))
    handler.end_headers()
    handler.wfile.write(content)


@contextmanager
def flaky_stripe_proxy(upstream: str) -> Iterator[FlakyStripeProxy]:
    proxy = FlakyStripeProxy(upstream)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
