"""One-click unsubscribe links: the person and the kind, signed with the app's secret.

No expiry and no table: a link in a mail read a year later must still work (RFC 8058 asks for
a link that works without signing in), and it can only ever turn one kind's mails off.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from uuid import UUID

_DOMAIN = b"lakou-unsubscribe-v1:"


@dataclass(frozen=True)
class Unsubscription:
    user_id: UUID
    kind: str


class UnsubscribeLinks:
    def __init__(self, secret_key: str, public_url: str) -> None:
        self._key = hashlib.sha256(_DOMAIN + secret_key.encode()).digest()
        self._public_url = public_url

    def token(self, user_id: UUID, kind: str) -> str:
        body = f"{user_id.hex}.{kind}"
        return f"{body}.{self._signature(body)}"

    def url(self, user_id: UUID, kind: str) -> str:
        return f"{self._public_url}/desabonnement?token={self.token(user_id, kind)}"

    def read(self, token: str) -> Unsubscription | None:
        """Whom and what the token names, or None when it is not one Lakou signed."""
        if len(token) > 200:
            return None
        body, _, signature = token.rpartition(".")
        user_hex, _, kind = body.partition(".")
        if not kind or not hmac.compare_digest(signature, self._signature(body)):
            return None
        try:
            return Unsubscription(UUID(hex=user_hex), kind)
        except ValueError:
            return None

    def _signature(self, body: str) -> str:
        digest = hmac.new(self._key, body.encode(), hashlib.sha256).digest()[:18]
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")
