"""Download links for archives: signed with the site's secret for one person and one archive.

The signature makes the link unguessable; the route also wants the person signed in, and the
archive's row decides whether it is still there (7 days).
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import quote
from uuid import UUID


class ExportLinks:
    def __init__(self, secret_key: str) -> None:
        self._key = hashlib.sha256(f"lakou-privacy-export:{secret_key}".encode()).digest()

    def signature(self, export_id: UUID, user_id: UUID) -> str:
        message = f"{export_id}:{user_id}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def valid(self, export_id: UUID, user_id: UUID, signature: str) -> bool:
        # As bytes: compare_digest refuses a str with non-ASCII characters (a TypeError, a 500).
        expected = self.signature(export_id, user_id).encode()
        return hmac.compare_digest(expected, signature.encode("utf-8", "surrogatepass"))

    def path(self, export_id: UUID, user_id: UUID) -> str:
        """The API's link (a bearer token, or the cookie with the CSRF header)."""
        sig = quote(self.signature(export_id, user_id))
        return f"/api/privacy/exports/{export_id}/download?signature={sig}"

    def page_path(self, export_id: UUID, user_id: UUID) -> str:
        """The "my data" page's link (the session cookie alone, like every page)."""
        sig = quote(self.signature(export_id, user_id))
        return f"/compte/donnees/archives/{export_id}?signature={sig}"
