"""An HTTP proxy in front of the moto S3 server that fails on purpose.

Requests go through to moto unless a fault is planned: `slow_down(n)` answers the next n
requests with S3's own 503 SlowDown, `reset(n)` drops the next n connections without a word,
`down = True` refuses everything (503) until set back. What the proxy did is counted, so a test
shows the faults really happened.
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

SLOW_DOWN = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code>'
    b"<Message>Please reduce your request rate.</Message></Error>"
)


class FaultyProxy:
    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.down = False
        self.counts: Counter[str] = Counter()
        self._planned: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FaultyProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def slow_down(self, count: int) -> None:
        with self._lock:
            self._planned.extend(["slow_down"] * count)

    def reset(self, count: int) -> None:
        with self._lock:
            self._planned.extend(["reset"] * count)

    def pass_then_slow_down(self, passed: int, failed: int) -> None:
        """The next `passed` requests go through, the `failed` after them get SlowDown."""
        with self._lock:
            self._planned.extend([""] * passed + ["slow_down"] * failed)

    def next_fault(self) -> str | None:
        with self._lock:
            if self.down:
                return "slow_down"
            return (self._planned.pop(0) or None) if self._planned else None


def _handler_for(proxy: FaultyProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return  # quiet: the test reads `proxy.counts`

        def _relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            fault = proxy.next_fault()
            proxy.counts[fault or "passed"] += 1
            if fault == "reset":
                self.close_connection = True
                self.connection.close()
                return
            if fault == "slow_down":
                self._answer(503, SLOW_DOWN, {"Content-Type": "application/xml"})
                return
            upstream = http.client.HTTPConnection(*proxy.upstream, timeout=30)
            try:
                headers = {key: value for key, value in self.headers.items()}
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                payload = response.read()
                # A HEAD answer's length is the object's: kept as moto gave it.
                dropped = {"transfer-encoding", "connection"}
                if self.command != "HEAD":
                    dropped.add("content-length")
                kept = {
                    key: value for key, value in response.getheaders() if key.lower() not in dropped
                }
                self._answer(response.status, payload, kept)
            finally:
                upstream.close()

        def _answer(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if self.command != "HEAD" or "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        # http.server dispatches on these names.
        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _relay  # noqa: N815

    return Handler
