"""Single-use links: a random token mailed to a person, only its sha256 kept.

A link is taken at most once: the row is marked used by one conditional UPDATE, so two clicks
racing each other cannot both succeed. A link refused says why (unknown, used, expired), since
the person holding it can act on that; it never says whose it was.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from accounts.errors import AccountError, LinkGone
from accounts.tables import AccountToken
from infra.db.values import as_utc, as_uuid
from infra.errors import NotFound
from infra.ids import new_id

# Longer than any token we mint; a 10 kB "token" is refused before hashing it.
MAX_TOKEN_CHARS = 100


class Purpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a secret
    EMAIL_CHANGE = "email_change"
    # The pages' login second step: the password was right, the TOTP code is still due.
    LOGIN_TOTP = "login_totp"


LIFETIMES = {
    Purpose.VERIFY_EMAIL: timedelta(hours=48),
    Purpose.PASSWORD_RESET: timedelta(hours=1),
    Purpose.EMAIL_CHANGE: timedelta(hours=24),
    Purpose.LOGIN_TOTP: timedelta(minutes=5),
}


@dataclass(frozen=True)
class UsedLink:
    user_id: UUID
    new_email: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_link(purpose: Purpose, user_id: UUID, *, new_email: str = "") -> str:
    """A new link's token (inside the caller's transaction); only its hash is stored."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    await AccountToken.insert(
        AccountToken(
            id=new_id(),
            user=user_id,
            token_hash=token_hash(token),
            purpose=purpose.value,
            new_email=new_email,
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    return token


def _usable(token: str) -> bool:
    return 0 < len(token) <= MAX_TOKEN_CHARS and token.isascii() and token.isprintable()


async def peek_link(purpose: Purpose, token: str) -> UsedLink:
    """The link's holder if it could be used now (a form shown before it is used)."""
    row = await _row(purpose, token)
    _refuse_spent(row["used_at"], row["expires_at"])
    return UsedLink(user_id=as_uuid(row["user"]), new_email=str(row["new_email"]))


async def use_link(purpose: Purpose, token: str) -> UsedLink:
    """Mark the link used and return what it was for; unknown, another purpose's, used or
    expired: refused, nothing changed. Call it inside the transaction that acts on it."""
    now = datetime.now(UTC)
    taken = (
        await AccountToken.update({AccountToken.used_at: now})
        .where(
            (AccountToken.token_hash == token_hash(token))
            & (AccountToken.purpose == purpose.value)
            & AccountToken.used_at.is_null()
            & (AccountToken.expires_at > now)
        )
        .returning(AccountToken.user, AccountToken.new_email)
        if _usable(token)
        else []
    )
    if taken:
        return UsedLink(user_id=as_uuid(taken[0]["user"]), new_email=taken[0]["new_email"])
    row = await _row(purpose, token)
    _refuse_spent(row["used_at"], row["expires_at"])
    raise LinkGone(AccountError.LINK_USED)  # taken by a concurrent click just now


async def _row(purpose: Purpose, token: str) -> dict[str, object]:
    row = (
        await AccountToken.select(
            AccountToken.user, AccountToken.new_email, AccountToken.used_at, AccountToken.expires_at
        )
        .where(
            (AccountToken.token_hash == token_hash(token)) & (AccountToken.purpose == purpose.value)
        )
        .first()
        if _usable(token)
        else None
    )
    if row is None:
        raise NotFound(AccountError.LINK_INVALID)
    return dict(row)


def _refuse_spent(used_at: object, expires_at: object) -> None:
    if used_at is not None:
        raise LinkGone(AccountError.LINK_USED)
    if isinstance(expires_at, datetime) and as_utc(expires_at) <= datetime.now(UTC):
        raise LinkGone(AccountError.LINK_EXPIRED)


async def forget_links(user_id: UUID, purpose: Purpose) -> None:
    """Older unused links of this purpose stop working (a new one was asked for)."""
    await AccountToken.update({AccountToken.used_at: datetime.now(UTC)}).where(
        (AccountToken.user == user_id)
        & (AccountToken.purpose == purpose.value)
        & AccountToken.used_at.is_null()
    )
