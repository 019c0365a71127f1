"""Sign-up, login, tokens: the identity use cases."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from accounts.domain import (
    Principal,
    Role,
    check_display_name,
    check_password,
    normalise_email,
    self_service_role,
)
from accounts.errors import AccountError
from accounts.passwords import hash_password, verify_password
from accounts.rate_limit import RateLimiter
from accounts.tables import AccessToken, User
from infra.db.values import as_utc
from infra.errors import Conflict, NotAuthenticated, RateLimited
from infra.ids import new_id

API_TOKEN_TTL = timedelta(days=30)
SESSION_TTL = timedelta(days=14)
TOKEN_PREFIX = "lk_"  # noqa: S105 - a marker, not a secret


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class IdentityService:
    def __init__(self, limiter: RateLimiter, attempts: int, window_s: int) -> None:
        self._limiter = limiter
        self._attempts = attempts
        self._window_s = window_s

    async def sign_up(self, email: str, password: str, display_name: str, role: str) -> None:
        """Create the account when the e-mail is free; answer the same way when it is not.

        The caller cannot tell the two cases apart (no account enumeration); hashing runs in
        both so the timing does not tell either.
        """
        chosen_role = self_service_role(role)
        normalised = normalise_email(email)
        check_display_name(display_name)
        check_password(password)
        password_hash = await asyncio.to_thread(hash_password, password)
        await self._insert_user(
            normalised, password_hash, display_name, chosen_role, refuse_taken=False
        )

    async def create_user(self, email: str, password: str, display_name: str, role: Role) -> UUID:
        """Operator path (CLI): any role, and a clear error when the e-mail is taken."""
        normalised = normalise_email(email)
        check_display_name(display_name)
        check_password(password)
        user_id = await self._insert_user(
            normalised,
            await asyncio.to_thread(hash_password, password),
            display_name,
            role,
            refuse_taken=True,
        )
        assert user_id is not None
        return user_id

    async def display_name(self, user_id: UUID) -> str | None:
        """The name a person chose to show (statements name a seller with it)."""
        row = await User.select(User.display_name).where(User.id == user_id).first()
        return str(row["display_name"]) if row else None

    async def _insert_user(
        self, email: str, password_hash: str, display_name: str, role: Role, *, refuse_taken: bool
    ) -> UUID | None:
        user_id = new_id()
        inserted = (
            await User.insert(
                User(
                    id=user_id,
                    email=email,
                    password_hash=password_hash,
                    display_name=display_name.strip()[:120] or email.split("@")[0],
                    role=role.value,
                    created_at=datetime.now(UTC),
                )
            )
            .on_conflict(action="DO NOTHING")
            .returning(User.id)
        )
        if not inserted:
            if refuse_taken:
                raise Conflict(AccountError.EMAIL_TAKEN, email=email)
            return None
        return user_id

    async def log_in(
        self, email: str, password: str, client_ip: str, kind: str = "api"
    ) -> IssuedToken:
        key_email = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        for key in (f"login:ip:{client_ip}", f"login:email:{key_email}"):
            wait = await self._limiter.hit(key, self._attempts, self._window_s)
            if wait is not None:
                raise RateLimited(retry_after_s=wait)
        wanted = email.strip().lower()
        # No stored address holds a NUL, and PostgreSQL refuses to even compare one.
        row = (
            None
            if "\x00" in wanted
            else await User.select(User.id, User.password_hash, User.is_active)
            .where(User.email == wanted)
            .first()
        )
        password_ok = await asyncio.to_thread(
            verify_password, row["password_hash"] if row else None, password
        )
        if row is None or not password_ok or not row["is_active"]:
            raise NotAuthenticated(AccountError.INVALID_CREDENTIALS)
        return await self.issue_token(row["id"], kind)

    async def issue_token(self, user_id: UUID, kind: str) -> IssuedToken:
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        expires_at = now + (SESSION_TTL if kind == "session" else API_TOKEN_TTL)
        await AccessToken.insert(
            AccessToken(
                id=new_id(),
                user=user_id,
                token_hash=_token_hash(token),
                kind=kind,
                created_at=now,
                expires_at=expires_at,
            )
        )
        return IssuedToken(token=token, expires_at=expires_at)

    async def authenticate(self, token: str, kind: str) -> Principal | None:
        if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
            return None
        row = (
            await AccessToken.select(
                AccessToken.expires_at,
                AccessToken.user.id.as_alias("user_id"),
                AccessToken.user.email.as_alias("email"),
                AccessToken.user.display_name.as_alias("display_name"),
                AccessToken.user.role.as_alias("role"),
                AccessToken.user.is_active.as_alias("is_active"),
            )
            .where((AccessToken.token_hash == _token_hash(token)) & (AccessToken.kind == kind))
            .first()
        )
        if row is None or not row["is_active"] or as_utc(row["expires_at"]) <= datetime.now(UTC):
            return None
        return Principal(
            user_id=row["user_id"],
            email=row["email"],
            display_name=row["display_name"],
            role=Role(row["role"]),
        )

    async def revoke(self, token: str) -> None:
        await AccessToken.delete().where(AccessToken.token_hash == _token_hash(token))
