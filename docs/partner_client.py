"""A small client of Lakou's partner API, and the check of a webhook's signature.

Standard library only (Python 3.11+), to copy into a partner's own code:

    client = LakouPartner("https://lakou.example", "lkp_…")
    for work in client.works():                       # every public work, page by page
        print(work["id"], work["titles"].get("fr"))
    hook = client.add_webhook("https://partner.example/lakou", ["work.published"])
    secret = hook["secret"]                           # whsec_…: keep it, it is shown once

and in the receiver (any web framework; `body` is the request's raw bytes):

    event = verify_webhook(secret, request.headers, body)   # raises InvalidSignature
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any

TOLERANCE_S = 5 * 60  # Standard Webhooks: refuse messages older (or newer) than five minutes


class LakouError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        error = body.get("error", {})
        super().__init__(f"{status} {error.get('code')}: {error.get('message')}")
        self.status = status
        self.code = error.get("code")
        # 429: how long to wait before the next call with this key.
        self.retry_after_s: int | None = None


class LakouPartner:
    def __init__(self, base_url: str, api_key: str, timeout_s: float = 30) -> None:
        self.base_url = base_url.rstrip("/")
        self._key = api_key
        self._timeout = timeout_s

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        request = urllib.request.Request(  # noqa: S310 - the partner's configured https URL
            self.base_url + path,
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"authorization": f"Bearer {self._key}", "content-type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:  # noqa: S310
                content = answer.read()
                return json.loads(content) if content else None
        except urllib.error.HTTPError as failed:
            error = LakouError(failed.code, json.loads(failed.read() or b"{}"))
            if failed.code == 429:
                error.retry_after_s = int(failed.headers.get("retry-after", "60"))
            raise error from None

    def key(self) -> dict[str, Any]:
        """What this key is: its organisation, scopes, rate and state."""
        return dict(self._call("GET", "/api/partner/v1/key"))

    def works(self, discipline: str | None = None) -> Iterator[dict[str, Any]]:
        """Every public work, newest first (scope catalogue:read)."""
        cursor: str | None = None
        while True:
            query = {"limit": "100"}
            if discipline:
                query["discipline"] = discipline
            if cursor:
                query["cursor"] = cursor
            page = self._call("GET", "/api/partner/v1/works?" + urllib.parse.urlencode(query))
            yield from page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return

    def add_webhook(self, url: str, event_types: list[str]) -> dict[str, Any]:
        """Register an endpoint (scope webhooks:manage); the answer's `secret` is shown once."""
        body = {"url": url, "event_types": event_types}
        return dict(self._call("POST", "/api/partner/v1/webhooks", body))

    def deliveries(self, endpoint_id: str) -> list[dict[str, Any]]:
        """The endpoint's delivery log, newest first."""
        return list(
            self._call("GET", f"/api/partner/v1/webhooks/{endpoint_id}/deliveries")["items"]
        )

    def redeliver(self, endpoint_id: str, delivery_id: str) -> dict[str, Any]:
        path = f"/api/partner/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver"
        return dict(self._call("POST", path))


class InvalidSignature(Exception):
    pass


def verify_webhook(
    secret: str, headers: Mapping[str, str], body: bytes, now: float | None = None
) -> dict[str, Any]:
    """The event, once `webhook-signature` is checked (Standard Webhooks, v1); deduplicate on
    `webhook-id` (a retried message keeps it)."""
    lower = {name.lower(): value for name, value in headers.items()}
    message_id = lower.get("webhook-id", "")
    timestamp = lower.get("webhook-timestamp", "")
    signatures = lower.get("webhook-signature", "")
    if not (message_id and timestamp.isdigit() and signatures):
        raise InvalidSignature("missing webhook headers")
    if abs((now if now is not None else time.time()) - int(timestamp)) > TOLERANCE_S:
        raise InvalidSignature("timestamp too old or too new")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for candidate in signatures.split():
        version, _, signature = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return dict(json.loads(body))
    raise InvalidSignature("no matching signature")
