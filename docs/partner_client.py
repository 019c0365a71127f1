"""A small client of Lakou's partner API, and the check of a webhook's signature.

Standard library only (Python 3.11+), to copy into a partner's own code:

    client = LakouPartner("https://lakou.example", "lkp_…")
    for work in client.works():                       # every public work, page by page
        print(work["id"], work["titles"].get("fr"))
    hook = client.add_webhook("https://partner.example/lakou", ["saved_search.matched"])
    secret = hook["secret"]                           # whsec_…: keep it, it is shown once
    client.save_search("Creole films, SVOD Canada 2027", filters={"discipline": ["film"],
                       "language": ["gcf-MQ"], "territory": ["CA"], "licence_type": ["svod"]},
                       starts_on="2027-01-01", ends_on="2027-12-31")
    client.avails_xlsx("avails.xlsx", territory="CA US")   # the EMA Avails spreadsheet

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

    def _call(self, method: str, path: str, body: Any = None, raw: bool = False) -> Any:
        request = urllib.request.Request(  # noqa: S310 - the partner's configured https URL
            self.base_url + path,
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"authorization": f"Bearer {self._key}", "content-type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as answer:  # noqa: S310
                if raw:
                    return answer
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

    def set_webhook_enabled(self, endpoint_id: str, enabled: bool) -> dict[str, Any]:
        action = "enable" if enabled else "disable"
        return dict(self._call("POST", f"/api/partner/v1/webhooks/{endpoint_id}/{action}"))

    # Saved searches: new matching works arrive as `saved_search.matched` webhooks ------------

    def save_search(
        self,
        name: str,
        query: str = "",
        filters: dict[str, list[str]] | None = None,
        starts_on: str | None = None,
        ends_on: str | None = None,
    ) -> dict[str, Any]:
        """Scope searches:write. `filters` as the search API's parameters; a period (ISO
        dates) needs `territory` and `licence_type` filters."""
        body: dict[str, Any] = {"name": name, "query": query, "filters": filters or {}}
        if starts_on:
            body |= {"starts_on": starts_on, "ends_on": ends_on}
        return dict(self._call("POST", "/api/partner/v1/saved-searches", body))

    def saved_searches(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/api/partner/v1/saved-searches"))

    def matches(self, saved_search_id: str) -> list[dict[str, Any]]:
        path = f"/api/partner/v1/saved-searches/{saved_search_id}/matches"
        return list(self._call("GET", path))

    def delete_saved_search(self, saved_search_id: str) -> None:
        self._call("DELETE", f"/api/partner/v1/saved-searches/{saved_search_id}")

    # Availability (avails:read) and licence requests (licences:write) ------------------------

    def availability(self, work_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"/api/partner/v1/avails/works/{work_id}"))

    def avails(
        self, territory: str, medium: str, starts_on: str, ends_on: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every public work that can be licensed there over the whole period, page by page."""
        body: dict[str, Any] = {"territory": territory, "medium": medium, "starts_on": starts_on}
        if ends_on:
            body["ends_on"] = ends_on
        while True:
            page = self._call("POST", "/api/partner/v1/avails/search", body)
            yield from page["items"]
            if not page["next_cursor"]:
                return
            body["cursor"] = page["next_cursor"]

    def avails_xlsx(self, path: str, territory: str, medium: str | None = None) -> None:
        """Save the EMA Avails spreadsheet ("Movies" sheet) for `territory` to `path`."""
        query = {"territory": territory} | ({"medium": medium} if medium else {})
        route = "/api/partner/v1/avails/export.xlsx?" + urllib.parse.urlencode(query)
        with self._call("GET", route, raw=True) as answer, open(path, "wb") as out:
            while chunk := answer.read(64 * 1024):
                out.write(chunk)

    def request_licence(self, work_id: str, medium: str, territory: str, starts_on: str,
                        ends_on: str | None = None, exclusive: bool = False,
                        intended_use: str = "") -> dict[str, Any]:  # fmt: skip
        """Ask the rights side for a licence, as the key's maker and organisation."""
        body = {"work_id": work_id, "medium": medium, "territory": territory,
                "starts_on": starts_on, "ends_on": ends_on, "exclusive": exclusive,
                "intended_use": intended_use}  # fmt: skip
        return dict(self._call("POST", "/api/partner/v1/licences", body))

    def licence(self, deal_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"/api/partner/v1/licences/{deal_id}"))


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
