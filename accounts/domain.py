"""Identity rules: roles, e-mail and password policy. Pure Python."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from accounts.errors import AccountError
from infra.errors import InvalidInput
from infra.i18n.languages import TAGS, canonical


class Role(StrEnum):
    AUDIENCE = "audience"
    CREATOR = "creator"
    ORGANISER = "organiser"
    PARTNER = "partner"
    STAFF = "staff"


# Staff accounts are made by an operator (`lakou createuser --role staff`), never by sign-up;
# partners and organisers act through a verified organisation (accounts.organisations), so no
# self-service role grants a privilege. PARTNER and ORGANISER stay for the accounts that have
# them until the organisations module moves them.
SELF_SERVICE_ROLES = frozenset({Role.AUDIENCE, Role.CREATOR})

# No whitespace and no control characters (PostgreSQL cannot even store a NUL).
_EMAIL_CHAR = r"[^@\s\x00-\x1f\x7f]"
_EMAIL = re.compile(rf"^{_EMAIL_CHAR}{{1,64}}@{_EMAIL_CHAR}+\.{_EMAIL_CHAR}{{2,}}$")
MIN_PASSWORD_LENGTH = 10
# argon2 is deliberately slow; an unbounded password would let one request burn a core.
MAX_PASSWORD_LENGTH = 256


@dataclass(frozen=True)
class Principal:
    """Who is making a request."""

    user_id: UUID
    email: str
    display_name: str
    role: Role
    email_verified: bool = False
    totp_enabled: bool = False
    # The interface language the person chose (mails are written in it).
    language: str = "fr"
    # The session or API token this request came with (the sessions list marks it).
    token_id: UUID | None = None

    @property
    def is_staff(self) -> bool:
        return self.role is Role.STAFF

    @property
    def role_name(self) -> str:
        return self.role.value


def normalise_email(raw: str) -> str:
    email = raw.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidInput(AccountError.INVALID_EMAIL)
    return email


def check_display_name(display_name: str) -> None:
    if "\x00" in display_name:
        raise InvalidInput(AccountError.INVALID_DISPLAY_NAME)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(AccountError.WEAK_PASSWORD, min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(AccountError.PASSWORD_TOO_LONG, max=MAX_PASSWORD_LENGTH)


def check_language(raw: str) -> str:
    """One of the interface languages, as its canonical tag (`gcf` → `gcf-MQ`)."""
    language = canonical(raw)
    if language is None:
        raise InvalidInput(AccountError.INVALID_LANGUAGE, allowed=", ".join(TAGS))
    return language


def self_service_role(raw: str) -> Role:
    try:
        role = Role(raw)
    except ValueError:
        role = None
    if role is None or role not in SELF_SERVICE_ROLES:
        allowed = ", ".join(sorted(r.value for r in SELF_SERVICE_ROLES))
        raise InvalidInput(AccountError.INVALID_ROLE, role=repr(raw[:40]), allowed=allowed)
    return role
