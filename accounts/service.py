"""Sign-up, login, tokens: the identity use cases."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from accounts.domain import (
    Principal,
    Role,
    check_display_name,
    check_language,
    check_password,
    normalise_email,
    self_service_role,
)
from accounts.errors import AccountError
from accounts.passwords import hash_password, verify_password
from accounts.privacy.consent import record_sign_up_consent
from accounts.rate_limit import RateLimiter
from accounts.tables import AccessToken, User
from accounts.totp import SecondFactor
from infra.db.engine import write_transaction
from infra.db.values import as_utc, as_uuid
from infra.errors import Conflict, Forbidden, NotAuthenticated, NotFound, RateLimited
from infra.i18n.languages import SOURCE
from infra.ids import new_id

API_TOKEN_TTL = timedelta(days=30)
SESSION_TTL = timedelta(days=14)
TOKEN_PREFIX = "lk_"  # noqa: S105 - a marker, not a secret
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class SessionInfo:
    id: UUID
    kind: str  # "session" (a browser) | "api" (a bearer token)
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class IdentityService:
    def __init__(self, limiter: RateLimiter, attempts: int, window_s: int) -> None:
        self._limiter = limiter
        self._attempts = attempts
        self._window_s = window_s
        self.second_factor = SecondFactor(limiter)

    async def sign_up(
        self,
        email: str,
        password: str,
        display_name: str,
        role: str,
        *,
        language: str = SOURCE,
        then: Callable[[UUID], Awaitable[None]] | None = None,
    ) -> UUID | None:
        """Create the account when the e-mail is free; answer the same way when it is not.

        The caller cannot tell the two cases apart (no account enumeration); hashing runs in
        both so the timing does not tell either. `then` runs in the transaction that created
        the account (the address-check mail): both are stored, or neither. Returns the new
        account's id, None when the address was taken (never shown to the client).
        """
        chosen_role = self_service_role(role)
        normalised = normalise_email(email)
        check_display_name(display_name)
        check_password(password)
        chosen_language = check_language(language)
        password_hash = await asyncio.to_thread(hash_password, password)
        async with write_transaction(User._meta.db):
            user_id = await self._insert_user(
                normalised,
                password_hash,
                display_name,
                chosen_role,
                refuse_taken=False,
                language=chosen_language,
            )
            if user_id is not None:
                # Signing up accepts the terms and the privacy notice: recorded with the account.
                await record_sign_up_consent(user_id)
            if user_id is not None and then is not None:
                await then(user_id)
        return user_id

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
        self,
        email: str,
        password_hash: str,
        display_name: str,
        role: Role,
        *,
        refuse_taken: bool,
        language: str = SOURCE,
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
                    language=language,
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

    async def check_credentials(self, email: str, password: str, client_ip: str) -> UUID:
        """The account whose password this is (first factor only), rate-limited per client
        address and per e-mail; a wrong e-mail or password answer alike."""
        key_email = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        await self.limit(f"login:ip:{client_ip}", f"login:email:{key_email}")
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
        return as_uuid(row["id"])

    async def log_in(
        self,
        email: str,
        password: str,
        client_ip: str,
        kind: str = "api",
        totp: str | None = None,
    ) -> IssuedToken:
        """A token for the right password, and the TOTP code when the account has one."""
        user_id = await self.check_credentials(email, password, client_ip)
        if await self.second_factor.is_enabled(user_id):
            if not totp:
                raise NotAuthenticated(AccountError.TOTP_REQUIRED)
            await self.second_factor.verify(user_id, totp)
        return await self.issue_token(user_id, kind)

    async def limit(
        self, *keys: str, attempts: int | None = None, window_s: int | None = None
    ) -> None:
        """Count one attempt under each key; a 429 when one is over its limit."""
        for key in keys:
            wait = await self._limiter.hit(
                key, attempts or self._attempts, window_s or self._window_s
            )
            if wait is not None:
                raise RateLimited(retry_after_s=wait)

    async def check_current_password(self, user_id: UUID, password: str) -> None:
        """The signed-in person proves it is them (a stolen session does not know it)."""
        await self.limit(f"password:user:{user_id}")
        row = await User.select(User.password_hash).where(User.id == user_id).first()
        ok = await asyncio.to_thread(
            verify_password, row["password_hash"] if row else None, password[:1024]
        )
        if not ok:
            raise Forbidden(AccountError.WRONG_PASSWORD)

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
                last_used_at=now,
            )
        )
        return IssuedToken(token=token, expires_at=expires_at)

    async def authenticate(self, token: str, kind: str) -> Principal | None:
        if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
            return None
        row = (
            await AccessToken.select(
                AccessToken.id,
                AccessToken.expires_at,
                AccessToken.last_used_at,
                AccessToken.user.id.as_alias("user_id"),
                AccessToken.user.email.as_alias("email"),
                AccessToken.user.display_name.as_alias("display_name"),
                AccessToken.user.role.as_alias("role"),
                AccessToken.user.is_active.as_alias("is_active"),
                AccessToken.user.language.as_alias("language"),
                AccessToken.user.email_verified_at.as_alias("email_verified_at"),
                AccessToken.user.totp_enabled_at.as_alias("totp_enabled_at"),
            )
            .where((AccessToken.token_hash == _token_hash(token)) & (AccessToken.kind == kind))
            .first()
        )
        now = datetime.now(UTC)
        if row is None or not row["is_active"] or as_utc(row["expires_at"]) <= now:
            return None
        last_used = row["last_used_at"]
        if last_used is None or as_utc(last_used) <= now - LAST_USED_EVERY:
            # At most one write a minute per token: enough for "last used", cheap to keep.
            await AccessToken.update({AccessToken.last_used_at: now}).where(
                AccessToken.id == row["id"]
            )
        return Principal(
            user_id=as_uuid(row["user_id"]),
            email=row["email"],
            display_name=row["display_name"],
            role=Role(row["role"]),
            email_verified=row["email_verified_at"] is not None,
            totp_enabled=row["totp_enabled_at"] is not None,
            language=row["language"],
            token_id=as_uuid(row["id"]),
        )

    async def revoke(self, token: str) -> None:
        await AccessToken.delete().where(AccessToken.token_hash == _token_hash(token))

    # Sessions and API tokens -----------------------------------------------------------------

    async def sessions(self, user_id: UUID) -> list[SessionInfo]:
        """The person's live sessions and API tokens, newest first."""
        rows = (
            await AccessToken.select(
                AccessToken.id,
                AccessToken.kind,
                AccessToken.created_at,
                AccessToken.last_used_at,
                AccessToken.expires_at,
            )
            .where((AccessToken.user == user_id) & (AccessToken.expires_at > datetime.now(UTC)))
            .order_by(AccessToken.created_at, ascending=False)
        )
        return [
            SessionInfo(
                id=as_uuid(row["id"]),
                kind=row["kind"],
                created_at=as_utc(row["created_at"]),
                last_used_at=as_utc(row["last_used_at"]) if row["last_used_at"] else None,
                expires_at=as_utc(row["expires_at"]),
            )
            for row in rows
        ]

    async def revoke_session(self, user_id: UUID, session_id: UUID) -> None:
        """End one of the person's own sessions or tokens; anyone else's is not found."""
        gone = (
            await AccessToken.delete()
            .where((AccessToken.id == session_id) & (AccessToken.user == user_id))
            .returning(AccessToken.id)
        )
        if not gone:
            raise NotFound(AccountError.SESSION_NOT_FOUND)

    async def revoke_others(self, user_id: UUID, keep: UUID | None) -> None:
        """End every session and token of the person but `keep` (the one asking)."""
        query = AccessToken.delete().where(AccessToken.user == user_id)
        if keep is not None:
            query = query.where(AccessToken.id != keep)
        await query

    async def set_language(self, user_id: UUID, language: str) -> str:
        chosen = check_language(language)
        await User.update({User.language: chosen}).where(User.id == user_id)
        return chosen
