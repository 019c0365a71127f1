"""What an account does by mail: sign-up with an address check, password reset, address change.

Each flow mails a single-use link (`accounts.links`) through the notifications port, in the
transaction that created the link: the link and its mail are stored together, or neither.
Asking for a mail answers the same whether or not the address has an account, and does the
same work as far as is reasonable (hashing, a rate-limit count), so nobody learns who is here.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import quote
from uuid import UUID

from accounts import notices
from accounts.domain import check_password, normalise_email
from accounts.errors import AccountError
from accounts.links import Purpose, forget_links, issue_link, peek_link, token_hash, use_link
from accounts.passwords import hash_password
from accounts.service import IdentityService
from accounts.settings import AccountSettings
from accounts.tables import AccessToken, User
from infra.db.engine import write_transaction
from infra.errors import Conflict, InvalidInput
from infra.notifications import NotificationKind, Notifier

log = logging.getLogger(__name__)

VERIFY_PATH = "/compte/verifier"
RESET_PATH = "/compte/reinitialiser"
EMAIL_CHANGE_PATH = "/compte/adresse/confirmer"


def _address_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


class AccountFlows:
    def __init__(
        self,
        identity: IdentityService,
        settings: AccountSettings,
        notifier: Callable[[], Notifier | None],
        public_url: str,
    ) -> None:
        self._identity = identity
        self._settings = settings
        # Mailed links start with the site's configured address (LAKOU_PUBLIC_URL), never
        # with a request's Host header, which a client chooses (a reset link to another site).
        self._public_url = public_url.rstrip("/")
        self._notifier = notifier

    # Sign-up and the address check -------------------------------------------------------

    async def sign_up(
        self,
        email: str,
        password: str,
        display_name: str,
        role: str,
        *,
        client_ip: str,
        language: str,
    ) -> UUID | None:
        """Create the account and mail its address-check link (same answer when taken)."""
        await self._limit_mails(f"signup:ip:{client_ip}")
        return await self._identity.sign_up(
            email,
            password,
            display_name,
            role,
            language=language,
            then=self._mail_verification,
        )

    async def resend_verification(self, user_id: UUID) -> None:
        """A new address-check link; the older ones stop working."""
        await self._limit_mails(f"verify:user:{user_id}")
        row = await User.select(User.email_verified_at).where(User.id == user_id).first()
        if row is None or row["email_verified_at"] is not None:
            raise Conflict(AccountError.ALREADY_VERIFIED)
        async with write_transaction(User._meta.db):
            await forget_links(user_id, Purpose.VERIFY_EMAIL)
            await self._mail_verification(user_id)

    async def verify_email(self, token: str) -> None:
        async with write_transaction(User._meta.db):
            used = await use_link(Purpose.VERIFY_EMAIL, token)
            await User.update({User.email_verified_at: datetime.now(UTC)}).where(
                (User.id == used.user_id) & User.email_verified_at.is_null()
            )

    async def _mail_verification(self, user_id: UUID) -> None:
        token = await issue_link(Purpose.VERIFY_EMAIL, user_id)
        await self._notify(notices.VERIFY_EMAIL, user_id, token, VERIFY_PATH)

    # Password reset ------------------------------------------------------------------------

    async def request_password_reset(self, email: str, *, client_ip: str) -> None:
        """Mail a reset link when the address has an account; answer alike when it has not."""
        await self._limit_mails(f"reset:ip:{client_ip}", f"reset:email:{_address_key(email)}")
        try:
            wanted = normalise_email(email)
        except InvalidInput:
            return
        async with write_transaction(User._meta.db):
            row = (
                await User.select(User.id)
                .where((User.email == wanted) & (User.is_active == True))  # noqa: E712
                .first()
            )
            if row is None:
                return
            user_id = UUID(str(row["id"]))
            await forget_links(user_id, Purpose.PASSWORD_RESET)
            token = await issue_link(Purpose.PASSWORD_RESET, user_id)
            await self._notify(notices.PASSWORD_RESET, user_id, token, RESET_PATH)

    async def check_reset_link(self, token: str) -> None:
        """Refuse a reset page for a link that cannot be used (before the form is filled)."""
        await peek_link(Purpose.PASSWORD_RESET, token)

    async def reset_password(self, token: str, new_password: str) -> None:
        """Set the new password, end every session and token, tell the person."""
        check_password(new_password)
        password_hash = await asyncio.to_thread(hash_password, new_password)
        async with write_transaction(User._meta.db):
            used = await use_link(Purpose.PASSWORD_RESET, token)
            await User.update({User.password_hash: password_hash}).where(User.id == used.user_id)
            await AccessToken.delete().where(AccessToken.user == used.user_id)
            notifier = self._notifier()
            if notifier is not None:
                await notifier.notify(
                    notices.PASSWORD_CHANGED,
                    used.user_id,
                    key=token_hash(token)[:32],
                    params={"name": await self._name(used.user_id)},
                    link="/compte/securite",
                )

    # Address change ------------------------------------------------------------------------

    async def request_email_change(self, user_id: UUID, password: str, new_email: str) -> None:
        """Mail a link to the new address and tell the old one. The answer is the same when the
        new address is someone else's: its holder gets the link, which then changes nothing
        (409 at confirmation, to them only)."""
        wanted = normalise_email(new_email)
        await self._identity.check_current_password(user_id, password)
        await self._limit_mails(f"email-change:user:{user_id}")
        row = await User.select(User.email, User.language).where(User.id == user_id).first()
        if row is None:
            return
        if row["email"] == wanted:
            raise InvalidInput(AccountError.SAME_EMAIL)
        async with write_transaction(User._meta.db):
            await forget_links(user_id, Purpose.EMAIL_CHANGE)
            token = await issue_link(Purpose.EMAIL_CHANGE, user_id, new_email=wanted)
            notifier = self._notifier()
            if notifier is None:
                return
            name = await self._name(user_id)
            key = token_hash(token)[:32]
            await notifier.notify(
                notices.EMAIL_CHANGE_NOTICE, user_id, key=key, params={"name": name}
            )
            await notifier.mail_address(
                notices.EMAIL_CHANGE,
                wanted,
                key=key,
                language=str(row["language"]),
                params={"name": name, "url": self._url(EMAIL_CHANGE_PATH, token)},
            )

    async def confirm_email_change(self, token: str) -> str:
        """Move the account to the new address; 409 when it was taken meanwhile."""
        async with write_transaction(User._meta.db):
            used = await use_link(Purpose.EMAIL_CHANGE, token)
            if await User.exists().where(User.email == used.new_email):
                raise Conflict(AccountError.EMAIL_TAKEN, email=used.new_email)
            await User.update(
                {User.email: used.new_email, User.email_verified_at: datetime.now(UTC)}
            ).where(User.id == used.user_id)
        return used.new_email

    # Helpers -------------------------------------------------------------------------------

    async def _limit_mails(self, *keys: str) -> None:
        await self._identity.limit(
            *keys,
            attempts=self._settings.mail_requests_per_window,
            window_s=self._settings.mail_window_s,
        )

    def _url(self, path: str, token: str) -> str:
        return f"{self._public_url}{path}?token={quote(token)}"

    async def _name(self, user_id: UUID) -> str:
        return await self._identity.display_name(user_id) or ""

    async def _notify(self, kind: NotificationKind, user_id: UUID, token: str, path: str) -> None:
        notifier = self._notifier()
        if notifier is None:
            log.warning("no notifier registered: %s not mailed", kind.name)
            return
        await notifier.notify(
            kind,
            user_id,
            key=token_hash(token)[:32],
            params={"name": await self._name(user_id), "url": self._url(path, token)},
        )
