"""A FAKE of Stripe Connect, for tests only (localstripe has no Connect): `POST /v1/transfers`,
`POST /v1/accounts` (Express accounts), `GET /v1/accounts/:id` and `POST /v1/account_links`,
plus a FAKE onboarding page standing for Stripe's hosted form.

A threaded `http.server` on a free local port that checks requests the way Stripe would:
the secret key as a bearer token, a form-encoded body, a positive integer amount, currency
`eur`, a destination like `acct_...`, an `Idempotency-Key` header (Lakou always sends one).
The same key with the same parameters returns the same transfer (not a new one); the same key
with other parameters is a 400 `idempotency_error`, as at Stripe. It records the transfers so
tests can assert totals, and can be told to fail the first N calls with a 500 (`fail_first`),
to make a transfer but lose the answer (`lose_first`), or to refuse some accounts.

Accounts: `POST /v1/accounts` wants `type=express`, a two-letter country, an e-mail and
`capabilities[transfers][requested]=true`, and keeps idempotency like transfers; a new account
has neither details submitted nor payouts enabled. `POST /v1/account_links` wants a known
account, `type=account_onboarding` and both URLs, and gives a single-use link to the fake's
onboarding page (`/fake/onboarding/<token>`) that expires after `link_lifetime_s`. Opening it
with `?complete=1` marks the account onboarded and sends the browser to the return URL; an
expired or used link sends it to the refresh URL, as Stripe does. Tests can also mark an
account onboarded directly (`mark_onboarded`) and sign an `account.updated` event with a
webhook secret as Stripe would (`signed_account_updated`).

Express dashboard: `POST /v1/accounts/:id/login_links` gives a single-use URL to a FAKE
dashboard page for an account whose details were submitted (Stripe refuses the others, and
any account that disconnected). `deauthorize` stands for the person disconnecting Lakou from
their account at Stripe: Lakou can no longer read it (`GET` answers 403, as Stripe's
`account_invalid`), and `signed_deauthorized` signs the `account.application.deauthorized`
event Stripe then sends.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlparse

_ACCOUNT = re.compile(r"^acct_[A-Za-z0-9]+$")
_LOGIN_LINKS = re.compile(r"/v1/accounts/(acct_[A-Za-z0-9]+)/login_links")
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
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, dict[str, Any]] = field(default_factory=dict)  # token -> link
    link_lifetime_s: int = 300
    login_links: list[dict[str, Any]] = field(default_factory=list)
    deauthorized: set[str] = field(default_factory=set)
    base_url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    # Lifecycle -----------------------------------------------------------------------------

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._answer(fake.handle_get(self.path, dict(self.headers)))

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length).decode("utf-8", "replace")
                self._answer(fake.handle(self.path, dict(self.headers), body))

            def _answer(self, answer: tuple[int, dict[str, Any], dict[str, str]]) -> None:
                status, payload, headers = answer
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
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self.base_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # What tests assert ---------------------------------------------------------------------

    def total_cents(self, destination: str | None = None) -> int:
        return sum(t["amount"] for t in self.transfers if destination in (None, t["destination"]))

    # What tests do in Stripe's place --------------------------------------------------------

    def mark_onboarded(self, account_id: str, *, payouts_enabled: bool = True) -> None:
        """The person finished Stripe's form (and Stripe enabled payouts, unless told not)."""
        with self._lock:
            account = self.accounts[account_id]
            account["details_submitted"] = True
            account["payouts_enabled"] = payouts_enabled
            account["charges_enabled"] = payouts_enabled
            account["capabilities"]["transfers"] = "active" if payouts_enabled else "pending"

    def expire_links(self) -> None:
        with self._lock:
            for link in self.links.values():
                link["expires_at"] = 0

    def deauthorize(self, account_id: str) -> None:
        """The person disconnected Lakou from their account (in their Stripe dashboard)."""
        with self._lock:
            self.deauthorized.add(account_id)

    def signed_account_updated(
        self, account_id: str, webhook_secret: str, *, timestamp: int | None = None
    ) -> tuple[bytes, str]:
        """An `account.updated` event as Stripe sends it to a Connect endpoint: the body and
        its `Stripe-Signature` header (HMAC-SHA256 of "<t>.<body>" with the secret)."""
        with self._lock:
            account = dict(self.accounts[account_id])
        return _signed("account.updated", account_id, account, webhook_secret, timestamp)

    def signed_deauthorized(self, account_id: str, webhook_secret: str) -> tuple[bytes, str]:
        """`account.application.deauthorized` as Stripe sends it: the object is the
        application that lost access; the account is named in `account`."""
        application = {"id": "ca_fakeLakou", "object": "application", "name": "Lakou"}
        return _signed(
            "account.application.deauthorized", account_id, application, webhook_secret, None
        )

    # Stripe's behaviour --------------------------------------------------------------------

    def handle_get(
        self, path: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        url = urlparse(path)
        if url.path.startswith("/fake/onboarding/"):
            return self._onboarding_page(url.path.rsplit("/", 1)[-1], parse_qs(url.query))
        lowered = {name.lower(): value for name, value in headers.items()}
        with self._lock:
            self.calls += 1
            if lowered.get("authorization") != f"Bearer {self.secret_key}":
                return _error(401, "invalid_request_error", "Invalid API Key provided")
            match = re.fullmatch(r"/v1/accounts/(acct_[A-Za-z0-9]+)", url.path)
            if match is None:
                return _error(404, "invalid_request_error", f"Unrecognized request URL ({path})")
            account = self.accounts.get(match.group(1))
            if match.group(1) in self.deauthorized:
                return _error(
                    403,
                    "invalid_request_error",
                    "The provided key does not have access to account "
                    f"'{match.group(1)}' (or that account does not exist).",
                    code="account_invalid",
                )
            if account is None:
                return _error(
                    404,
                    "invalid_request_error",
                    f"No such account: '{match.group(1)}'",
                    code="resource_missing",
                )
            return 200, dict(account), {}

    def _onboarding_page(
        self, token: str, query: dict[str, list[str]]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """Stripe's hosted form, reduced to its outcome: a redirect back to Lakou."""
        with self._lock:
            link = self.links.get(token)
            if link is None:
                return _error(404, "invalid_request_error", "No such account link")
            if link["used"] or link["expires_at"] < time.time():
                return 302, {}, {"location": link["refresh_url"]}
            link["used"] = True
        if query.get("complete") == ["1"]:
            self.mark_onboarded(link["account"])
        return 302, {}, {"location": link["return_url"]}

    def handle(
        self, path: str, headers: dict[str, str], body: str
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        lowered = {name.lower(): value for name, value in headers.items()}
        with self._lock:
            self.calls += 1
            route = path.split("?")[0]
            login = _LOGIN_LINKS.fullmatch(route)
            if login is None and route not in (
                "/v1/transfers",
                "/v1/accounts",
                "/v1/account_links",
            ):
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
            if route == "/v1/accounts":
                return self._create_account(key, body)
            if route == "/v1/account_links":
                return self._create_link(body)
            if login is not None:
                return self._login_link(login.group(1))
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
            made_here = self.accounts.get(params["destination"])
            if made_here is not None and made_here["capabilities"]["transfers"] != "active":
                # As Stripe: an account still onboarding cannot receive transfers.
                return _error(
                    400,
                    "invalid_request_error",
                    "Your destination account needs to have at least one of the following "
                    "capabilities enabled: transfers, crypto_transfers, legacy_payments",
                    code="insufficient_capabilities_for_transfer",
                )
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

    def _create_account(self, key: str, body: str) -> tuple[int, dict[str, Any], dict[str, str]]:
        params = dict(parse_qsl(body, keep_blank_values=True))
        allowed = {"type", "country", "email", "capabilities[transfers][requested]"}
        unknown = sorted(set(params) - allowed)
        if unknown:
            return _error(400, "invalid_request_error", f"Received unknown parameter: {unknown[0]}")
        if params.get("type") != "express":
            return _error(400, "invalid_request_error", "Lakou's fake makes Express accounts only")
        if not re.fullmatch(r"[A-Z]{2}", params.get("country", "")):
            return _error(400, "invalid_request_error", "country must be two capital letters")
        if params["country"] in {"MQ", "GP", "GF", "RE", "YT"}:
            # Stripe onboards the French overseas departments as France.
            return _error(
                400, "invalid_request_error", f"Country {params['country']} is not supported"
            )
        if "@" not in params.get("email", ""):
            return _error(400, "invalid_request_error", "email is invalid")
        if params.get("capabilities[transfers][requested]") != "true":
            return _error(400, "invalid_request_error", "Lakou asks for the transfers capability")
        key = f"accounts:{key}"
        if key in self._by_key:
            first, response = self._by_key[key]
            if first != params:
                return _error(400, "idempotency_error", "Keys for idempotent requests ...")
            self.replays += 1
            return 200, dict(self.accounts[response["id"]]), {"idempotent-replayed": "true"}
        account = {
            "id": f"acct_fake{next(_ids):010d}",
            "object": "account",
            "type": "express",
            "country": params["country"],
            "email": params["email"],
            "capabilities": {"transfers": "inactive"},
            "details_submitted": False,
            "payouts_enabled": False,
            "charges_enabled": False,
            "created": int(time.time()),
        }
        self.accounts[account["id"]] = account
        self._by_key[key] = (params, account)
        return 200, dict(account), {}

    def _login_link(self, account_id: str) -> tuple[int, dict[str, Any], dict[str, str]]:
        account = self.accounts.get(account_id)
        if account is None or account_id in self.deauthorized:
            return _error(400, "invalid_request_error", "No such account", code="account_invalid")
        if not account["details_submitted"]:
            return _error(
                400,
                "invalid_request_error",
                "Cannot create a login link for an account that has not completed onboarding.",
            )
        link = {
            "object": "login_link",
            "created": int(time.time()),
            "url": f"{self.base_url}/fake/express/{secrets.token_urlsafe(12)}",
        }
        self.login_links.append({**link, "account": account_id})
        return 200, link, {}

    def _create_link(self, body: str) -> tuple[int, dict[str, Any], dict[str, str]]:
        params = dict(parse_qsl(body, keep_blank_values=True))
        if params.get("account") not in self.accounts:
            return _error(400, "invalid_request_error", "No such account", code="resource_missing")
        if params.get("type") != "account_onboarding":
            return _error(400, "invalid_request_error", "type must be account_onboarding")
        for name in ("refresh_url", "return_url"):
            if not params.get(name, "").startswith(("http://", "https://")):
                return _error(400, "invalid_request_error", f"{name} must be a URL")
        token = secrets.token_urlsafe(12)
        now = int(time.time())
        self.links[token] = {
            "account": params["account"],
            "refresh_url": params["refresh_url"],
            "return_url": params["return_url"],
            "expires_at": now + self.link_lifetime_s,
            "used": False,
        }
        return (
            200,
            {
                "object": "account_link",
                "created": now,
                "expires_at": now + self.link_lifetime_s,
                "url": f"{self.base_url}/fake/onboarding/{token}",
            },
            {},
        )


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


def _signed(
    kind: str, account_id: str, obj: dict[str, Any], secret: str, timestamp: int | None
) -> tuple[bytes, str]:
    """A Connect event's body and its `Stripe-Signature` header (HMAC-SHA256 of
    "<t>.<body>" with the endpoint's secret)."""
    event = {
        "id": f"evt_fake{next(_ids):010d}",
        "object": "event",
        "type": kind,
        "account": account_id,
        "api_version": "2026-10-28",
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }
    body = json.dumps(event).encode()
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={t},v1={digest}"
