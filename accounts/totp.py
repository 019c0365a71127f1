"""The TOTP second factor (RFC 6238, pyotp): enrolment, checking a code, recovery codes.

A code is taken once: the last accepted 30-second step is stored and only a later step passes,
by a conditional UPDATE, so the same code sent twice (or by two racing requests) works once.
One step either side of now is accepted, for a phone's clock a little off. Recovery codes are
random, stored hashed, and each works once.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import pyotp

from accounts.errors import AccountError
from accounts.rate_limit import RateLimiter
from accounts.tables import RecoveryCode, User
from infra.errors import Conflict, NotAuthenticated, RateLimited
from infra.ids import new_id

ISSUER = "Lakou"
STEP_S = 30
RECOVERY_CODES = 10
# Wrong codes a person may send per window before waiting (6 digits are 10^6 guesses).
ATTEMPTS = 10
WINDOW_S = 300


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str  # otpauth://totp/... for authenticator apps (QR code or typed in)


def _recovery_hash(code: str) -> str:
    cleaned = "".join(c for c in code.lower() if c.isalnum())
    return hashlib.sha256(cleaned.encode()).hexdigest()


def new_recovery_code() -> str:
    raw = secrets.token_hex(5)
    return f"{raw[:5]}-{raw[5:]}"


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _looks_like_totp(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit()


class SecondFactor:
    def __init__(self, limiter: RateLimiter) -> None:
        self._limiter = limiter

    async def begin(self, user_id: UUID, email: str) -> Enrolment:
        """A new secret for the person to add to their app; it counts once confirmed."""
        row = await User.select(User.totp_enabled_at).where(User.id == user_id).first()
        if row is None or row["totp_enabled_at"] is not None:
            raise Conflict(AccountError.TOTP_ALREADY_ENABLED)
        secret = pyotp.random_base32()
        await User.update({User.totp_secret: secret, User.totp_last_step: None}).where(
            (User.id == user_id) & User.totp_enabled_at.is_null()
        )
        return Enrolment(secret=secret, uri=provisioning_uri(secret, email))

    async def pending_secret(self, user_id: UUID) -> str | None:
        row = (
            await User.select(User.totp_secret, User.totp_enabled_at)
            .where(User.id == user_id)
            .first()
        )
        if row is None or row["totp_enabled_at"] is not None:
            return None
        return str(row["totp_secret"]) if row["totp_secret"] else None

    async def confirm(self, user_id: UUID, code: str) -> list[str]:
        """Turn the second factor on with a first good code; the recovery codes, shown once."""
        row = (
            await User.select(User.totp_secret, User.totp_enabled_at)
            .where(User.id == user_id)
            .first()
        )
        if row is None or row["totp_enabled_at"] is not None:
            raise Conflict(AccountError.TOTP_ALREADY_ENABLED)
        if not row["totp_secret"]:
            raise Conflict(AccountError.TOTP_NOT_STARTED)
        await self._count_attempt(user_id)
        if not await self._take_totp(user_id, str(row["totp_secret"]), code.strip()):
            raise NotAuthenticated(AccountError.TOTP_INVALID)
        codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
        async with User._meta.db.transaction():
            await User.update({User.totp_enabled_at: _now()}).where(User.id == user_id)
            await RecoveryCode.delete().where(RecoveryCode.user == user_id)
            await RecoveryCode.insert(
                *(
                    RecoveryCode(id=new_id(), user=user_id, code_hash=_recovery_hash(code))
                    for code in codes
                )
            )
        return codes

    async def is_enabled(self, user_id: UUID) -> bool:
        row = await User.select(User.totp_enabled_at).where(User.id == user_id).first()
        return row is not None and row["totp_enabled_at"] is not None

    async def verify(self, user_id: UUID, code: str) -> None:
        """A code from the app, or an unused recovery code; anything else is a 401."""
        await self._count_attempt(user_id)
        row = (
            await User.select(User.totp_secret, User.totp_enabled_at)
            .where(User.id == user_id)
            .first()
        )
        if row is None or row["totp_enabled_at"] is None or not row["totp_secret"]:
            raise NotAuthenticated(AccountError.TOTP_INVALID)
        code = code.strip()[:40]
        if _looks_like_totp(code):
            if await self._take_totp(user_id, str(row["totp_secret"]), code):
                return
        elif await self._take_recovery_code(user_id, code):
            return
        raise NotAuthenticated(AccountError.TOTP_INVALID)

    async def disable(self, user_id: UUID, code: str) -> None:
        """Turn it off (the caller checked the password): the secret and codes are forgotten."""
        if not await self.is_enabled(user_id):
            raise Conflict(AccountError.TOTP_NOT_ENABLED)
        await self.verify(user_id, code)
        async with User._meta.db.transaction():
            await User.update(
                {User.totp_secret: None, User.totp_enabled_at: None, User.totp_last_step: None}
            ).where(User.id == user_id)
            await RecoveryCode.delete().where(RecoveryCode.user == user_id)

    async def recovery_codes_left(self, user_id: UUID) -> int:
        count: int = await RecoveryCode.count().where(
            (RecoveryCode.user == user_id) & RecoveryCode.used_at.is_null()
        )
        return count

    async def _count_attempt(self, user_id: UUID) -> None:
        wait = await self._limiter.hit(f"totp:user:{user_id}", ATTEMPTS, WINDOW_S)
        if wait is not None:
            raise RateLimited(retry_after_s=wait)

    async def _take_totp(self, user_id: UUID, secret: str, code: str) -> bool:
        if not _looks_like_totp(code):
            return False
        totp = pyotp.TOTP(secret)
        now_step = int(time.time()) // STEP_S
        for step in (now_step - 1, now_step, now_step + 1):
            if secrets.compare_digest(totp.at(step * STEP_S), code):
                taken = (
                    await User.update({User.totp_last_step: step})
                    .where(
                        (User.id == user_id)
                        & (User.totp_last_step.is_null() | (User.totp_last_step < step))
                    )
                    .returning(User.id)
                )
                return bool(taken)
        return False

    async def _take_recovery_code(self, user_id: UUID, code: str) -> bool:
        taken = (
            await RecoveryCode.update({RecoveryCode.used_at: _now()})
            .where(
                (RecoveryCode.user == user_id)
                & (RecoveryCode.code_hash == _recovery_hash(code))
                & RecoveryCode.used_at.is_null()
            )
            .returning(RecoveryCode.id)
        )
        return bool(taken)


def _now() -> datetime:
    return datetime.now(UTC)
