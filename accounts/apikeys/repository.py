"""API keys in the database, read back the same way on both engines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from accounts.apikeys.domain import ApiKey, Scope
from accounts.apikeys.tables import ApiKeyRow
from infra.db.values import as_utc, as_uuid

# last_used_at is written at most once a minute per key: a key called 600 times a minute
# would otherwise update its row 600 times for a figure people read to the minute.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class FoundKey:
    key: ApiKey
    organisation_state: str


def _key(row: dict[str, Any]) -> ApiKey:
    def moment(name: str) -> datetime | None:
        return as_utc(row[name]) if row[name] is not None else None

    return ApiKey(
        id=as_uuid(row["id"]),
        organisation_id=as_uuid(row["organisation"]),
        name=row["name"],
        prefix=row["prefix"],
        scopes=tuple(Scope(name) for name in str(row["scopes"]).split()),
        rate_per_minute=int(row["rate_per_minute"]),
        created_by=as_uuid(row["created_by"]) if row["created_by"] else None,
        created_at=as_utc(row["created_at"]),
        expires_at=moment("expires_at"),
        revoked_at=moment("revoked_at"),
        last_used_at=moment("last_used_at"),
        replaces=as_uuid(row["replaces"]) if row["replaces"] else None,
    )


_COLUMNS = (
    ApiKeyRow.id,
    ApiKeyRow.organisation,
    ApiKeyRow.name,
    ApiKeyRow.prefix,
    ApiKeyRow.scopes,
    ApiKeyRow.rate_per_minute,
    ApiKeyRow.created_by,
    ApiKeyRow.created_at,
    ApiKeyRow.expires_at,
    ApiKeyRow.revoked_at,
    ApiKeyRow.last_used_at,
    ApiKeyRow.replaces,
)


class ApiKeyRepository:
    async def add(self, key: ApiKey, key_hash: str) -> None:
        await ApiKeyRow.insert(
            ApiKeyRow(
                id=key.id,
                organisation=key.organisation_id,
                name=key.name,
                prefix=key.prefix,
                key_hash=key_hash,
                scopes=" ".join(scope.value for scope in key.scopes),
                rate_per_minute=key.rate_per_minute,
                created_by=key.created_by,
                created_at=key.created_at,
                expires_at=key.expires_at,
                revoked_at=key.revoked_at,
                replaces=key.replaces,
            )
        )

    async def save_end(self, key: ApiKey) -> None:
        """A key's end changed (rotation, revocation); nothing else of a key ever changes."""
        await ApiKeyRow.update(
            {ApiKeyRow.expires_at: key.expires_at, ApiKeyRow.revoked_at: key.revoked_at}
        ).where(ApiKeyRow.id == key.id)

    async def of_organisation(self, organisation_id: UUID) -> list[ApiKey]:
        rows = (
            await ApiKeyRow.select(*_COLUMNS)
            .where(ApiKeyRow.organisation == organisation_id)
            .order_by(ApiKeyRow.id, ascending=False)
        )
        return [_key(row) for row in rows]

    async def get(self, organisation_id: UUID, key_id: UUID) -> ApiKey | None:
        row = (
            await ApiKeyRow.select(*_COLUMNS)
            .where((ApiKeyRow.id == key_id) & (ApiKeyRow.organisation == organisation_id))
            .first()
        )
        return _key(row) if row else None

    async def by_hash(self, key_hash: str) -> FoundKey | None:
        """The key with this hash and its organisation's verification state (one query)."""
        row = (
            await ApiKeyRow.select(
                *_COLUMNS, ApiKeyRow.organisation.state.as_alias("organisation_state")
            )
            .where(ApiKeyRow.key_hash == key_hash)
            .first()
        )
        return FoundKey(_key(row), str(row["organisation_state"])) if row else None

    async def mark_used(self, key_id: UUID, now: datetime) -> None:
        stale = now - LAST_USED_PRECISION
        await ApiKeyRow.update({ApiKeyRow.last_used_at: now}).where(
            (ApiKeyRow.id == key_id)
            & ((ApiKeyRow.last_used_at.is_null()) | (ApiKeyRow.last_used_at < stale))
        )
