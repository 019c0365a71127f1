"""What a request says about its client, believed only from configured proxies.

A header such as X-Forwarded-For or a CDN's country header is only as trustworthy as whoever
set it: any client can send one. The immediate peer's address is the one fact the client does
not choose, so forwarded facts count only when that peer is a configured proxy.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import ip_address, ip_network
from typing import Any

from litestar import Request
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from infra.http.request_context import client_ip_var


def client_ip(request: Request[Any, Any, Any], trusted_proxies: tuple[str, ...]) -> str:
    peer = request.client.host if request.client else "unknown"
    if not trusted_proxies or not _is_trusted(peer, trusted_proxies):
        return peer
    forwarded = request.headers.get("x-forwarded-for", "")
    # Walk from the nearest hop outwards; the first untrusted address is the client.
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not _is_trusted(hop, trusted_proxies):
            return hop
    return peer


def header_from_trusted_proxy(
    request: Request[Any, Any, Any], name: str | None, trusted_proxies: tuple[str, ...]
) -> str | None:
    """The header's value when the immediate peer is a trusted proxy; None otherwise."""
    if name is None:
        return None
    peer = request.client.host if request.client else ""
    if not _is_trusted(peer, trusted_proxies):
        return None
    return request.headers.get(name)


def _is_trusted(address: str, trusted: tuple[str, ...]) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in ip_network(net, strict=False) for net in trusted)


def client_ip_middleware(trusted_proxies: tuple[str, ...]) -> Callable[[ASGIApp], ASGIApp]:
    """Litestar middleware keeping the client's address in `client_ip_var` for the request
    (the audit log records where a staff action came from)."""

    def factory(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            token = client_ip_var.set(client_ip(Request(scope), trusted_proxies)[:64])
            try:
                await app(scope, receive, send)
            finally:
                client_ip_var.reset(token)

        return middleware

    return factory
