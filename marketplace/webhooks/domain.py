"""Outgoing webhooks in the Standard Webhooks format: secrets, signatures, the retry schedule.

Each message carries `webhook-id` (the delivery's id: the same on every retry, so a receiver
deduplicates), `webhook-timestamp` (Unix seconds of this attempt: receivers refuse old ones,
so a retry three days later is signed anew) and `webhook-signature`: `v1,` + base64 of the
HMAC-SHA256, keyed by the secret's bytes, of `id.timestamp.body`
(https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md).
The body is `{"type", "timestamp", "data"}`; `data` holds only the ids a partner may see.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format's prefix, not a secret
MAX_URL_LENGTH = 500
MAX_DESCRIPTION_LENGTH = 200
MAX_ENDPOINTS = 10
# Kept of a receiver's answer in the delivery log.
MAX_RESPONSE_CHARS = 2000
# Svix's schedule (the authors of Standard Webhooks): immediately, then 5 s, 5 min, 30 min, 2 h,
# 5 h, 10 h, 10 h; then a day later, twice, to reach three days (three days and about four hours
# after the first attempt, the tenth), then the delivery fails.
RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
    timedelta(hours=24),
    timedelta(hours=24),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

# What a partner may subscribe to, and the fields of each event's payload it receives: ids of
# public things only (an event's payload may carry a person's id; a partner never gets it).
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "work.published": ("work_id", "creator_id"),
    "work.withdrawn": ("work_id", "creator_id"),
    "market.opened": ("market_id", "organisation_id"),
    "market.closed": ("market_id", "organisation_id"),
    "saved_search.matched": ("saved_search_id", "work_id"),
}
EVENT_TYPES = tuple(EVENT_FIELDS)
# Events about one organisation's own things: only its endpoints hear of them (the payload's
# `organisation_id` says whose), never another organisation's.
PRIVATE_EVENTS = frozenset({"saved_search.matched"})


def audience(event_type: str, payload: dict[str, Any]) -> str | None:
    """The organisation (id) an event is only for; None: every subscribed endpoint."""
    if event_type in PRIVATE_EVENTS:
        return str(payload.get("organisation_id", ""))
    return None


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class BadEventTypes(ValueError):
    def __init__(self, unknown: list[str]) -> None:
        super().__init__(", ".join(unknown))
        self.unknown = unknown


def parse_event_types(raw: list[str]) -> tuple[str, ...]:
    unknown = [str(name)[:60] for name in raw if name not in EVENT_FIELDS]
    if unknown or not raw:
        raise BadEventTypes(unknown)
    wanted = set(raw)
    return tuple(name for name in EVENT_TYPES if name in wanted)


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_bytes(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` header's value for one message."""
    content = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_bytes(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(signing: tuple[str, ...], message_id: str, timestamp: int, body: str) -> dict[str, str]:
    """Signed with every secret in service: during a rotation's overlap the new and the old
    one, space-separated (`v1,<a> v1,<b>`, as Standard Webhooks allows), so a receiver holding
    either verifies."""
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, message_id, timestamp, body) for s in signing),
    }


def message_body(event_type: str, occurred_at: datetime, payload: dict[str, Any]) -> str:
    """The JSON body: the event's type and moment, and only the fields partners may see."""
    data = {name: str(payload[name]) for name in EVENT_FIELDS[event_type] if name in payload}
    return json.dumps(
        {"type": event_type, "timestamp": occurred_at.isoformat(), "data": data},
        separators=(",", ":"),
        sort_keys=True,
    )


def message_id(delivery_id: UUID) -> str:
    return f"msg_{delivery_id.hex}"


def next_attempt(attempts_made: int, now: datetime) -> datetime | None:
    """When to try again after `attempts_made` failed attempts; None: give up."""
    if attempts_made >= MAX_ATTEMPTS:
        return None
    return now + RETRY_DELAYS[attempts_made - 1]


def truncated(text: str, limit: int = MAX_RESPONSE_CHARS) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class Endpoint:
    id: UUID
    organisation_id: UUID
    url: str
    description: str
    event_types: tuple[str, ...]
    secret: str
    created_at: datetime
    disabled_at: datetime | None = None
    disabled_reason: str = ""
    last_success_at: datetime | None = None
    previous_secret: str | None = None
    previous_secret_until: datetime | None = None

    @property
    def enabled(self) -> bool:
        return self.disabled_at is None

    def signing_secrets(self, now: datetime) -> tuple[str, ...]:
        """The new secret first; the one before it too while the rotation's overlap lasts."""
        if self.previous_secret and self.previous_secret_until and now < self.previous_secret_until:
            return (self.secret, self.previous_secret)
        return (self.secret,)

    def rotated(self, new: str, now: datetime, overlap: timedelta) -> Endpoint:
        """A new secret; the current one keeps signing for `overlap`. Rotating again during an
        overlap drops the oldest: a message carries two signatures at most."""
        if overlap <= timedelta(0):
            return replace(self, secret=new, previous_secret=None, previous_secret_until=None)
        return replace(
            self, secret=new, previous_secret=self.secret, previous_secret_until=now + overlap
        )

    def wants(self, event_type: str) -> bool:
        return self.enabled and event_type in self.event_types

    def disabled(self, now: datetime, reason: str) -> Endpoint:
        return replace(self, disabled_at=now, disabled_reason=reason)

    def should_disable(self, delivery_created_at: datetime) -> bool:
        """A delivery failed for good: the endpoint has not answered well once since it began
        (every message of three days failed), so it is turned off until its owner mends it."""
        return self.last_success_at is None or self.last_success_at < delivery_created_at
