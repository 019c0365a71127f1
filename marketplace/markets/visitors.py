"""Who visited a stand, as a key: a person's id, or a keyed hash of an anonymous address.

The address itself is never stored: the hash, keyed with the site's secret, tells two visits
apart and counts one visitor once a day, and cannot be turned back into the address.
"""

from __future__ import annotations

import hashlib
import hmac

from accounts.domain import Principal
from infra.http.request_context import client_ip_var


class VisitorKeys:
    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), b"lakou.markets.visitor", hashlib.sha256).digest()

    def key(self, viewer: Principal | None) -> str:
        if viewer is not None:
            return viewer.user_id.hex
        address = client_ip_var.get() or "unknown"
        return "a" + hmac.new(self._key, address.encode(), hashlib.sha256).hexdigest()[:40]
