"""FAKE: the European Commission's VIES VAT-number check, which cannot be reached from here.

Not VIES: a tiny HTTP server answering `POST` with VIES REST's JSON shape
(`{"countryCode", "vatNumber", "requestDate", "valid", "name", "address"}`) for the numbers it
was told are registered (every other well-formed request is answered `valid: false`). It records
what it was asked, so a test can prove that a number was (or was not) sent.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeVies:
    url: str
    registered: dict[str, str]  # "DE136695976" -> the company's name
    asked: list[str] = field(default_factory=list)


@contextmanager
def fake_vies(registered: dict[str, str]) -> Iterator[FakeVies]:
    state = FakeVies("", dict(registered))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            number = f"{body.get('countryCode', '')}{body.get('vatNumber', '')}"
            state.asked.append(number)
            name = state.registered.get(number)
            answer = {
                "countryCode": body.get("countryCode"),
                "vatNumber": body.get("vatNumber"),
                "requestDate": "2026-12-07T10:00:00.000Z",
                "valid": name is not None,
                "requestIdentifier": "",
                "name": name or "---",
                "address": "---",
            }
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/check-vat-number"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
