"""Per-request context shared with logging and the audit log: the request id and the client's
address travel in context variables."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("lakou_request_id", default=None)
# The client's address as `infra.http.client_ip` believes it (set for matched routes only).
client_ip_var: ContextVar[str | None] = ContextVar("lakou_client_ip", default=None)

_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def choose_request_id(incoming: str | None) -> str:
    """Keep a proxy's id when it looks sane (so logs join up), else make one."""
    if incoming and _ACCEPTABLE.match(incoming):
        return incoming
    return secrets.token_hex(8)
