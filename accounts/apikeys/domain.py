"""API keys of organisations: their scopes, their format, their hash and their life.

A key is `lkp_` + 256 random bits (URL-safe base64). Only a keyed hash of it is stored: HMAC-
SHA256 under the server's secret. A slow password hash (argon2) protects low-entropy secrets a
person chose; a key has 256 bits of entropy, so nobody can guess it whatever the hash costs,
and a fast hash lets every partner call find its key by one indexed lookup instead of paying
64 MiB and a second of argon2 per request. The key (the HMAC's secret) also means a copy of the
table alone does not let anyone check a guessed key offline. The first 12 characters
(`lkp_` and 8 more) are kept in clear as the prefix a person recognises in the list.

Rotation makes a new key with the same name, scopes and rate, and gives the old one an end
(the overlap) so the partner's systems can switch without an outage; revocation ends a key now.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

KEY_PREFIX = "lkp_"
VISIBLE_PREFIX_LENGTH = 12
MAX_NAME_LENGTH = 80
DEFAULT_RATE_PER_MINUTE = 600
MAX_RATE_PER_MINUTE = 6000
DEFAULT_OVERLAP_HOURS = 24
MAX_OVERLAP_HOURS = 24 * 30
MAX_ACTIVE_KEYS = 20


class Scope(StrEnum):
    CATALOGUE_READ = "catalogue:read"
    AVAILS_READ = "avails:read"
    LICENCES_WRITE = "licences:write"
    MARKETS_READ = "markets:read"
    WEBHOOKS_MANAGE = "webhooks:manage"
    # Saving and deleting the organisation's saved searches (reading them: catalogue:read).
    SEARCHES_WRITE = "searches:write"


class KeyState(StrEnum):
    ACTIVE = "active"
    # Rotated: still accepted until its end.
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVOKED = "revoked"


class BadScopes(ValueError):
    """Unknown scope names, or none at all."""

    def __init__(self, unknown: list[str]) -> None:
        super().__init__(", ".join(unknown))
        self.unknown = unknown


def parse_scopes(raw: list[str] | tuple[str, ...]) -> tuple[Scope, ...]:
    """Known scopes, deduplicated, in the enum's order; unknown or none is refused."""
    known = {scope.value: scope for scope in Scope}
    unknown = [str(name)[:40] for name in raw if name not in known]
    if unknown or not raw:
        raise BadScopes(unknown)
    wanted = set(raw)
    return tuple(scope for scope in Scope if scope.value in wanted)


def new_secret() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def looks_like_key(token: str) -> bool:
    return token.startswith(KEY_PREFIX) and 20 <= len(token) <= 100


def visible_prefix(secret: str) -> str:
    return secret[:VISIBLE_PREFIX_LENGTH]


class KeyHasher:
    """HMAC-SHA256 of a key under the server's secret, as hex (see the module's docstring)."""

    def __init__(self, server_secret: str) -> None:
        self._secret = ("lakou-api-keys:" + server_secret).encode()

    def __call__(self, key: str) -> str:
        return hmac.new(self._secret, key.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ApiKey:
    id: UUID
    organisation_id: UUID
    name: str
    prefix: str
    scopes: tuple[Scope, ...]
    rate_per_minute: int
    created_by: UUID | None
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None
    replaces: UUID | None = None

    def state(self, now: datetime) -> KeyState:
        if self.revoked_at is not None:
            return KeyState.REVOKED
        if self.expires_at is None:
            return KeyState.ACTIVE
        return KeyState.EXPIRING if now < self.expires_at else KeyState.EXPIRED

    def usable(self, now: datetime) -> bool:
        return self.state(now) in (KeyState.ACTIVE, KeyState.EXPIRING)

    def allows(self, scope: Scope) -> bool:
        return scope in self.scopes

    def successor(self, new_id: UUID, secret: str, by: UUID, now: datetime) -> ApiKey:
        """The key that replaces this one at a rotation: same name, scopes and rate."""
        return replace(
            self,
            id=new_id,
            prefix=visible_prefix(secret),
            created_by=by,
            created_at=now,
            expires_at=None,
            revoked_at=None,
            last_used_at=None,
            replaces=self.id,
        )

    def ending(self, now: datetime, overlap: timedelta) -> ApiKey:
        """This key, rotated: it stays accepted for `overlap` (never longer than it had)."""
        end = now + overlap
        if self.expires_at is not None and self.expires_at < end:
            end = self.expires_at
        return replace(self, expires_at=end)

    def revoked(self, now: datetime) -> ApiKey:
        return replace(self, revoked_at=now)

    def snapshot(self) -> dict[str, object]:
        """What the audit log keeps (never the hash)."""
        return {
            "name": self.name,
            "prefix": self.prefix,
            "scopes": [scope.value for scope in self.scopes],
            "rate_per_minute": self.rate_per_minute,
            "expires_at": self.expires_at,
            "revoked_at": self.revoked_at,
        }
