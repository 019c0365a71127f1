"""Signed, expiring URLs for one holder's marked playlists and segments.

A segment URL names the variant it serves; the signature covers the asset, the rung, the
segment, the variant, the holder's copy and the expiry, so only the server can write one: a
holder cannot ask for the other variant of a segment, nor anyone for another holder's
sequence, without the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import urlencode
from uuid import UUID


class BadSignature(Exception):
    """Forged, altered or expired."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "forged")
        self.expired = expired


class MarkedUrlSigner:
    def __init__(self, secret: str) -> None:
        # A key of its own, so these signatures can never stand for another kind.
        self._key = hashlib.sha256(b"lakou-marked-copy:" + secret.encode()).digest()

    def _mac(self, path: str, holder: str, expires: int) -> str:
        body = f"{path}|{holder}|{expires}".encode()
        return hmac.new(self._key, body, hashlib.sha256).hexdigest()[:32]

    def url(self, path: str, holder: str, expires: int) -> str:
        """`path` (under /media/marked/) with the holder, the expiry and the signature."""
        query = urlencode({"h": holder, "e": expires, "s": self._mac(path, holder, expires)})
        return f"/media/marked/{path}?{query}"

    def check(self, path: str, holder: str, expires: int, signature: str) -> None:
        if not hmac.compare_digest(self._mac(path, holder, expires), signature):
            raise BadSignature()
        if expires < time.time():
            raise BadSignature(expired=True)


def asset_path(asset_id: UUID, rest: str) -> str:
    return f"{asset_id.hex}/{rest}"
