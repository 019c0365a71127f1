"""The JSON shapes of the API keys' management routes and of the partner's own key route."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from accounts.apikeys.domain import DEFAULT_RATE_PER_MINUTE, ApiKey
from accounts.apikeys.service import KeyRequest


class KeyIn(msgspec.Struct, forbid_unknown_fields=True):
    """A key to make: `scopes` among catalogue:read, avails:read, licences:write, markets:read,
    webhooks:manage, searches:write; `rate_per_minute` from 1 to 6000 (600 by default)."""

    name: Annotated[str, msgspec.Meta(max_length=300, examples=["Catalogue sync"])]
    scopes: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=40)]],
        msgspec.Meta(max_length=10, examples=[["catalogue:read", "markets:read"]]),
    ]
    rate_per_minute: int = DEFAULT_RATE_PER_MINUTE

    def request(self) -> KeyRequest:
        return KeyRequest(self.name, list(self.scopes), self.rate_per_minute)


class RotationIn(msgspec.Struct, forbid_unknown_fields=True):
    """How long the old key keeps working, in hours (0 to 720; 24 by default)."""

    overlap_hours: int | None = None


class KeyOut(msgspec.Struct):
    id: UUID
    organisation_id: UUID
    name: str
    prefix: str
    scopes: list[str]
    rate_per_minute: int
    state: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    replaces: UUID | None


class NewKeyOut(msgspec.Struct):
    """The key made; `secret` is shown this once and cannot be read again."""

    key: KeyOut
    secret: Annotated[str, msgspec.Meta(examples=["lkp_3q2-7wEXAMPLEb1Xr0…"])]


def key_out(key: ApiKey, now: datetime) -> KeyOut:
    return KeyOut(
        id=key.id,
        organisation_id=key.organisation_id,
        name=key.name,
        prefix=key.prefix,
        scopes=[scope.value for scope in key.scopes],
        rate_per_minute=key.rate_per_minute,
        state=key.state(now).value,
        created_at=key.created_at,
        expires_at=key.expires_at,
        revoked_at=key.revoked_at,
        last_used_at=key.last_used_at,
        replaces=key.replaces,
    )
