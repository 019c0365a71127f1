"""A real HTTP receiver on loopback for the webhook tests, and a resolver stub.

The receiver is a threaded `http.server` on 127.0.0.1 that records every request (path,
headers, body) and answers by path: `/ok` 200, `/fail` 500, `/flaky` 500 then 200, `/slow`
answers after 3 s, `/trickle` sends a 200 then a byte every 0.2 s forever, `/redirect` a 302 to
`/ok`. `StubResolver` is a resolver stub (named as such): the names the tests make up answer
the addresses they are told, in turn, so a name can re-resolve elsewhere.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from uuid import uuid4

from infra.events.envelope import EventEnvelope


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: str

    @property
    def data(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    base: str
    received: list[Received] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def at(self, path: str) -> list[Received]:
        return [request for request in self.received if request.path == path]


@contextmanager
def receiver() -> Iterator[Receiver]:
    state: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        # Keep-alive, as real receivers (nginx, any framework's server) answer: a sender's
        # pooled connections are then reused, as they would be in production.
        protocol_version = "HTTP/1.1"
        # Headers and body leave in separate writes: without this, a kept-alive connection
        # waits on delayed ACKs (about 40 ms a request).
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length).decode()
            found.received.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            )
            seen = state[self.path] = state.get(self.path, 0) + 1
            if self.path == "/ok" or (self.path == "/flaky" and seen > 1):
                self._answer(200, b'{"ok":true}')
            elif self.path == "/redirect":
                self.send_response(302)
                self.send_header("location", f"{found.base}/ok")
                self.send_header("content-length", "0")
                self.end_headers()
            elif self.path == "/slow":
                found.stop.wait(3)
                self._answer(200, b"late")
            elif self.path == "/trickle":
                self.send_response(200)
                self.end_headers()
                while not found.stop.wait(0.2):
                    try:
                        self.wfile.write(b".")
                        self.wfile.flush()
                    except OSError:
                        return
            else:
                self._answer(500, b"x" * 5000)

        def _answer(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    found = Receiver(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        found.stop.set()
        server.shutdown()
        server.server_close()


class StubResolver:
    """A resolver stub: each name answers its next list of addresses (the last one repeats)."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self._answers = {name: list(lists) for name, lists in answers.items()}
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        lists = self._answers.get(host)
        if not lists:
            return []
        return lists.pop(0) if len(lists) > 1 else lists[0]


def market_opened() -> EventEnvelope:
    """A `market.opened` event, as the webhook tests hand it to the fan-out."""
    return EventEnvelope(
        id=uuid4(),
        type="market.opened",
        aggregate_id=uuid4(),
        payload={"market_id": str(uuid4()), "organisation_id": str(uuid4()), "by": None,
                 "state": "open", "v": 1},
        occurred_at=datetime.now(UTC),
    )  # fmt: skip
