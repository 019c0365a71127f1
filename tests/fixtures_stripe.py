"""Pytest plugin: the real localstripe server as a subprocess, and a StripeGateway against it.

localstripe is Stripe's API re-implemented in Python (PaymentIntents, refunds, events, signed
webhooks); the official SDK talks to it over HTTP exactly as it would to api.stripe.com.

Its one shared resource: every write pickles the whole store to the fixed path
/tmp/localstripe.pickle, which two instances (two sessions, or another user's file) would
fight over. The fixture starts the same server with that persistence switched off and
`--from-scratch`, so each session has its own empty in-memory Stripe.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from infra.settings import PaymentBackend, PaymentSettings
from marketplace.payments.stripe import RetryPolicy, StripeGateway, Timeouts
from tests.fixtures_s3 import free_port

# localstripe's own entry point, minus the pickle file (see the module docstring).
_SERVER = (
    "import sys; import localstripe.resources as resources; "
    "resources.Store.dump_to_disk = lambda self: None; "
    "from localstripe.server import start; sys.exit(start())"
)
_START_TIMEOUT_S = 20.0

# Fast retries in tests; the policy itself is the same as in production.
TEST_RETRY = RetryPolicy(max_attempts=3, first_backoff_s=0.05, max_backoff_s=0.2)
TEST_TIMEOUTS = Timeouts(connect_s=2.0, read_s=5.0)


@dataclass
class LocalStripe:
    url: str  # http://127.0.0.1:<port>
    log_path: Path
    secret_key: str = field(default_factory=lambda: "sk_test_" + secrets.token_hex(12))
    publishable_key: str = field(default_factory=lambda: "pk_test_" + secrets.token_hex(12))
    webhook_secret: str = field(default_factory=lambda: "whsec_" + secrets.token_hex(16))

    def register_webhook(self, url: str, *, events: list[str] | None = None) -> str:
        """Have localstripe POST every event (or the `events` listed) to `url`, signed.

        Webhooks live as long as the server and cannot be removed: a later test's events
        also go to this URL (a stopped receiver only makes localstripe log a failure).
        """
        webhook_id = "wh_" + secrets.token_hex(6)
        data: dict[str, object] = {"url": url, "secret": self.webhook_secret}
        if events is not None:
            data["events"] = events
        response = httpx.post(f"{self.url}/_config/webhooks/{webhook_id}", json=data)
        response.raise_for_status()
        return webhook_id

    def settings(self, *, api_base: str | None = None) -> PaymentSettings:
        """Stripe payment settings pointing at this server (or at `api_base`, a proxy)."""
        return PaymentSettings(
            backend=PaymentBackend.STRIPE,
            stripe_secret_key=self.secret_key,
            stripe_publishable_key=self.publishable_key,
            stripe_webhook_secret=self.webhook_secret,
            stripe_api_base=api_base or self.url,
        )

    def gateway(
        self,
        *,
        api_base: str | None = None,
        timeouts: Timeouts = TEST_TIMEOUTS,
        retry: RetryPolicy = TEST_RETRY,
    ) -> StripeGateway:
        return StripeGateway.from_settings(
            self.settings(api_base=api_base), timeouts=timeouts, retry=retry
        )

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@contextmanager
def run_localstripe(folder: Path) -> Iterator[LocalStripe]:
    """localstripe on a free port for as long as the block runs (the fixture, the benchmark)."""
    port = free_port()
    server = LocalStripe(url=f"http://127.0.0.1:{port}", log_path=folder / "localstripe.log")
    with server.log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, "--port", str(port), "--from-scratch"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStripe]:
    with run_localstripe(tmp_path_factory.mktemp("localstripe")) as server:
        yield server


def _wait_until_up(server: LocalStripe, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + _START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"localstripe exited at start:\n{server.log_tail()}")
        try:
            # Any answer proves the server is up; listing events stores nothing (reading
            # /v1/balance would create a balance and a balance.available event).
            httpx.get(f"{server.url}/v1/events", auth=(server.secret_key, ""), timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"localstripe did not answer within {_START_TIMEOUT_S} s")


@pytest.fixture
def stripe_gateway(localstripe: LocalStripe) -> Iterator[StripeGateway]:
    gateway = localstripe.gateway()
    yield gateway
    gateway.close()
