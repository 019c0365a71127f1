"""Short-lived playback tokens, signed with the app's secret and bound to asset, scope, viewer.

A token travels in the media URL path (`/media/<token>/hls/master.m3u8`), so relative URLs in
playlists carry it to every segment without rewriting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from media.errors import MediaError


class Scope(StrEnum):
    PREVIEW = "p"
    FULL = "f"
    # Downloads of a purchase are counted, so they get their own tokens (see the library).
    DOWNLOAD = "d"


@dataclass(frozen=True)
class PlaybackGrant:
    asset_id: UUID
    scope: Scope
    viewer_id: UUID | None
    expires_at: int


class InvalidToken(Exception):
    """Tampered, malformed or expired: `reason` says which, as the error to answer with."""

    def __init__(self, reason: MediaError) -> None:
        super().__init__(reason.message)
        self.reason = reason


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenSigner:
    def __init__(self, secret: str) -> None:
        # A key of its own, so a playback token can never be confused with another signature.
        self._key = hashlib.sha256(b"lakou-playback:" + secret.encode()).digest()

    def sign(self, grant: PlaybackGrant) -> str:
        viewer = grant.viewer_id.hex if grant.viewer_id else "-"
        body = f"{grant.asset_id.hex}.{grant.scope.value}.{viewer}.{grant.expires_at}".encode()
        signature = hmac.new(self._key, body, hashlib.sha256).digest()[:18]
        return f"{_b64(body)}.{_b64(signature)}"

    def issue(self, asset_id: UUID, scope: Scope, viewer_id: UUID | None, ttl_s: int) -> str:
        return self.sign(PlaybackGrant(asset_id, scope, viewer_id, int(time.time()) + ttl_s))

    def verify(self, token: str, now: float | None = None) -> PlaybackGrant:
        try:
            body_part, signature_part = token.split(".")
            body = _unb64(body_part)
            signature = _unb64(signature_part)
        except ValueError:
            raise InvalidToken(MediaError.TOKEN_MALFORMED) from None
        expected = hmac.new(self._key, body, hashlib.sha256).digest()[:18]
        if not hmac.compare_digest(signature, expected):
            raise InvalidToken(MediaError.TOKEN_FORGED)
        try:
            asset_hex, scope, viewer, expires = body.decode().split(".")
            grant = PlaybackGrant(
                asset_id=UUID(hex=asset_hex),
                scope=Scope(scope),
                viewer_id=None if viewer == "-" else UUID(hex=viewer),
                expires_at=int(expires),
            )
        except ValueError:
            raise InvalidToken(MediaError.TOKEN_MALFORMED) from None
        if grant.expires_at < (time.time() if now is None else now):
            raise InvalidToken(MediaError.TOKEN_EXPIRED)
        return grant
