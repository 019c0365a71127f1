"""Download links for built exports: signed with the site's secret, for one export of one
organisation, until a time. The link is the credential for its short life (an hour), so a
partner's tool or a browser fetches it without the key; a new one comes with each status."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from uuid import UUID


class ExportLinks:
    def __init__(self, secret_key: str) -> None:
        self._key = hashlib.sha256(f"lakou-partner-export:{secret_key}".encode()).digest()

    def _signature(self, export_id: UUID, organisation_id: UUID, expires: int) -> str:
        message = f"{export_id}:{organisation_id}:{expires}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def path(self, export_id: UUID, organisation_id: UUID, expires: datetime) -> str:
        stamp = int(expires.timestamp())
        signature = self._signature(export_id, organisation_id, stamp)
        return f"/api/partner/v1/exports/{export_id}/download?expires={stamp}&signature={signature}"

    def valid(
        self, export_id: UUID, organisation_id: UUID, expires: int, signature: str, now: datetime
    ) -> bool:
        if expires < now.timestamp():
            return False
        # As bytes: compare_digest refuses a str with non-ASCII characters.
        expected = self._signature(export_id, organisation_id, expires).encode()
        return hmac.compare_digest(expected, signature.encode("utf-8", "surrogatepass"))
