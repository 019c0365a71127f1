"""API key use cases: an organisation's owners and admins make, rotate and revoke its keys;
partner calls are authenticated by them.

Who may manage: the organisation's owners and admins (anyone else in it: 403; outside it: 404,
so ids do not leak). Staff may list and revoke any organisation's keys (an incident: a key
leaked in a public repository) but never make or rotate one: a key is shown once, to the
person who will hold it. Keys are made only for verified organisations, and a key works only
while its organisation is verified (a suspended organisation's keys stop, and start again if
it is reinstated). Every change is an audit entry in the transaction that makes it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from accounts.apikeys.domain import (
    DEFAULT_OVERLAP_HOURS,
    DEFAULT_RATE_PER_MINUTE,
    MAX_ACTIVE_KEYS,
    MAX_NAME_LENGTH,
    MAX_OVERLAP_HOURS,
    MAX_RATE_PER_MINUTE,
    ApiKey,
    BadScopes,
    KeyHasher,
    Scope,
    new_secret,
    parse_scopes,
    visible_prefix,
)
from accounts.apikeys.errors import ApiKeyError
from accounts.apikeys.repository import ApiKeyRepository
from accounts.audit.port import AuditTrail
from accounts.domain import Principal
from accounts.organisations.domain import VerificationState
from accounts.organisations.service import OrganisationService
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound
from infra.ids import new_id

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class NewKey:
    """A key just made: `secret` is shown once and never again."""

    key: ApiKey
    secret: str


@dataclass(frozen=True)
class KeyRequest:
    name: str
    scopes: list[str]
    rate_per_minute: int = DEFAULT_RATE_PER_MINUTE


def check_name(raw: str) -> str:
    name = " ".join(str(raw).split())
    if (
        not name
        or len(name) > MAX_NAME_LENGTH
        or any(unicodedata.category(char).startswith("C") for char in name)
    ):
        raise InvalidInput(ApiKeyError.INVALID_NAME, max=MAX_NAME_LENGTH)
    return name


def check_scopes(raw: list[str]) -> tuple[Scope, ...]:
    try:
        return parse_scopes(list(raw))
    except BadScopes as error:
        raise InvalidInput(
            ApiKeyError.INVALID_SCOPES,
            unknown=", ".join(error.unknown) or "-",
            allowed=", ".join(scope.value for scope in Scope),
        ) from None


def check_rate(raw: int) -> int:
    if isinstance(raw, bool) or not 1 <= raw <= MAX_RATE_PER_MINUTE:
        raise InvalidInput(ApiKeyError.INVALID_RATE, max=MAX_RATE_PER_MINUTE)
    return raw


def check_overlap(raw: int | None) -> timedelta:
    hours = DEFAULT_OVERLAP_HOURS if raw is None else raw
    if isinstance(hours, bool) or not 0 <= hours <= MAX_OVERLAP_HOURS:
        raise InvalidInput(ApiKeyError.INVALID_OVERLAP, max=MAX_OVERLAP_HOURS)
    return timedelta(hours=hours)


class ApiKeyService:
    def __init__(
        self,
        repository: ApiKeyRepository,
        organisations: OrganisationService,
        unit_of_work: Callable[[], UnitOfWork],
        audit: Callable[[], AuditTrail],
        hasher: KeyHasher,
        clock: Clock = _utc_now,
    ) -> None:
        self._repo = repository
        self._organisations = organisations
        self._uow = unit_of_work
        self._audit = audit
        self._hash = hasher
        self._now = clock

    @property
    def repository(self) -> ApiKeyRepository:
        return self._repo

    def now(self) -> datetime:
        return self._now()

    def hash(self, secret: str) -> str:
        return self._hash(secret)

    async def keys(self, who: Principal, organisation_id: UUID) -> list[ApiKey]:
        """Every member reads the list (viewers included: names, prefixes, scopes, never a
        secret), and staff; only owners and admins make, rotate and revoke."""
        await self._organisations.get(who, organisation_id)  # 404 unless a member or staff
        return await self._repo.of_organisation(organisation_id)

    async def create(self, who: Principal, organisation_id: UUID, request: KeyRequest) -> NewKey:
        name = check_name(request.name)
        scopes = check_scopes(request.scopes)
        rate = check_rate(request.rate_per_minute)
        async with self._uow():
            await self._manager(who, organisation_id, staff_may=False, verified=True)
            now = self._now()
            in_service = [
                k for k in await self._repo.of_organisation(organisation_id) if k.usable(now)
            ]
            if len(in_service) >= MAX_ACTIVE_KEYS:
                raise Conflict(ApiKeyError.TOO_MANY_KEYS, max=MAX_ACTIVE_KEYS)
            secret = new_secret()
            key = ApiKey(
                id=new_id(),
                organisation_id=organisation_id,
                name=name,
                prefix=visible_prefix(secret),
                scopes=scopes,
                rate_per_minute=rate,
                created_by=who.user_id,
                created_at=now,
            )
            await self._repo.add(key, self._hash(secret))
            await self._record(who, "api_key.created", key, None, key.snapshot())
        return NewKey(key, secret)

    async def rotate(
        self, who: Principal, organisation_id: UUID, key_id: UUID, overlap_hours: int | None
    ) -> NewKey:
        """A new key with the same name, scopes and rate; the old one ends after the overlap."""
        overlap = check_overlap(overlap_hours)
        async with self._uow():
            await self._manager(who, organisation_id, staff_may=False, verified=True)
            old = await self._key(organisation_id, key_id)
            now = self._now()
            if not old.usable(now):
                raise Conflict(ApiKeyError.NOT_USABLE)
            secret = new_secret()
            new = old.successor(new_id(), secret, who.user_id, now)
            ended = old.ending(now, overlap)
            await self._repo.save_end(ended)
            await self._repo.add(new, self._hash(secret))
            await self._record(who, "api_key.rotated", ended, old.snapshot(), ended.snapshot())
            await self._record(who, "api_key.created", new, None, new.snapshot())
        return NewKey(new, secret)

    async def revoke(self, who: Principal, organisation_id: UUID, key_id: UUID) -> ApiKey:
        """Ends a key now; revoking a revoked key answers the same and records nothing."""
        async with self._uow():
            await self._manager(who, organisation_id, staff_may=True)
            key = await self._key(organisation_id, key_id)
            if key.revoked_at is not None:
                return key
            revoked = key.revoked(self._now())
            await self._repo.save_end(revoked)
            await self._record(who, "api_key.revoked", revoked, key.snapshot(), revoked.snapshot())
        return revoked

    async def _key(self, organisation_id: UUID, key_id: UUID) -> ApiKey:
        key = await self._repo.get(organisation_id, key_id)
        if key is None:
            raise NotFound(ApiKeyError.NOT_FOUND)
        return key

    async def _manager(
        self, who: Principal, organisation_id: UUID, *, staff_may: bool, verified: bool = False
    ) -> None:
        organisation, role = await self._organisations.get(who, organisation_id)
        manages = role is not None and role.manages
        if not manages and not (staff_may and who.is_staff):
            raise Forbidden(ApiKeyError.NOT_ADMIN)
        if verified and organisation.state is not VerificationState.VERIFIED:
            raise Conflict(ApiKeyError.NOT_VERIFIED)

    async def _record(
        self,
        who: Principal,
        action: str,
        key: ApiKey,
        before: dict[str, object] | None,
        after: dict[str, object],
    ) -> None:
        await self._audit().record(
            actor_id=who.user_id,
            action=action,
            object_type="api_key",
            object_id=str(key.id),
            before=before,
            after=after,
            organisation_id=key.organisation_id,
        )
