"""Sending to a partner's URL without letting it reach inside: an httpx transport that resolves
the name once, checks every address it got, and connects to that very address.

Checking a URL's name and then letting the HTTP client resolve it again is open to DNS
rebinding: a name that answers a public address to the check and 127.0.0.1 to the connection.
Here the transport resolves once, refuses if any address is loopback, private, link-local
(169.254.169.254, the cloud metadata service, among them), multicast, unspecified, reserved
or otherwise not global (an IPv4-mapped IPv6 address is judged by its IPv4 address), and
connects to the first address it checked; the request keeps its `Host` header and, for https,
the name as TLS server name (SNI and certificate check), so virtual hosts and certificates work
as with any client. Redirects are never followed (the client is made so), so a 302 to
127.0.0.1 is only an answer. `allow_loopback` (tests only, `LAKOU_WEBHOOKS_ALLOW_LOOPBACK`) lets
loopback addresses through for the test receiver, and nothing else.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Protocol

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class ForbiddenTarget(httpx.TransportError):
    """The URL leads to an address Lakou does not send to (or nowhere)."""


class Resolver(Protocol):
    async def resolve(self, host: str, port: int) -> list[str]:
        """The addresses `host` has now (as text), in the order to try them."""
        ...


class SystemResolver:
    async def resolve(self, host: str, port: int) -> list[str]:
        try:
            found = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except socket.gaierror:
            return []
        return [str(info[4][0]) for info in found]


def forbidden(address: IPAddress, *, allow_loopback: bool = False) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if allow_loopback and address.is_loopback:
        return False
    return (
        not address.is_global
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
        or address.is_link_local
        or address.is_loopback
        or address.is_private
    )


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


async def pinned_address(
    resolver: Resolver, host: str, port: int, allow_loopback: bool = False
) -> str:
    """The one address to connect to for `host`; ForbiddenTarget when any is forbidden."""
    literal = _literal(host)
    texts = [str(literal)] if literal else await resolver.resolve(host, port)
    addresses = [address for text in texts if (address := _literal(text)) is not None]
    if not addresses:
        raise ForbiddenTarget(f"{host} has no address")
    for address in addresses:
        if forbidden(address, allow_loopback=allow_loopback):
            raise ForbiddenTarget(f"{host} leads to a forbidden address ({address})")
    return str(addresses[0])


class PinnedTransport(httpx.AsyncBaseTransport):
    """Resolves once, checks, connects to the checked address (see the module's docstring)."""

    def __init__(
        self,
        resolver: Resolver | None = None,
        *,
        allow_loopback: bool = False,
        inner: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._resolver = resolver or SystemResolver()
        self._allow_loopback = allow_loopback
        self._inner = inner or httpx.AsyncHTTPTransport(retries=0)

    async def pinned_address(self, host: str, port: int) -> str:
        return await pinned_address(self._resolver, host, port, self._allow_loopback)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in ("http", "https"):
            raise ForbiddenTarget(f"scheme {url.scheme} is not sent to")
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        address = await self.pinned_address(host, port)
        # The Host header was set from the name when the request was built; it stays.
        request.url = url.copy_with(host=address)
        if url.scheme == "https" and _literal(host) is None:
            request.extensions = {**request.extensions, "sni_hostname": host}
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
