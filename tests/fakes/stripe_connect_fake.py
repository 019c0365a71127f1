"""A FAKE of Stripe's `POST /v1/transfers`, for tests only (localstripe has no Connect).

A threaded `http.server` on a free local port that checks requests the way Stripe would:
the secret key as a bearer token, a form-encoded body, a positive integer amount, currency
`eur`, a destination like `acct_...`, an `Idempotency-Key` header (Lakou always sends one).
The same key with the same parameters returns the same transfer (not a new one); the same key
with other parameters is a 400 `idempotency_error`, as at Stripe. It records the transfers so
tests can assert totals, and can be told to fail the first N calls with a 500 (`fail_first`),
to make a transfer but lose the answer (`lose_first`), or to refuse some accounts.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

_ACCOUNT = re.compile(r"^acct_[A-Za-z0-9]+$")
_ALLOWED = {"amount", "currency", "destination", "transfer_group", "description"}
_ids = itertools.count(1)


@dataclass
class FakeStripeConnect:
    secret_key: str = "sk_test_lakou_connect_fake"
    fail_first: int = 0  # answer 500 to this many calls before doing anything
    lose_first: int = 0  # make this many transfers, then answer 500 as if the reply was lost
    refused_accounts: set[str] = field(default_factory=set)
    transfers: list[dict[str, Any]] = field(default_factory=list)
    calls: int = 0
    replays: int = 0
    _by_key: dict[str, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    # Lifecycle -----------------------------------------------------------------------------

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace")
                status, payload, headers = fake.handle(self.path, dict(self.headers), body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.send_header("request-id", f"req_fake_{next(_ids)}")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # What tests assert ---------------------------------------------------------------------

    def total_cents(self, destination: str | None = None) -> int:
        return sum(t["amount"] for t in self.transfers if destination in (None, t["destination"]))

    # Stripe's behaviour --------------------------------------------------------------------

    def handle(
        self, path: str, headers: dict[str, str], body: str
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        lowered = {name.lower(): value for name, value in headers.items()}
        with self._lock:
            self.calls += 1
            if path.split("?")[0] != "/v1/transfers":
                return _error(404, "invalid_request_error", f"Unrecognized request URL ({path})")
            if lowered.get("authorization") != f"Bearer {self.secret_key}":
                return _error(401, "invalid_request_error", "Invalid API Key provided")
            if not lowered.get("content-type", "").startswith("application/x-www-form-urlencoded"):
                return _error(400, "invalid_request_error", "Body must be form-encoded")
            key = lowered.get("idempotency-key")
            if not key:
                return _error(400, "invalid_request_error", "Lakou's fake wants an Idempotency-Key")
            if self.fail_first > 0:
                self.fail_first -= 1
                return _error(500, "api_error", "Fake outage: try again")
            params, problem = _parse(body)
            if problem:
                return _error(400, "invalid_request_error", problem)
            if key in self._by_key:
                first_params, response = self._by_key[key]
                if first_params != params:
                    return _error(
                        400,
                        "idempotency_error",
                        "Keys for idempotent requests can only be used with the same parameters "
                        f"they were first used with. Try using a key other than '{key}' if you "
                        "meant to execute a different request.",
                    )
                self.replays += 1
                return 200, response, {"idempotent-replayed": "true"}
            if params["destination"] in self.refused_accounts:
                return _error(
                    400, "invalid_request_error", "No such destination", code="account_invalid"
                )
            transfer = _transfer(params)
            self.transfers.append(transfer)
            self._by_key[key] = (params, transfer)
            if self.lose_first > 0:
                self.lose_first -= 1
                return _error(500, "api_error", "Fake: the transfer was made, the answer lost")
            return 200, transfer, {}


def _parse(body: str) -> tuple[dict[str, Any], str | None]:
    params: dict[str, Any] = {"metadata": {}}
    for name, value in parse_qsl(body, keep_blank_values=True):
        if name.startswith("metadata[") and name.endswith("]"):
            params["metadata"][name[9:-1]] = value
        elif name in _ALLOWED:
            params[name] = value
        else:
            return params, f"Received unknown parameter: {name}"
    amount = params.get("amount", "")
    if not amount.isdigit() or int(amount) <= 0:
        return params, "amount must be a positive integer (cents)"
    params["amount"] = int(amount)
    if params.get("currency") != "eur":
        return params, "currency must be eur for Lakou"
    if not _ACCOUNT.match(params.get("destination", "")):
        return params, "destination must be a connected account id (acct_...)"
    return params, None


def _transfer(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"tr_fake{next(_ids):010d}",
        "object": "transfer",
        "amount": params["amount"],
        "amount_reversed": 0,
        "currency": params["currency"],
        "destination": params["destination"],
        "transfer_group": params.get("transfer_group"),
        "description": params.get("description"),
        "metadata": params["metadata"],
        "created": int(time.time()),
        "livemode": False,
        "reversed": False,
        "reversals": {"object": "list", "data": [], "has_more": False, "url": "/v1/transfers"},
    }


def _error(
    status: int, kind: str, message: str, code: str | None = None
) -> tuple[int, dict[str, Any], dict[str, str]]:
    error: dict[str, Any] = {"type": kind, "message": message}
    if code:
        error["code"] = code
    return status, {"error": error}, {}
