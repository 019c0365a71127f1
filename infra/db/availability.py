"""Telling "the database is unreachable" from a bug, so a request can answer 503, not 500.

A PostgreSQL restart cuts every pooled connection (the server's "terminating connection due to
administrator command", or a connection found closed), and until it is back each new
connection is refused. None of that is the request's fault or a bug: the client may retry.
"""

from __future__ import annotations

import errno

import asyncpg

# Connection errors asyncpg raises for a server gone, going or not yet accepting.
_DRIVER_UNAVAILABLE: tuple[type[BaseException], ...] = (
    asyncpg.exceptions.PostgresConnectionError,  # connection lost, does not exist…
    asyncpg.exceptions.OperatorInterventionError,  # admin shutdown, crash shutdown, starting up
    asyncpg.exceptions.ConnectionDoesNotExistError,
)
_SOCKET_ERRNOS = {errno.ECONNREFUSED, errno.ECONNRESET, errno.EHOSTUNREACH, errno.ETIMEDOUT}


def database_unavailable(exc: BaseException) -> bool:
    """True when `exc`, or what it was raised from, is a lost or refused database connection."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _DRIVER_UNAVAILABLE):
            return True
        if isinstance(current, asyncpg.exceptions.InterfaceError) and "closed" in str(current):
            return True  # "connection is closed": the server went away under it
        if isinstance(current, OSError) and current.errno in _SOCKET_ERRNOS:
            return True  # connecting to a server that is not listening (yet)
        current = current.__cause__ or current.__context__
    return False
