"""Listeners' pseudonyms: so that listeners can be counted without knowing who they are.

A signed-in listener's pseudonym derives from their account; an anonymous one's from a random
first-party cookie (`lakou_listener`, set by the play's opening, a year long, nothing else in
it; the privacy page says so). A player that sends no cookie (an embed in another site's page)
makes each play its own listener. The pseudonym is a keyed hash: without the app's secret
nobody can tell whose plays these are, and the cookie's value is never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from uuid import UUID

COOKIE = "lakou_listener"
COOKIE_MAX_AGE_S = 365 * 24 * 3600
_COOKIE_VALUE = re.compile(r"^[A-Za-z0-9_-]{22}$")


def new_cookie_value() -> str:
    return secrets.token_urlsafe(16)  # 128 random bits, 22 characters


def valid_cookie(value: str | None) -> str | None:
    return value if value and _COOKIE_VALUE.match(value) else None


class Pseudonyms:
    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"lakou-listener:" + secret.encode()).digest()

    def of(self, viewer_id: UUID | None, cookie: str | None, play_id: UUID) -> str:
        if viewer_id is not None:
            subject = f"u:{viewer_id.hex}"
        elif cookie is not None:
            subject = f"c:{cookie}"
        else:
            subject = f"p:{play_id.hex}"
        return hmac.new(self._key, subject.encode(), hashlib.sha256).hexdigest()[:32]
