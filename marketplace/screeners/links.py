"""Viewing links: a viewing's id and expiry, signed with the site's secret under their own label.

A link opens one viewing only, and the viewing belongs to one invitation; the routes also check
that the person signed in is that invitation's viewer, so a link copied to someone else is
refused even while it is valid.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime
from uuid import UUID

from infra.errors import Forbidden
from marketplace.screeners.errors import ScreenerError

_LABEL = b"lakou.screeners.viewing.v1:"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class ViewingLinks:
    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(_LABEL + secret.encode()).digest()

    def token(self, viewing_id: UUID, expires_at: datetime) -> str:
        body = f"{viewing_id.hex}.{int(expires_at.timestamp())}"
        return f"{body}.{self._sign(body)}"

    def verify(self, token: str, now: datetime) -> UUID:
        """The viewing's id; a 403 `invalid_link` for a forged, malformed or expired token."""
        parts = token.split(".")
        if len(parts) != 3 or not hmac.compare_digest(
            self._sign(f"{parts[0]}.{parts[1]}"), parts[2]
        ):
            raise Forbidden(ScreenerError.INVALID_LINK)
        try:
            viewing_id, expires = UUID(hex=parts[0]), int(parts[1])
        except ValueError:
            raise Forbidden(ScreenerError.INVALID_LINK) from None
        if datetime.fromtimestamp(expires, UTC) < now:
            raise Forbidden(ScreenerError.INVALID_LINK)
        return viewing_id

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest()[:18])


def browser_digest(key: str) -> str:
    """The browser's own random key, kept only as a digest (it is a bearer of the view)."""
    return hashlib.sha256(key.encode()).hexdigest()[:64]
